package dev.coffer.classification;

import java.math.BigInteger;

/** The check-digit algorithms of the standards the detectors validate against. */
final class Checksums {

	private Checksums() {
	}

	/** Luhn (ISO/IEC 7812-1 Annex B) over a string of ASCII digits. */
	static boolean luhn(CharSequence digits) {
		int sum = 0;
		boolean twice = false;
		for (int i = digits.length() - 1; i >= 0; i--) {
			int d = digits.charAt(i) - '0';
			if (d < 0 || d > 9) {
				return false;
			}
			if (twice) {
				d *= 2;
				if (d > 9) {
					d -= 9;
				}
			}
			sum += d;
			twice = !twice;
		}
		return digits.length() > 0 && sum % 10 == 0;
	}

	/**
	 * ISO 13616 IBAN check: move the first four characters to the end, letters to numbers
	 * (A = 10 ... Z = 35), the number mod 97 must be 1 (ISO 7064 MOD 97-10).
	 */
	static boolean ibanMod97(String iban) {
		String rearranged = iban.substring(4) + iban.substring(0, 4);
		int remainder = 0;
		for (int i = 0; i < rearranged.length(); i++) {
			char c = rearranged.charAt(i);
			int value;
			if (c >= '0' && c <= '9') {
				value = c - '0';
				remainder = (remainder * 10 + value) % 97;
			}
			else if (c >= 'A' && c <= 'Z') {
				value = c - 'A' + 10;
				remainder = (remainder * 100 + value) % 97;
			}
			else {
				return false;
			}
		}
		return remainder == 1;
	}

	/** The two IBAN check digits for a country code and BBAN (used by the corpus generator). */
	static String ibanCheckDigits(String country, String bban) {
		String rearranged = bban + country + "00";
		StringBuilder numeric = new StringBuilder();
		for (char c : rearranged.toCharArray()) {
			numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
		}
		int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
		return check < 10 ? "0" + check : String.valueOf(check);
	}

	/** ABA routing number checksum: 3, 7, 1 weights, sum divisible by 10. */
	static boolean aba(CharSequence digits) {
		if (digits.length() != 9) {
			return false;
		}
		int[] weights = { 3, 7, 1, 3, 7, 1, 3, 7, 1 };
		int sum = 0;
		for (int i = 0; i < 9; i++) {
			int d = digits.charAt(i) - '0';
			if (d < 0 || d > 9) {
				return false;
			}
			sum += d * weights[i];
		}
		return sum % 10 == 0;
	}

	private static final int[] VIN_WEIGHTS = { 8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2 };

	/** The value of a VIN character in the check-digit transliteration (49 CFR 565.15), -1 if not allowed. */
	static int vinValue(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		return switch (c) {
			case 'A', 'J' -> 1;
			case 'B', 'K', 'S' -> 2;
			case 'C', 'L', 'T' -> 3;
			case 'D', 'M', 'U' -> 4;
			case 'E', 'N', 'V' -> 5;
			case 'F', 'W' -> 6;
			case 'G', 'P', 'X' -> 7;
			case 'H', 'Y' -> 8;
			case 'R', 'Z' -> 9;
			default -> -1; // I, O, Q are never used
		};
	}

	/** The VIN check digit (position 9) for 17 characters: {@code 0-9} or {@code X}; 0 if a character is not allowed. */
	static char vinCheckDigit(CharSequence vin) {
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			int value = vinValue(vin.charAt(i));
			if (value < 0) {
				return 0;
			}
			sum += value * VIN_WEIGHTS[i];
		}
		int check = sum % 11;
		return check == 10 ? 'X' : (char) ('0' + check);
	}

	/** Shannon entropy in bits per character. */
	static double entropy(CharSequence text) {
		int[] counts = new int[128];
		int other = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 128) {
				counts[c]++;
			}
			else {
				other++;
			}
		}
		double n = text.length();
		double bits = 0;
		for (int count : counts) {
			if (count > 0) {
				double p = count / n;
				bits -= p * Math.log(p) / Math.log(2);
			}
		}
		if (other > 0) {
			double p = other / n;
			bits -= p * Math.log(p) / Math.log(2);
		}
		return bits;
	}

	/** The ASCII digits of {@code text}, in order. */
	static String digits(CharSequence text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				out.append(c);
			}
		}
		return out.toString();
	}
}
