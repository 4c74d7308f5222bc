package dev.coffer.client;

import java.util.Optional;

/**
 * A Coffer call failed as a whole. Carries what the server said in its RFC 9457 problem: HTTP
 * {@link #status()} (0 when no answer came), stable {@link #code()} (documented at
 * {@code /api/errors/{code}}) and {@link #requestId()} for the operators. The message is the
 * server's, which never echoes a value, a token or a secret; the client adds none either.
 * Failures of single items are not exceptions: they are {@link ItemError}s in the result.
 *
 * <p>Subclasses tell whose fault it is: {@link CofferAuthException} and
 * {@link CofferBadRequestException} are the caller's (retrying the same call does not help);
 * {@link CofferRateLimitException}, {@link CofferServerException} and
 * {@link CofferConnectionException} are transient or the server's, already retried by the client.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>
 */
public class CofferException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String code;

	private final String requestId;

	CofferException(int status, String code, String message, String requestId, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.code = code;
		this.requestId = requestId;
	}

	/** The HTTP status of the last answer, or 0 when the server never answered. */
	public int status() {
		return this.status;
	}

	/** The problem's stable code, e.g. {@code invalid_credentials}; {@code null} without a problem body. */
	public String code() {
		return this.code;
	}

	/** The server's request id (the problem's {@code request_id} or {@code X-Request-Id}), if any. */
	public Optional<String> requestId() {
		return Optional.ofNullable(this.requestId);
	}

	@Override
	public String toString() {
		return getClass().getName() + ": " + getMessage() + " [status=" + this.status + ", code=" + this.code
				+ ", request_id=" + this.requestId + "]";
	}
}
