package dev.coffer.policy.alerts;

import java.util.Map;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/** The caller is blocked by an alert of a {@code block} rule; the problem names it in {@code alert_id}. */
public final class AccessBlockedException extends ApiException {

	private final String alertId;

	public AccessBlockedException(String alertId) {
		super(ErrorCode.ACCESS_BLOCKED, "Access to protected values is blocked for this principal by alert '" + alertId
				+ "' until an administrator resolves it");
		this.alertId = alertId;
	}

	public String alertId() {
		return this.alertId;
	}

	@Override
	public Map<String, Object> extensions() {
		return Map.of("alert_id", this.alertId);
	}
}
