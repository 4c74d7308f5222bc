package dev.coffer.identity;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.coffer.api.events.WebhookEvent;

/** {@code api_key.created} and {@code api_key.revoked}, for webhook subscribers. Never the secret. */
record ApiKeyEvent(String type, Map<String, Object> data) implements WebhookEvent {

	static ApiKeyEvent of(String type, ApiKeyView key) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", key.id());
		data.put("name", key.name());
		data.put("principal_id", key.principalId());
		data.put("roles", key.roles());
		data.put("status", key.status());
		data.put("expires_at", key.expiresAt() == null ? null : key.expiresAt().toString());
		return new ApiKeyEvent(type, data);
	}
}
