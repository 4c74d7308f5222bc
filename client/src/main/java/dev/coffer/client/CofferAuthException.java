package dev.coffer.client;

/**
 * The server refused the credentials (401: wrong, disabled, expired or revoked key) or the key
 * lacks the permission (403 {@code permission_denied}). Never retried.
 */
public final class CofferAuthException extends CofferException {

	private static final long serialVersionUID = 1L;

	CofferAuthException(int status, String code, String message, String requestId) {
		super(status, code, message, requestId, null);
	}
}
