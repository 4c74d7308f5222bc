package dev.coffer.tokenization;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The shape of a custom format, compiled from its definition: which strings fit, and how a token
 * replaces the middle of one. A string is read character by character: a kept separator stays where
 * it is, every other character must belong to the alphabet. Of those alphabet characters, the first
 * {@code preservePrefix} and the last {@code preserveSuffix} stay in clear; the ones between (the
 * tokenized part) are replaced. With {@code luhn}, the alphabet is the decimal digits and a token's
 * digits pass the Luhn check.
 */
final class CustomShape {

	/** Longest string of any custom format, separators included (the vault's token column holds 128). */
	static final int MAX_TEXT_LENGTH = 128;

	private static final BigInteger TEN = BigInteger.TEN;

	private final TokenFormatDefinition definition;

	private final char[] alphabet;

	private final int[] ascii = new int[128];

	private final Map<Character, Integer> others = new HashMap<>();

	private final String shape;

	CustomShape(TokenFormatDefinition definition) {
		this.definition = definition;
		this.alphabet = definition.alphabet().toCharArray();
		Arrays.fill(this.ascii, -1);
		for (int i = 0; i < this.alphabet.length; i++) {
			if (this.alphabet[i] < 128) {
				this.ascii[this.alphabet[i]] = i;
			}
			else {
				this.others.put(this.alphabet[i], i);
			}
		}
		this.shape = describe(definition);
	}

	TokenFormatDefinition definition() {
		return this.definition;
	}

	String name() {
		return this.definition.name();
	}

	int radix() {
		return this.alphabet.length;
	}

	/** The numeral of {@code c} in the alphabet, or -1. */
	int numeral(char c) {
		if (c < 128) {
			return this.ascii[c];
		}
		Integer numeral = this.others.get(c);
		return numeral == null ? -1 : numeral;
	}

	char character(int numeral) {
		return this.alphabet[numeral];
	}

	/**
	 * Reads {@code text}; a {@link Parsed} with {@code reason} set when it does not fit. The reason
	 * names the format and its shape, never the text.
	 */
	Parsed parse(String text) {
		if (text == null) {
			return Parsed.rejected("is null; format '" + name() + "' needs a string");
		}
		if (text.length() > MAX_TEXT_LENGTH) {
			return Parsed.rejected(misfit());
		}
		char[] chars = text.toCharArray();
		int[] data = new int[chars.length];
		int count = 0;
		for (int i = 0; i < chars.length; i++) {
			if (this.definition.separators().indexOf(chars[i]) >= 0) {
				continue;
			}
			if (numeral(chars[i]) < 0) {
				return Parsed.rejected(misfit());
			}
			data[count++] = i;
		}
		if (count < this.definition.minLength() || count > this.definition.maxLength()) {
			return Parsed.rejected(misfit());
		}
		return new Parsed(chars, Arrays.copyOf(data, count), null);
	}

	private String misfit() {
		return "does not fit format '" + name() + "' (" + this.shape + ")";
	}

	/** The tokenized part of a parsed string: its alphabet characters between the kept prefix and suffix. */
	String middle(Parsed parsed) {
		StringBuilder middle = new StringBuilder(parsed.data.length);
		for (int i = this.definition.preservePrefix(); i < parsed.data.length - this.definition.preserveSuffix(); i++) {
			middle.append(parsed.chars[parsed.data[i]]);
		}
		return middle.toString();
	}

	/** The kept prefix and suffix of a parsed string, as {@code prefix/suffix}: FF1 binds them in its tweak. */
	String clearParts(Parsed parsed) {
		StringBuilder clear = new StringBuilder();
		for (int i = 0; i < this.definition.preservePrefix(); i++) {
			clear.append(parsed.chars[parsed.data[i]]);
		}
		clear.append('/');
		for (int i = parsed.data.length - this.definition.preserveSuffix(); i < parsed.data.length; i++) {
			clear.append(parsed.chars[parsed.data[i]]);
		}
		return clear.toString();
	}

	/** The parsed string with its tokenized part replaced by {@code middle} (same length); separators stay. */
	String withMiddle(Parsed parsed, String middle) {
		char[] out = parsed.chars.clone();
		int first = this.definition.preservePrefix();
		for (int i = 0; i < middle.length(); i++) {
			out[parsed.data[first + i]] = middle.charAt(i);
		}
		return new String(out);
	}

