package dev.coffer.tokenization;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.coffer.api.error.ErrorCode;

/**
 * The vaultless, format-preserving formats: a token is the FF1 encryption ({@link Ff1}) of the
 * value's digits, so nothing is stored and detokenizing decrypts. The tweak is the format's name
 * (UTF-8), so one value gives different tokens in different formats. FF1 has no integrity: an
 * altered token decrypts to another value of the same shape, which no check can tell.
 */
final class FpeFormats {

	/** Smallest domain FF1 is used on: radix^length at least 10^6 (NIST SP 800-38G Rev. 1 §5.2). */
	static final int MIN_DOMAIN_DIGITS = 6;

	private static final Map<String, FpeFormat> ALL = new LinkedHashMap<>();

	static {
		for (FpeFormat format : List.of(new DigitsFpe(), new CardFpe())) {
			ALL.put(format.name(), format);
		}
	}

	private FpeFormats() {
	}

	static Optional<FpeFormat> find(String name) {
		return Optional.ofNullable(name == null ? null : ALL.get(name));
	}

	static Set<String> names() {
		return ALL.keySet();
	}

	/** Why a value or token does not fit: a per-item code and a reason naming the rule, never the value. */
	record Rejection(ErrorCode code, String reason) {
	}

	/** A vaultless format: which strings it accepts, and its token for one under a cipher. */
	abstract static class FpeFormat {

		/** The format's name in the API, e.g. {@code card-fpe}. */
		abstract String name();

		/** Why {@code text} (a value, or a token: both have the same shape) does not fit, or {@code null}. */
		abstract Rejection reject(String text);

		/** The token of an accepted value. */
		abstract String encrypt(String value, FpeCipher cipher);

		/** The value of an accepted token. */
		abstract String decrypt(String token, FpeCipher cipher);

		/** The tweak, a fresh copy: callers outside the format may do what they like with it. */
		final byte[] tweak() {
			return name().getBytes(StandardCharsets.UTF_8);
		}
	}

	/** 6 to 64 digits; the token is the FF1 encryption of all of them, same length. */
	static final class DigitsFpe extends FpeFormat {

		/** The tweak, made once: {@link FpeCipher} only reads it (a batch of 1,000 values used to make 1,000). */
		private final byte[] tweak = tweak();

		@Override
		String name() {
			return "digits-fpe";
		}

		@Override
		Rejection reject(String text) {
			if (!digits(text)) {
				return new Rejection(ErrorCode.INVALID_VALUE, "does not fit format 'digits-fpe' (6 to 64 digits 0-9)");
			}
			if (text.length() < MIN_DOMAIN_DIGITS) {
				return new Rejection(ErrorCode.DOMAIN_TOO_SMALL, "is too short for format 'digits-fpe': FF1 needs at least "
						+ MIN_DOMAIN_DIGITS + " digits (a domain of at least 1,000,000 values)");
			}
			return null;
		}

		/** Whether {@code text} is 1 to 64 characters 0-9 (a loop: the regular expression cost more than FF1 itself). */
		private static boolean digits(String text) {
			int length = text.length();
			if (length < 1 || length > 64) {
				return false;
			}
			for (int i = 0; i < length; i++) {
				char c = text.charAt(i);
				if (c < '0' || c > '9') {
					return false;
				}
			}
			return true;
		}

		@Override
		String encrypt(String value, FpeCipher cipher) {
			return cipher.encrypt(value, this.tweak);
		}

		@Override
		String decrypt(String token, FpeCipher cipher) {
			return cipher.decrypt(token, this.tweak);
		}
	}

	/**
	 * A payment card number: 13 to 19 digits, spaces and dashes allowed. The separators stay in place
	 * and the last four digits in clear; the digits before them (9 to 15, always a large enough
	 * domain) are FF1-encrypted. The token need not pass the Luhn check.
	 */
	static final class CardFpe extends FpeFormat {

		private static final Pattern SHAPE = Pattern.compile("[0-9][0-9 -]*[0-9]");

		@Override
		String name() {
			return "card-fpe";
		}

		@Override
		Rejection reject(String text) {
			int digits = TokenFormats.onlyDigits(text).length();
			return text.length() <= 48 && SHAPE.matcher(text).matches() && digits >= 13 && digits <= 19 ? null
					: new Rejection(ErrorCode.INVALID_VALUE,
							"does not fit format 'card-fpe' (13 to 19 digits, spaces and dashes allowed)");
		}

		@Override
		String encrypt(String value, FpeCipher cipher) {
			return apply(value, cipher, true);
		}

		@Override
		String decrypt(String token, FpeCipher cipher) {
			return apply(token, cipher, false);
		}

		private String apply(String text, FpeCipher cipher, boolean encrypt) {
			String digits = TokenFormats.onlyDigits(text);
			String head = digits.substring(0, digits.length() - 4);
			// the clear parts (length, last four) are in the tweak: cards sharing leading digits differ
			byte[] tweak = (name() + "/" + digits.length() + "/" + digits.substring(digits.length() - 4))
				.getBytes(StandardCharsets.UTF_8);
			String done = encrypt ? cipher.encrypt(head, tweak) : cipher.decrypt(head, tweak);
			return TokenFormats.placeDigits(text, done + digits.substring(digits.length() - 4));
		}
	}
}
