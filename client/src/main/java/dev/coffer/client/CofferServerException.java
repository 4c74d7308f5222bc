package dev.coffer.client;

/**
 * The server failed: a 5xx (502, 503 and 504 after every attempt; 500 and others at once), an
 * answer the client cannot read, or a 409 {@code idempotency_request_in_progress} that lasted
 * longer than the request timeout (the first attempt of the batch is still running on the
 * server). Repeating the call later may succeed.
 */
public final class CofferServerException extends CofferException {

	private static final long serialVersionUID = 1L;

	CofferServerException(int status, String code, String message, String requestId) {
		super(status, code, message, requestId, null);
	}
}
