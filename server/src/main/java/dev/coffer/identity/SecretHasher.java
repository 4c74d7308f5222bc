package dev.coffer.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import dev.coffer.keys.RootKey;

/**
 * Keyed hashes of API key secrets: HMAC-SHA256 under a subkey derived from the root key. Secrets
 * are high-entropy random strings, so a fast keyed hash is the right tool (as for GitHub tokens);
 * the key means a copy of the store alone does not allow guessing preset secrets offline.
 */
@Component
class SecretHasher {

	private final SecretKeySpec key;

	/** One keyed HMAC per thread ({@code doFinal} resets it): every authenticated request takes one. */
	private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

	SecretHasher(RootKey rootKey) {
		byte[] derived = rootKey.deriveKey("coffer api key secret hash v1", 32);
		this.key = new SecretKeySpec(derived, "HmacSHA256");
		Arrays.fill(derived, (byte) 0);
	}

	String hash(String secret) {
		return HexFormat.of().formatHex(this.macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8)));
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
		}
	}

	/** Constant-time comparison of {@code hash} against each candidate; true if any matches. */
	static boolean matchesAny(String hash, Collection<String> candidates) {
		byte[] presented = hash.getBytes(StandardCharsets.US_ASCII);
		boolean match = false;
		for (String candidate : candidates) {
			match |= MessageDigest.isEqual(presented, candidate.getBytes(StandardCharsets.US_ASCII));
		}
		return match;
	}

	@Override
	public String toString() {
		return "SecretHasher[key=redacted]";
	}
}
