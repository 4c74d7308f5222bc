package dev.coffer.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;

/**
 * The key-encryption key over every secret Coffer keeps at rest. Encrypts with AES-256-GCM (Tink)
 * and derives purpose-bound subkeys with HKDF-SHA256, so the root key itself never keys two
 * algorithms.
 *
 * <p>Ciphertext layout: {@code version (1 byte, 0x01) | IV (12) | ciphertext | tag (16)}. The
 * caller's associated data binds a ciphertext to its place (table, row, purpose), so it cannot be
 * replayed elsewhere.
 */
public final class RootKey {

	public static final int KEY_LENGTH = 32;

	private static final byte VERSION = 0x01;

	private static final int MIN_CIPHERTEXT = 1 + 12 + 16;

	private final Aead aead;

	private final byte[] derivationKey;

	private final String sourceName;

	private RootKey(Aead aead, byte[] derivationKey, String sourceName) {
		this.aead = aead;
		this.derivationKey = derivationKey;
		this.sourceName = sourceName;
	}

	/** Builds a root key from 32 bytes; the caller wipes {@code material} afterwards. */
	public static RootKey of(byte[] material, String sourceName) {
		if (material == null || material.length != KEY_LENGTH) {
			throw new IllegalArgumentException("root key must be " + KEY_LENGTH + " bytes");
		}
		try {
			byte[] encryptionKey = Hkdf.computeHkdf("HMACSHA256", material, new byte[0],
					"coffer root key: aead v1".getBytes(StandardCharsets.UTF_8), KEY_LENGTH);
			byte[] derivationKey = Hkdf.computeHkdf("HMACSHA256", material, new byte[0],
					"coffer root key: derivation v1".getBytes(StandardCharsets.UTF_8), KEY_LENGTH);
			Aead aead = new AesGcmJce(encryptionKey);
			Arrays.fill(encryptionKey, (byte) 0);
			return new RootKey(aead, derivationKey, sourceName);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot initialise root key", ex);
		}
	}

	static byte[] decodeBase64Key(String base64, String where) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("root key in " + where + " is not valid base64");
		}
		if (key.length != KEY_LENGTH) {
			Arrays.fill(key, (byte) 0);
			throw new IllegalStateException("root key in " + where + " must decode to " + KEY_LENGTH + " bytes");
		}
		return key;
	}

	public String sourceName() {
		return this.sourceName;
	}

	public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
		try {
			byte[] sealed = this.aead.encrypt(plaintext, associatedData);
			byte[] out = new byte[sealed.length + 1];
			out[0] = VERSION;
			System.arraycopy(sealed, 0, out, 1, sealed.length);
			return out;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("encryption failed", ex);
		}
	}

	/** @throws DecryptionFailedException if the ciphertext is malformed, altered or bound elsewhere */
	public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
		if (ciphertext == null || ciphertext.length < MIN_CIPHERTEXT || ciphertext[0] != VERSION) {
			throw new DecryptionFailedException();
		}
		try {
			return this.aead.decrypt(Arrays.copyOfRange(ciphertext, 1, ciphertext.length), associatedData);
		}
		catch (GeneralSecurityException ex) {
			throw new DecryptionFailedException();
		}
	}

	/** A subkey for one purpose (HKDF-SHA256, the purpose as info): stable for this root key. */
	public byte[] deriveKey(String purpose, int length) {
		try {
			return Hkdf.computeHkdf("HMACSHA256", this.derivationKey, new byte[0],
					purpose.getBytes(StandardCharsets.UTF_8), length);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("key derivation failed", ex);
		}
	}

	@Override
	public String toString() {
		return "RootKey[source=" + this.sourceName + ", material=redacted]";
	}
}
