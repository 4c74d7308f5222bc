package dev.coffer.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of the HMAC key. Signs
 * {@code {webhook-id}.{webhook-timestamp}.{body}} with HMAC-SHA256 and writes the signature as
 * {@code v1,<base64>}. Not a record: {@link #toString()} redacts; the encoded form is reachable
 * only through {@link #encoded()}.
 *
 * @see <a href="https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md">Standard Webhooks, "Signature scheme"</a>
 */
final class WebhookSecret {

	static final String PREFIX = "whsec_";

	/** 32 random bytes: the spec asks for at least 24 and at most 64. */
	static final int LENGTH = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] key;

	private WebhookSecret(byte[] key) {
		this.key = key;
	}

	static WebhookSecret generate() {
		byte[] key = new byte[LENGTH];
		RANDOM.nextBytes(key);
		return new WebhookSecret(key);
	}

	/** Wraps a copy of {@code key}; the caller wipes its own array. */
	static WebhookSecret ofKey(byte[] key) {
		Assert.isTrue(key != null && key.length >= 24 && key.length <= 64, "key must be 24 to 64 bytes");
		return new WebhookSecret(key.clone());
	}

	/** Parses {@code whsec_<base64>}. */
	static WebhookSecret parse(String encoded) {
		Assert.isTrue(encoded != null && encoded.startsWith(PREFIX), "secret must start with " + PREFIX);
		return ofKey(Base64.getDecoder().decode(encoded.substring(PREFIX.length())));
	}

	/** The secret as receivers configure it, {@code whsec_...}. Show it once, never log it. */
	String encoded() {
		return PREFIX + Base64.getEncoder().encodeToString(this.key);
	}

	/** The raw HMAC key, a copy; the caller wipes it. */
	byte[] keyBytes() {
		return this.key.clone();
	}

	/** The {@code v1,<base64 HMAC-SHA256>} signature of one message. */
	String sign(String messageId, long timestampSeconds, String body) {
		Assert.isTrue(messageId.indexOf('.') < 0, "message id cannot contain '.'");
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			byte[] signature = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
		}
	}

	void wipe() {
		Arrays.fill(this.key, (byte) 0);
	}

	@Override
	public String toString() {
		return "WebhookSecret[redacted]";
	}
}
