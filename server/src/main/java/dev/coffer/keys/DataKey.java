package dev.coffer.keys;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;

/**
 * One version of a keyring's AES-256-GCM data key (Tink), unwrapped in memory. The key material
 * is never exposed: callers only encrypt and decrypt, and {@link #toString()} redacts.
 *
 * <p>Ciphertext layout (self-describing, key version first):
 * {@code key version (4 bytes, big-endian) | IV (12) | ciphertext | GCM tag (16)}. The caller's
 * associated data binds a ciphertext to its place; the version in the header must match this key.
 */
public final class DataKey {

	static final int KEY_LENGTH = 32;

	private static final int HEADER = 4;

	private static final int MIN_CIPHERTEXT = HEADER + 12 + 16;

	private final String keyring;

	private final int version;

	private final Aead aead;

	private DataKey(String keyring, int version, Aead aead) {
		this.keyring = keyring;
		this.version = version;
		this.aead = aead;
	}

	/** Builds a data key from 32 bytes; the caller wipes {@code material} afterwards. */
	static DataKey of(String keyring, int version, byte[] material) {
		if (material == null || material.length != KEY_LENGTH) {
			throw new IllegalArgumentException("data key must be " + KEY_LENGTH + " bytes");
		}
		try {
			return new DataKey(keyring, version, new AesGcmJce(material));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot initialise data key", ex);
		}
	}

	public String keyring() {
		return this.keyring;
	}

	public int version() {
		return this.version;
	}

	public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
		try {
			byte[] sealed = this.aead.encrypt(plaintext, associatedData);
			return ByteBuffer.allocate(HEADER + sealed.length).putInt(this.version).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("encryption failed", ex);
		}
	}

	/** @throws DecryptionFailedException if the ciphertext is malformed, altered, of another version or bound elsewhere */
	public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
		if (ciphertext == null || ciphertext.length < MIN_CIPHERTEXT
				|| ByteBuffer.wrap(ciphertext, 0, HEADER).getInt() != this.version) {
			throw new DecryptionFailedException();
		}
		try {
			return this.aead.decrypt(Arrays.copyOfRange(ciphertext, HEADER, ciphertext.length), associatedData);
		}
		catch (GeneralSecurityException ex) {
			throw new DecryptionFailedException();
		}
	}

	@Override
	public String toString() {
		return "DataKey[" + this.keyring + " v" + this.version + ", material=redacted]";
	}
}
