package dev.coffer.tokenization;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The alphabets of custom formats: the named sets, and the rules for explicit characters. An
 * alphabet's {@code i}-th character is numeral {@code i} for FF1, so its order is part of a format.
 */
final class Alphabets {

	/** Most characters an explicit alphabet may have (FF1 radix; Bouncy Castle goes up to 2^16). */
	static final int MAX_CHARACTERS = 1024;

	static final String DIGITS = "0123456789";

	private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

	private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private static final Map<String, String> NAMED = new LinkedHashMap<>();

	static {
		NAMED.put("digits", DIGITS);
		NAMED.put("lower", LOWER);
		NAMED.put("upper", UPPER);
		NAMED.put("letters", UPPER + LOWER);
		NAMED.put("alphanumeric", UPPER + LOWER + DIGITS);
		NAMED.put("lower_alphanumeric", LOWER + DIGITS);
		NAMED.put("upper_alphanumeric", UPPER + DIGITS);
		NAMED.put("hex", DIGITS + "abcdef");
		NAMED.put("upper_hex", DIGITS + "ABCDEF");
	}

	private Alphabets() {
	}

	/** The characters of a named alphabet. */
	static Optional<String> named(String name) {
		return Optional.ofNullable(name == null ? null : NAMED.get(name));
	}

	static Set<String> names() {
		return NAMED.keySet();
	}

	/**
	 * Why {@code characters} cannot be an explicit alphabet, or {@code null}: 2 to
	 * {@value #MAX_CHARACTERS} distinct characters of the Basic Multilingual Plane, none of them a
	 * control, formatting, whitespace or surrogate character.
	 */
	static String reject(String characters) {
		if (characters.length() < 2 || characters.length() > MAX_CHARACTERS) {
			return "must hold 2 to " + MAX_CHARACTERS + " characters";
		}
		Set<Character> seen = new HashSet<>();
		for (int i = 0; i < characters.length(); i++) {
			char c = characters.charAt(i);
			if (!allowed(c)) {
				return "holds a control, formatting, whitespace or surrogate character at position " + i
						+ " (only printable characters of the Basic Multilingual Plane)";
			}
			if (!seen.add(c)) {
				return "holds the character at position " + i + " twice; every character must be distinct";
			}
		}
		return null;
	}

	/** Whether {@code c} may be a character of an alphabet or a kept separator (besides whitespace). */
	static boolean printable(char c) {
		int type = Character.getType(c);
		return !Character.isISOControl(c) && type != Character.FORMAT && type != Character.SURROGATE
				&& type != Character.PRIVATE_USE && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR
				&& type != Character.PARAGRAPH_SEPARATOR;
	}

	private static boolean allowed(char c) {
		return printable(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
	}

	/** Whether {@code characters} are exactly the ten decimal digits, in any order. */
	static boolean isDecimal(String characters) {
		if (characters.length() != 10) {
			return false;
		}
		for (int i = 0; i < characters.length(); i++) {
			if (characters.charAt(i) < '0' || characters.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}
}
