package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A passport number in the formats of common issuers (US, UK: nine digits or a letter and eight
 * digits; Canada: two letters and six digits; Germany: nine characters from C F G H J K and
 * digits; France: two digits, two letters, five digits; India: a letter and seven digits). No
 * issuer publishes a check digit outside the machine-readable zone, so every match is weak and
 * needs the column name or a context word.
 */
final class PassportDetector implements Detector {

	private static final Pattern PASSPORT = Pattern.compile(
			"\\d{9}|[A-Z]\\d{8}|[A-Z]{2}\\d{6}|[A-Z]\\d{7}|\\d{2}[A-Z]{2}\\d{5}|[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8}");

	@Override
	public DetectedType type() {
		return DetectedType.PASSPORT_NUMBER;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length >= 8 && shape.length <= 9 && shape.upper + shape.digits == shape.length && shape.digits >= 5;
	}

	@Override
	public Match check(String value) {
		return PASSPORT.matcher(value).matches() ? Match.WEAK : Match.NONE;
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("passport", "passports", "passportno", "passportnumber", "passportid");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("id", "doc", "document");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("passport", "passports", "travel");
	}

	@Override
	public double baseScore() {
		return 0.4;
	}

	@Override
	public double contextScore() {
		return 0.85;
	}
}
