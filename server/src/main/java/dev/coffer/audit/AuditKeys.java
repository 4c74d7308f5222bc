package dev.coffer.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;

import org.springframework.stereotype.Component;

import dev.coffer.keys.RootKey;

/**
 * The audit log's keys, each derived from the root key for one purpose: the chain MAC (so a copy
 * of the store cannot forge a consistent chain), the search HMAC for sensitive values that must
 * stay findable, and the Ed25519 key that signs checkpoints (its public key is published).
 */
@Component
class AuditKeys {

	private final SecretKeySpec chainKey;

	private final SecretKeySpec searchKey;

	private final Ed25519Sign signer;

	private final byte[] publicKey;

	/** Keyed HMACs, one per thread and key ({@code doFinal} resets them): every event takes three. */
	private final ThreadLocal<Mac> chainMacs;

	private final ThreadLocal<Mac> searchMacs;

	AuditKeys(RootKey rootKey) {
		byte[] chain = rootKey.deriveKey("coffer audit chain v1", 32);
		byte[] search = rootKey.deriveKey("coffer audit search v1", 32);
		byte[] seed = rootKey.deriveKey("coffer audit checkpoint ed25519 v1", 32);
		this.chainKey = new SecretKeySpec(chain, "HmacSHA256");
		this.searchKey = new SecretKeySpec(search, "HmacSHA256");
		this.chainMacs = ThreadLocal.withInitial(() -> newMac(this.chainKey));
		this.searchMacs = ThreadLocal.withInitial(() -> newMac(this.searchKey));
		try {
			this.signer = new Ed25519Sign(seed);
			this.publicKey = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot derive the audit checkpoint key", ex);
		}
		finally {
			Arrays.fill(chain, (byte) 0);
			Arrays.fill(search, (byte) 0);
			Arrays.fill(seed, (byte) 0);
		}
	}

	String chainMac(String text) {
		return HexFormat.of().formatHex(this.chainMacs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

	String searchMac(String value) {
		return HexFormat.of().formatHex(this.searchMacs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
	}

	byte[] sign(String text) {
		try {
			return this.signer.sign(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("checkpoint signing failed", ex);
		}
	}

	boolean verify(String text, byte[] signature) {
		try {
			new Ed25519Verify(this.publicKey).verify(signature, text.getBytes(StandardCharsets.UTF_8));
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	byte[] publicKey() {
		return this.publicKey.clone();
	}

	private static Mac newMac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
		}
	}

	@Override
	public String toString() {
		return "AuditKeys[redacted]";
	}
}
