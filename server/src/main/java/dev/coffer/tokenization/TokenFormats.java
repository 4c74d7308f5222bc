package dev.coffer.tokenization;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The built-in formats. Format-preserving ones keep the value's shape (length, separators, last
 * digits) and always draw a token different from the value.
 */
final class TokenFormats {

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final String LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final Map<String, TokenFormat> ALL = new LinkedHashMap<>();

	static {
		for (TokenFormat format : List.of(new Uuid(), new Alphanumeric(), new Digits(), new Card(), new Ssn(),
				new Email(), new Phone())) {
			ALL.put(format.name(), format);
		}
	}

	private TokenFormats() {
	}

	static Optional<TokenFormat> find(String name) {
		return Optional.ofNullable(name == null ? null : ALL.get(name));
	}

	static Set<String> names() {
		return ALL.keySet();
	}

	/** A random UUID (version 4); any non-empty value. */
	static final class Uuid implements TokenFormat {

		@Override
		public String name() {
			return "uuid";
		}

		@Override
		public String reject(String value) {
			return value.isEmpty() ? "is empty; format 'uuid' needs a non-empty value" : null;
		}

		@Override
		public String draw(String value, SecureRandom random) {
			byte[] bytes = new byte[16];
			random.nextBytes(bytes);
			bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
			bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
			long high = 0;
			long low = 0;
			for (int i = 0; i < 8; i++) {
				high = (high << 8) | (bytes[i] & 0xff);
				low = (low << 8) | (bytes[i + 8] & 0xff);
			}
			return new UUID(high, low).toString();
		}
	}

	/** 24 random characters {@code [A-Za-z0-9]}; any non-empty value. */
	static final class Alphanumeric implements TokenFormat {

		static final int LENGTH = 24;

		@Override
		public String name() {
			return "alphanumeric";
		}

		@Override
		public String reject(String value) {
			return value.isEmpty() ? "is empty; format 'alphanumeric' needs a non-empty value" : null;
		}

		@Override
		public String draw(String value, SecureRandom random) {
			String token;
			do {
				token = randomChars(ALPHANUMERIC, LENGTH, random);
			}
			while (token.equals(value));
			return token;
		}
	}

	/** As many random digits as the value has (1 to 64 digits). */
	static final class Digits implements TokenFormat {

		private static final Pattern SHAPE = Pattern.compile("[0-9]{1,64}");

		@Override
		public String name() {
			return "digits";
		}

		@Override
		public String reject(String value) {
			return SHAPE.matcher(value).matches() ? null : "does not fit format 'digits' (1 to 64 digits 0-9)";
		}

		@Override
		public String draw(String value, SecureRandom random) {
			return replaceDigits(value, 0, value.length(), random);
		}
	}

	/**
	 * A payment card number: 13 to 19 digits, spaces and dashes allowed. The token keeps the
	 * separators in place and the last four digits, and passes the Luhn check.
	 */
	static final class Card implements TokenFormat {

		private static final Pattern SHAPE = Pattern.compile("[0-9][0-9 -]*[0-9]");

		@Override
		public String name() {
			return "card";
		}

		@Override
		public String reject(String value) {
			int digits = countDigits(value);
			// bounded length: separators are kept, and the token must fit the vault's 128-character key
			return value.length() <= 48 && SHAPE.matcher(value).matches() && digits >= 13 && digits <= 19 ? null
					: "does not fit format 'card' (13 to 19 digits, spaces and dashes allowed)";
		}

		@Override
		public String draw(String value, SecureRandom random) {
			String digits = onlyDigits(value);
			int n = digits.length();
			String drawn;
			do {
				char[] out = digits.toCharArray();
				int[] drawnDigits = uniform(random, n - 5, 10);
				for (int i = 0; i < n - 5; i++) {
					out[i] = (char) ('0' + drawnDigits[i]);
				}
				// the digit just before the kept four is 4th from the right: never doubled by Luhn,
				// so it alone makes the checksum right
				out[n - 5] = '0';
				out[n - 5] = (char) ('0' + (10 - luhnSum(out) % 10) % 10);
				drawn = new String(out);
			}
			while (drawn.equals(digits));
			return placeDigits(value, drawn);
		}

		static int luhnSum(char[] digits) {
			int sum = 0;
			for (int i = digits.length - 1, fromRight = 0; i >= 0; i--, fromRight++) {
				int d = digits[i] - '0';
				if (fromRight % 2 == 1) {
					d *= 2;
					if (d > 9) {
						d -= 9;
					}
				}
				sum += d;
			}
			return sum;
		}
	}

	/** A US social security number, {@code ddd-dd-dddd} or nine digits; shape and last four kept. */
	static final class Ssn implements TokenFormat {

		private static final Pattern SHAPE = Pattern.compile("[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{9}");

		@Override
		public String name() {
			return "ssn";
		}

		@Override
		public String reject(String value) {
			return SHAPE.matcher(value).matches() ? null : "does not fit format 'ssn' (ddd-dd-dddd or 9 digits)";
		}

		@Override
		public String draw(String value, SecureRandom random) {
			return replaceDigits(value, 0, 5, random);
		}
	}

	/**
	 * An email address: the local part becomes random lower-case letters and digits of its length
	 * (at least 8), the domain is kept, lower-cased. At most 128 characters in all.
	 */
	static final class Email implements TokenFormat {

		private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

