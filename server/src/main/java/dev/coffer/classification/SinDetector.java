package dev.coffer.classification;

import java.util.Set;

/**
 * A Canadian social insurance number: nine digits ({@code ddd ddd ddd}, {@code ddd-ddd-ddd} or
 * compact) passing Luhn, whose first digit is a province code or 9 (temporary residents); 0 and
 * 8 are not issued to persons. Nine bare digits are a weak match.
 */
final class SinDetector implements Detector {

	@Override
	public DetectedType type() {
		return DetectedType.CA_SIN;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.digits == 9 && shape.length <= 11 && shape.letters() == 0;
	}

	@Override
	public Match check(String value) {
		String digits;
		boolean formatted;
		if (value.length() == 9) {
			digits = value;
			formatted = false;
		}
		else if (value.length() == 11 && (value.charAt(3) == ' ' || value.charAt(3) == '-')
				&& value.charAt(7) == value.charAt(3)) {
			digits = value.substring(0, 3) + value.substring(4, 7) + value.substring(8);
			formatted = true;
		}
		else {
			return Match.NONE;
		}
		if (!Checksums.digits(digits).equals(digits) || !Checksums.luhn(digits)) {
			return Match.NONE;
		}
		char first = digits.charAt(0);
		if (first == '0' || first == '8') {
			return Match.NONE;
		}
		return formatted ? Match.STRONG : Match.WEAK;
	}

	@Override
	public String validator() {
		return "checksum:luhn";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("sin", "sins", "socialinsurance", "nas");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("sin", "social", "insurance", "canada", "canadian", "nas");
	}

	@Override
	public double baseScore() {
		return 0.5;
	}

	@Override
	public double contextScore() {
		return 0.9;
	}

	@Override
	public int maxTokens() {
		return 3;
	}
}
