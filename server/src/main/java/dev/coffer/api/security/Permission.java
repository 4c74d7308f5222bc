package dev.coffer.api.security;

/**
 * What an operation needs. A 403 names the missing permission by its {@link #value()}. Features
 * add their permissions here and grant them to roles in {@link Role}.
 */
public enum Permission {

	PRINCIPALS_READ("principals:read"),
	PRINCIPALS_WRITE("principals:write"),
	API_KEYS_READ("api_keys:read"),
	API_KEYS_WRITE("api_keys:write"),
	SETTINGS_READ("settings:read"),
	SETTINGS_WRITE("settings:write"),
	METRICS_READ("metrics:read"),
	JOBS_READ("jobs:read"),
	JOBS_WRITE("jobs:write"),
	WEBHOOKS_READ("webhooks:read"),
	WEBHOOKS_WRITE("webhooks:write"),
	AUDIT_READ("audit:read"),
	AUDIT_PURGE("audit:purge"),
	TOKENIZE("tokens:tokenize"),
	DETOKENIZE("tokens:detokenize"),
	KEYRINGS_READ("keyrings:read"),
	KEYRINGS_WRITE("keyrings:write"),
	ALERTS_READ("alerts:read"),
	ALERTS_WRITE("alerts:write"),
	ALERT_RULES_WRITE("alert_rules:write");

	private final String value;

	Permission(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}
}
