package dev.coffer.keys;

/**
 * A key version that exists but may no longer decrypt: an operator disabled or destroyed it.
 * Carries only the version's status, never key material.
 */
public final class KeyVersionUnavailableException extends RuntimeException {

	private final KeyStatus status;

	KeyVersionUnavailableException(KeyStatus status) {
		super("key version " + status.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
		this.status = status;
	}

	/** {@link KeyStatus#DISABLED} or {@link KeyStatus#DESTROYED}. */
	public KeyStatus status() {
		return this.status;
	}
}
