package dev.coffer.keys;

/**
 * The version a caller encrypted under was rotated out before the caller's transaction could
 * record the encryptions: the caller rolls back and encrypts again under the new active version,
 * so no value is ever stored under a version that rewrap has passed or that may be destroyed.
 */
public final class KeyVersionNotActiveException extends RuntimeException {

	public KeyVersionNotActiveException() {
		super("key version no longer active", null, false, false);
	}
}
