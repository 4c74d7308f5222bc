package dev.coffer.catalog;

import java.util.Map;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * {@code connection_failed} with a {@code reason} code. The message is one of a fixed set of safe
 * texts: a driver's own message can hold the URL, the user name or even the password.
 */
final class ConnectionFailedException extends ApiException {

	private final String reason;

	ConnectionFailedException(String reason) {
		super(ErrorCode.CONNECTION_FAILED, "Could not use the data source: " + ConnectionErrors.describe(reason));
		this.reason = reason;
	}

	String reason() {
		return this.reason;
	}

	@Override
	public Map<String, Object> extensions() {
		return Map.of("reason", this.reason);
	}
}
