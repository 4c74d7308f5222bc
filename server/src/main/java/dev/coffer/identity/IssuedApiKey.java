package dev.coffer.identity;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A key together with its new secret, answered once on creation and rotation. Not a record: a
 * record would print the secret in {@code toString()}.
 */
@Schema(name = "IssuedApiKey", description = "An API key with its secret. The secret is shown only in this response.")
final class IssuedApiKey {

	private final ApiKeyView apiKey;

	private final String keySecret;

	private final String bearerToken;

	IssuedApiKey(ApiKeyView apiKey, String keySecret) {
		this.apiKey = apiKey;
		this.keySecret = keySecret;
		this.bearerToken = ApiKeyCodec.bearer(apiKey.name(), keySecret);
	}

	@Schema(description = "The key.")
	public ApiKeyView getApiKey() {
		return this.apiKey;
	}

	@Schema(description = "HTTP Basic username: the key name.")
	public String getKeyName() {
		return this.apiKey.name();
	}

	@Schema(description = "HTTP Basic password. Shown once; store it in a secret manager.")
	public String getKeySecret() {
		return this.keySecret;
	}

	@Schema(description = "Name and secret in one string for `Authorization: Bearer`. Starts with `coffer_` and ends in a checksum, so secret scanners can spot a leak.")
	public String getBearerToken() {
		return this.bearerToken;
	}

	@Override
	public String toString() {
		return "IssuedApiKey[name=" + this.apiKey.name() + ", secret=redacted]";
	}
}
