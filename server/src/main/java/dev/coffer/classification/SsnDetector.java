package dev.coffer.classification;

import java.util.Set;

/**
 * A US social security number, {@code ddd-dd-dddd} (dashes or spaces) or nine digits, within the
 * ranges the SSA assigns: area not 000, 666 or 900-999, group not 00, serial not 0000, and not a
 * number the SSA has voided after publication (078-05-1120, 219-09-9999). Nine bare digits are a
 * weak match: they need the column name or a context word.
 */
final class SsnDetector implements Detector {

	@Override
	public DetectedType type() {
		return DetectedType.US_SSN;
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
		else if (value.length() == 11 && (value.charAt(3) == '-' || value.charAt(3) == ' ')
				&& value.charAt(6) == value.charAt(3)) {
			digits = value.substring(0, 3) + value.substring(4, 6) + value.substring(7);
			formatted = true;
		}
		else {
			return Match.NONE;
		}
		for (int i = 0; i < 9; i++) {
			if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
				return Match.NONE;
			}
		}
		if (!valid(digits)) {
			return Match.NONE;
		}
		return formatted ? Match.STRONG : Match.WEAK;
	}

	/** The SSA's assignment rules on nine digits. */
	static boolean valid(String digits) {
		int area = Integer.parseInt(digits.substring(0, 3));
		int group = Integer.parseInt(digits.substring(3, 5));
		int serial = Integer.parseInt(digits.substring(5));
		if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
			return false;
		}
		return !digits.equals("078051120") && !digits.equals("219099999");
	}

	@Override
	public String validator() {
		return "rules:ssn_area_group_serial";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("ssn", "ssns", "social", "socialsecurity", "socsec", "ssnumber");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("security", "sec");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("ssn", "ssns", "social", "security", "ss", "socsec", "taxpayer", "tin");
	}

	@Override
	public double baseScore() {
		return 0.6;
	}

	@Override
	public double contextScore() {
		return 0.95;
	}

	@Override
	public int maxTokens() {
		return 3;
	}
}
