package dev.coffer.keys;

/**
 * The lifecycle of a keyring version: the highest {@code ACTIVE} version encrypts,
 * {@code DECRYPT_ONLY} versions only decrypt, {@code DISABLED} versions are kept but refused,
 * {@code DESTROYED} versions have no key material left.
 */
public enum KeyStatus {

	ACTIVE, DECRYPT_ONLY, DISABLED, DESTROYED;

	/** Whether data sealed under a version in this status can still be opened. */
	public boolean decrypts() {
		return this == ACTIVE || this == DECRYPT_ONLY;
	}
}
