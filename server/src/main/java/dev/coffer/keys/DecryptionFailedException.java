package dev.coffer.keys;

/** A ciphertext did not authenticate under the key and associated data given. Says nothing more. */
public final class DecryptionFailedException extends RuntimeException {

	public DecryptionFailedException() {
		super("decryption failed", null, false, false);
	}
}