		@Override
		public String name() {
			return "email";
		}

		@Override
		public String reject(String value) {
			int at = value.indexOf('@');
			boolean fits = value.length() <= 128 && SHAPE.matcher(value).matches()
					// the domain is lower-cased in the token, which can lengthen it ('İ' becomes two characters)
					&& Math.max(at, 8) + 1 + value.substring(at + 1).toLowerCase(Locale.ROOT).length() <= 128;
			return fits ? null : "does not fit format 'email' (local@domain, local part at most 64 characters, at most 128 in all)";
		}

		@Override
		public String draw(String value, SecureRandom random) {
			int at = value.indexOf('@');
			String domain = value.substring(at + 1).toLowerCase(Locale.ROOT);
			String token;
			do {
				token = randomChars(LOWER_ALPHANUMERIC, Math.max(at, 8), random) + "@" + domain;
			}
			while (token.equals(value));
			return token;
		}
	}

	/**
	 * A phone number: E.164 ({@code +} and country code) or national digits, with spaces, dashes,
	 * dots and parentheses. The {@code +}, the country code, every separator and the last two
	 * digits are kept; the other digits are drawn at random.
	 */
	static final class Phone implements TokenFormat {

		private static final Pattern SHAPE = Pattern.compile("\\+?[0-9( ][0-9 ().-]*[0-9]");

		/** The one- and two-digit ITU-T E.164 country codes; every other code has three digits. */
		private static final Set<String> SHORT_CODES = Set.of("1", "7", "20", "27", "30", "31", "32", "33", "34",
				"36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56",
				"57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93",
				"94", "95", "98");

		@Override
		public String name() {
			return "phone";
		}

		@Override
		public String reject(String value) {
			int digits = countDigits(value);
			return value.length() <= 48 && SHAPE.matcher(value).matches() && digits >= 7 && digits <= 15 ? null
					: "does not fit format 'phone' (+ and country code, or digits; spaces, dashes, dots, parentheses allowed; 7 to 15 digits)";
		}

		@Override
		public String draw(String value, SecureRandom random) {
			String digits = onlyDigits(value);
			int keepFirst = value.startsWith("+") ? countryCodeLength(digits) : 0;
			return placeDigits(value, replaceDigits(digits, keepFirst, digits.length() - 2, random));
		}

		static int countryCodeLength(String digits) {
			if (SHORT_CODES.contains(digits.substring(0, 1))) {
				return 1;
			}
			return SHORT_CODES.contains(digits.substring(0, 2)) ? 2 : 3;
		}
	}

	// ---- helpers ----

	private static String randomChars(String alphabet, int length, SecureRandom random) {
		char[] out = new char[length];
		int[] drawn = uniform(random, length, alphabet.length());
		for (int i = 0; i < length; i++) {
			out[i] = alphabet.charAt(drawn[i]);
		}
		return new String(out);
	}

	/**
	 * {@code count} independent uniform values in {@code [0, bound)} ({@code bound} at most 256), from
	 * random bytes taken in one call to {@code random} (rarely two): a byte at or above the largest
	 * multiple of {@code bound} is discarded, so no value is more likely than another. One call per token
	 * instead of one per character: {@link SecureRandom} calls on a shared instance are synchronized.
	 */
	static int[] uniform(SecureRandom random, int count, int bound) {
		if (bound < 1 || bound > 256) {
			throw new IllegalArgumentException("bound must be 1 to 256");
		}
		int limit = 256 - 256 % bound;
		int[] out = new int[count];
		byte[] bytes = new byte[count + count / 4 + 8];
		int used = bytes.length;
		for (int i = 0; i < count;) {
			if (used == bytes.length) {
				random.nextBytes(bytes);
				used = 0;
			}
			int b = bytes[used++] & 0xff;
			if (b < limit) {
				out[i++] = b % bound;
			}
		}
		java.util.Arrays.fill(bytes, (byte) 0);
		return out;
	}

	/**
	 * {@code text} with its digits whose digit-position is in {@code [from, to)} redrawn at random,
	 * other characters kept; never equal to {@code text} (the range must hold a digit).
	 */
	static String replaceDigits(String text, int from, int to, SecureRandom random) {
		String drawn;
		do {
			char[] out = text.toCharArray();
			int[] drawnDigits = uniform(random, Math.max(0, to - from), 10);
			for (int i = 0, digit = 0; i < out.length; i++) {
				if (Character.isDigit(out[i])) {
					if (digit >= from && digit < to) {
						out[i] = (char) ('0' + drawnDigits[digit - from]);
					}
					digit++;
				}
			}
			drawn = new String(out);
		}
		while (drawn.equals(text));
		return drawn;
	}

	private static int countDigits(String value) {
		int count = 0;
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) >= '0' && value.charAt(i) <= '9') {
				count++;
			}
		}
		return count;
	}

	static String onlyDigits(String value) {
		StringBuilder digits = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) >= '0' && value.charAt(i) <= '9') {
				digits.append(value.charAt(i));
			}
		}
		return digits.toString();
	}

	/** {@code template} with its digits replaced, in order, by {@code digits}; separators stay in place. */
	static String placeDigits(String template, String digits) {
		char[] out = template.toCharArray();
		for (int i = 0, d = 0; i < out.length; i++) {
			if (out[i] >= '0' && out[i] <= '9') {
				out[i] = digits.charAt(d++);
			}
		}
		return new String(out);
	}
}
