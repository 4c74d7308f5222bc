package dev.coffer.policy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The days {@code date_shift} moves a value: a fixed number, or an offset of 1 to {@code max} days
 * forward or back derived from the value's ISO text with HMAC-SHA256 under a key derived from the
 * root key (so the same date always moves the same way, on every node, and nobody without the key
 * can compute the shift back). A keyed shift is never 0.
 */
final class DateShift {

	private final int fixed;

	private final int max;

	private final ThreadLocal<Mac> mac;

	private DateShift(int fixed, int max, SecretKeySpec key) {
		this.fixed = fixed;
		this.max = max;
		this.mac = key == null ? null : ThreadLocal.withInitial(() -> {
			try {
				Mac instance = Mac.getInstance("HmacSHA256");
				instance.init(key);
				return instance;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
			}
		});
	}

	static DateShift fixed(int days) {
		return new DateShift(days, 0, null);
	}

	static DateShift keyed(int maxDays, SecretKeySpec key) {
		return new DateShift(0, maxDays, key);
	}

	long days(Object value) {
		if (this.mac == null) {
			return this.fixed;
		}
		byte[] digest = this.mac.get().doFinal(MaskValues.text(value).getBytes(StandardCharsets.UTF_8));
		long bits = ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8)
				| (digest[3] & 0xffL);
		long magnitude = 1 + bits % this.max;
		return (digest[4] & 1) == 0 ? magnitude : -magnitude;
	}

	@Override
	public String toString() {
		return this.mac == null ? "DateShift[fixed " + this.fixed + "]" : "DateShift[keyed up to " + this.max + ", key redacted]";
	}
}
