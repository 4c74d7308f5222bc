package dev.coffer.tokenization;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import dev.coffer.api.error.ErrorCode;

/**
 * A custom format in mode {@code fpe}: the token's middle is the FF1-AES-256 encryption of the
 * value's middle, over the format's alphabet (radix = its size). Each format has its own key
 * ({@link TokenFormatRegistry} derives it from the root key, the name and a stored salt); the tweak
 * is {@code name + "/" + kept prefix + "/" + kept suffix}, so values that share a middle but not
 * their clear parts get unrelated tokens.
 *
 * <p>With {@code luhn}, values must pass the Luhn check. The last tokenized digit is then the check
 * digit: FF1 encrypts the tokenized digits before it, and the check digit is computed again so the
 * token passes Luhn; detokenize decrypts them and computes the value's check digit the same way.
 * That is a bijection between the Luhn-valid numbers with the same clear parts, one FF1 call per
 * item (cycle walking would need ten on average), over a domain of radix^(tokenized length - 1).
 */
final class CustomFpeFormat extends FpeFormats.FpeFormat {

	/** NIST SP 800-38G Rev. 1 §5.2: FF1 only on domains of at least 10^6. */
	static final BigInteger MIN_DOMAIN = BigInteger.valueOf(Ff1.MIN_DOMAIN);

	private final CustomShape shape;

	private final FpeCipher cipher;

	CustomFpeFormat(CustomShape shape, FpeCipher cipher) {
		this.shape = shape;
		this.cipher = cipher;
	}

	FpeCipher cipher() {
		return this.cipher;
	}

	CustomShape shape() {
		return this.shape;
	}

	@Override
	String name() {
		return this.shape.name();
	}

	@Override
	FpeFormats.Rejection reject(String text) {
		CustomShape.Parsed parsed = this.shape.parse(text);
		if (parsed.reason() != null) {
			return new FpeFormats.Rejection(ErrorCode.INVALID_VALUE, parsed.reason());
		}
		TokenFormatDefinition d = this.shape.definition();
		if (d.luhn() && !CustomShape.luhnValid(parsed.chars(), parsed.data())) {
			return new FpeFormats.Rejection(ErrorCode.INVALID_VALUE,
					"does not pass the Luhn check; format '" + name() + "' (FF1 with Luhn) takes only Luhn-valid numbers");
		}
		// create-time rules make this hold for every accepted length; checked per item all the same
		if (CustomShape.tokenSpace(this.shape.radix(), parsed.length(), d.preservePrefix(), d.preserveSuffix(), d.luhn())
			.compareTo(MIN_DOMAIN) < 0) {
			return new FpeFormats.Rejection(ErrorCode.DOMAIN_TOO_SMALL, "is too short for format '" + name()
					+ "': FF1 needs a tokenized part of at least 1,000,000 possible values");
		}
		return null;
	}

	@Override
	String encrypt(String value, FpeCipher ignored) {
		return apply(value, true);
	}

	@Override
	String decrypt(String token, FpeCipher ignored) {
		return apply(token, false);
	}

	private String apply(String text, boolean encrypt) {
		CustomShape.Parsed parsed = this.shape.parse(text);
		byte[] tweak = (name() + "/" + this.shape.clearParts(parsed)).getBytes(StandardCharsets.UTF_8);
		String middle = this.shape.middle(parsed);
		boolean luhn = this.shape.definition().luhn();
		// with Luhn the check digit (last of the middle) is not encrypted but computed from the others
		String numerals = luhn ? middle.substring(0, middle.length() - 1) : middle;
		String done = encrypt ? this.cipher.encrypt(numerals, tweak) : this.cipher.decrypt(numerals, tweak);
		return luhn ? this.shape.withMiddleAndCheckDigit(parsed, done) : this.shape.withMiddle(parsed, done);
	}

	@Override
	public String toString() {
		return "CustomFpeFormat[" + name() + ", key=redacted]";
	}
}
