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
	TOKENS_READ("tokens:read"),
	TOKENS_DELETE("tokens:delete"),
	KEYRINGS_READ("keyrings:read"),
	KEYRINGS_WRITE("keyrings:write"),
	POLICIES_READ("policies:read"),
	POLICIES_WRITE("policies:write"),
	ACCESS_EVALUATE("access:evaluate"),
	MASKING_PREVIEW("masking:preview"),
	CLASSIFICATION_INSPECT("classification:inspect"),
	DATASOURCES_READ("datasources:read"),
	DATASOURCES_WRITE("datasources:write"),
	CLASSIFICATION_RUN("classification:run"),
	TAGS_READ("tags:read"),
	TAGS_WRITE("tags:write"),
	TOKEN_FORMATS_READ("token_formats:read"),
	TOKEN_FORMATS_WRITE("token_formats:write"),
	ALERTS_READ("alerts:read"),
	ALERTS_WRITE("alerts:write"),
	ALERT_RULES_WRITE("alert_rules:write"),
	POLICIES_PUSH_DOWN("policies:push_down"),
	DATASOURCES_QUERY("datasources:query");

	private final String value;

	Permission(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}
}
