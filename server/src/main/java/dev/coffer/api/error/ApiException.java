package dev.coffer.api.error;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * The one exception a feature throws for a failure the API answers with a problem. The message
 * is shown to the caller: it must never hold a secret or a sensitive value. Subclasses carry the
 * extra members of their problem.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	public ApiException(ErrorCode code, String message) {
		super(message, null, false, false);
		Assert.notNull(code, "code cannot be null");
		this.code = code;
	}

	public ErrorCode code() {
		return this.code;
	}

	/** Extra problem members (RFC 9457 §3.2 extension members), snake_case keys. */
	public Map<String, Object> extensions() {
		return Map.of();
	}

	public static ApiException notFound(String what, String id) {
		return new ApiException(ErrorCode.NOT_FOUND, what + " '" + id + "' does not exist");
	}

	public static ApiException invalidParameter(String name, String message) {
		return new ApiException(ErrorCode.INVALID_PARAMETER, name + ": " + message);
	}
}
