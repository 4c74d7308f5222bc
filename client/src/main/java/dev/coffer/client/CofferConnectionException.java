package dev.coffer.client;

/**
 * No answer came from the server through every attempt: the connection was refused or dropped,
 * or the request timed out. {@link #status()} is 0; the cause is the last I/O failure.
 */
public final class CofferConnectionException extends CofferException {

	private static final long serialVersionUID = 1L;

	CofferConnectionException(String message, Throwable cause) {
		super(0, null, message, null, cause);
	}
}
