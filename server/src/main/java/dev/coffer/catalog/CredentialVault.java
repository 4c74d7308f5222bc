package dev.coffer.catalog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;

import org.springframework.stereotype.Component;

import dev.coffer.keys.DecryptionFailedException;
import dev.coffer.keys.RootKey;

/**
 * Seals data source passwords at rest with AES-256-GCM (Tink) under a subkey of the root key
 * derived for this purpose alone (HKDF-SHA256).
 *
 * <p>Layout: {@code version (1 byte, 0x01) | IV (12) | ciphertext | tag (16)}; the associated data
 * {@code data_sources.password:<id>} binds a sealed password to its data source, so it cannot be
 * copied onto another one.
 */
@Component
class CredentialVault {

	private static final String PURPOSE = "coffer catalog: data source credentials v1";

	private static final byte VERSION = 0x01;

	private final Aead aead;

	CredentialVault(RootKey rootKey) {
		byte[] key = rootKey.deriveKey(PURPOSE, 32);
		try {
			this.aead = new AesGcmJce(key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot initialise the credential key", ex);
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	byte[] seal(String dataSourceId, Secret password) {
		byte[] clear = password.utf8();
		try {
			byte[] sealed = this.aead.encrypt(clear, associatedData(dataSourceId));
			byte[] out = new byte[sealed.length + 1];
			out[0] = VERSION;
			System.arraycopy(sealed, 0, out, 1, sealed.length);
			return out;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("encryption failed", ex);
		}
		finally {
			Arrays.fill(clear, (byte) 0);
		}
	}

	/** @throws DecryptionFailedException if the sealed password is altered or belongs to another data source */
	Secret unseal(String dataSourceId, byte[] sealed) {
		if (sealed == null || sealed.length < 1 + 12 + 16 || sealed[0] != VERSION) {
			throw new DecryptionFailedException();
		}
		byte[] clear;
		try {
			clear = this.aead.decrypt(Arrays.copyOfRange(sealed, 1, sealed.length), associatedData(dataSourceId));
		}
		catch (GeneralSecurityException ex) {
			throw new DecryptionFailedException();
		}
		try {
			return Secret.ofUtf8(clear);
		}
		finally {
			Arrays.fill(clear, (byte) 0);
		}
	}

	private static byte[] associatedData(String dataSourceId) {
		return ("data_sources.password:" + dataSourceId).getBytes(StandardCharsets.UTF_8);
	}
}
