package dev.coffer.policy.alerts;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.coffer.api.events.WebhookEvent;

/**
 * Webhook {@code alert.fired}: an alert rule tripped for a principal and a new alert opened. Sent
 * once per alert (later trips count on the open alert). Counts, ids and times; no value, no token.
 */
record AlertFired(AlertView alert) implements WebhookEvent {

	static final String TYPE = "alert.fired";

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Map<String, Object> data() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("alert_id", this.alert.id());
		data.put("rule_id", this.alert.ruleId());
		data.put("rule_name", this.alert.ruleName());
		data.put("kind", this.alert.kind());
		data.put("action", this.alert.action());
		data.put("blocking", this.alert.blocking());
		data.put("principal", this.alert.principal());
		data.put("principal_name", this.alert.principalName());
		data.put("reason", this.alert.reason());
		if (this.alert.observedValues() != null) {
			data.put("observed_values", this.alert.observedValues());
			data.put("max_values", this.alert.maxValues());
			data.put("window_seconds", this.alert.windowSeconds());
		}
		data.put("opened_at", this.alert.openedAt().toString());
		return data;
	}
}
