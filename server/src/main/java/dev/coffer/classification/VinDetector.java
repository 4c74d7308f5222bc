package dev.coffer.classification;

import java.util.Set;

/**
 * A vehicle identification number (ISO 3779): 17 characters without I, O and Q, whose ninth is
 * the check digit of 49 CFR 565.15 (transliterated values times position weights, mod 11, 10 is X).
 */
final class VinDetector implements Detector {

	@Override
	public DetectedType type() {
		return DetectedType.VIN;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length == 17 && shape.upper + shape.digits == 17 && shape.digits >= 3 && shape.upper >= 2;
	}

	@Override
	public Match check(String value) {
		if (value.length() != 17) {
			return Match.NONE;
		}
		char check = Checksums.vinCheckDigit(value);
		return check != 0 && value.charAt(8) == check ? Match.STRONG : Match.NONE;
	}

	@Override
	public String validator() {
		return "checksum:vin_check_digit";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("vin", "vins", "vinnumber", "chassis");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("vin", "vehicle", "car", "chassis", "truck", "registration");
	}

	@Override
	public double baseScore() {
		return 0.7;
	}

	@Override
	public double contextScore() {
		return 0.95;
	}
}