	/** A random token for an accepted, parsed value: its middle drawn anew, never equal to the value. */
	String draw(Parsed parsed, SecureRandom random) {
		int first = this.definition.preservePrefix();
		int last = parsed.data.length - this.definition.preserveSuffix();
		String value = new String(parsed.chars);
		String token;
		do {
			char[] out = parsed.chars.clone();
			for (int i = first; i < last; i++) {
				out[parsed.data[i]] = this.alphabet[random.nextInt(this.alphabet.length)];
			}
			if (this.definition.luhn()) {
				fixCheckDigit(out, parsed.data, last - 1);
			}
			token = new String(out);
		}
		while (token.equals(value));
		return token;
	}

	/** Whether the digits of {@code chars} at {@code data} pass the Luhn check. */
	static boolean luhnValid(char[] chars, int[] data) {
		return luhnSum(chars, data) % 10 == 0;
	}

	/**
	 * The parsed string with the digits of its tokenized part but the last replaced by {@code head},
	 * and the last (the check digit) set so that the whole passes the Luhn check.
	 */
	String withMiddleAndCheckDigit(Parsed parsed, String head) {
		char[] out = parsed.chars.clone();
		int first = this.definition.preservePrefix();
		for (int i = 0; i < head.length(); i++) {
			out[parsed.data[first + i]] = head.charAt(i);
		}
		fixCheckDigit(out, parsed.data, first + head.length());
		return new String(out);
	}

	/** Sets the digit at data position {@code check} so that the whole passes the Luhn check. */
	private static void fixCheckDigit(char[] chars, int[] data, int check) {
		chars[data[check]] = '0';
		int rest = luhnSum(chars, data) % 10;
		int fromRight = data.length - 1 - check;
		for (int d = 0; d < 10; d++) {
			if ((rest + luhnDigit(d, fromRight)) % 10 == 0) {
				chars[data[check]] = (char) ('0' + d);
				return;
			}
		}
		throw new IllegalStateException("no Luhn check digit");
	}

	private static int luhnSum(char[] chars, int[] data) {
		int sum = 0;
		for (int i = data.length - 1, fromRight = 0; i >= 0; i--, fromRight++) {
			sum += luhnDigit(chars[data[i]] - '0', fromRight);
		}
		return sum;
	}

	/** A digit's share of the Luhn sum: every second digit from the right is doubled, minus 9 above 9. */
	private static int luhnDigit(int digit, int fromRight) {
		if (fromRight % 2 == 0) {
			return digit;
		}
		int doubled = digit * 2;
		return doubled > 9 ? doubled - 9 : doubled;
	}

	/**
	 * How many tokens a string of {@code length} alphabet characters can have: radix^(tokenized
	 * length), a tenth of that with Luhn (the check digit is fixed by the others).
	 */
	static BigInteger tokenSpace(int radix, int length, int prefix, int suffix, boolean luhn) {
		int tokenized = length - prefix - suffix;
		if (tokenized <= 0) {
			return BigInteger.ONE;
		}
		BigInteger space = BigInteger.valueOf(radix).pow(tokenized);
		return luhn ? space.divide(TEN) : space;
	}

	/** The shape in words, for messages and the format's documentation; never a value. */
	static String describe(TokenFormatDefinition d) {
		StringBuilder text = new StringBuilder();
		text.append(d.minLength() == d.maxLength() ? Integer.toString(d.minLength()) : d.minLength() + " to " + d.maxLength());
		text.append(" characters of ")
			.append(d.alphabetName() != null ? "alphabet '" + d.alphabetName() + "'" : "its " + d.alphabet().length() + "-character alphabet");
		if (!d.separators().isEmpty()) {
			text.append(", separators '").append(d.separators()).append("' kept in place");
		}
		if (d.preservePrefix() > 0) {
			text.append(", first ").append(d.preservePrefix()).append(" kept");
		}
		if (d.preserveSuffix() > 0) {
			text.append(", last ").append(d.preserveSuffix()).append(" kept");
		}
		if (d.luhn()) {
			text.append(d.mode() == TokenFormatDefinition.Mode.FPE ? ", Luhn-valid values" : ", Luhn-valid tokens");
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return "CustomShape[" + name() + "]";
	}

	/** A string read by {@link #parse}: its characters and where its alphabet characters are. */
	static final class Parsed {

		private final char[] chars;

		private final int[] data;

		private final String reason;

		private Parsed(char[] chars, int[] data, String reason) {
			this.chars = chars;
			this.data = data;
			this.reason = reason;
		}

		static Parsed rejected(String reason) {
			return new Parsed(null, null, reason);
		}

		/** Why the string does not fit, or {@code null} when it does. */
		String reason() {
			return this.reason;
		}

		/** How many alphabet characters the string has. */
		int length() {
			return this.data.length;
		}

		char[] chars() {
			return this.chars;
		}

		int[] data() {
			return this.data;
		}

		@Override
		public String toString() {
			return "Parsed[redacted]";
		}
	}
}
