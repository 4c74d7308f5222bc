package dev.coffer.client;

/**
 * The server refused the request as the caller's mistake: a 4xx other than 401, 403 and 429,
 * such as 400 {@code validation_failed} (an unknown format, ttl with deterministic), 413
 * {@code payload_too_large} or 422 {@code idempotency_key_reused}. Never retried: sending the same
 * request again gets the same answer.
 */
public final class CofferBadRequestException extends CofferException {

	private static final long serialVersionUID = 1L;

	CofferBadRequestException(int status, String code, String message, String requestId) {
		super(status, code, message, requestId, null);
	}
}
