package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A UK National Insurance number: two prefix letters, six digits, a suffix A-D, compact or in
 * pairs ({@code AB 12 34 56 C}). Neither prefix letter is D, F, I, Q, U or V, the second is not O,
 * and BG, GB, KN, NK, NT, TN and ZZ are never issued (HMRC NIM39110).
 */
final class NinoDetector implements Detector {

	private static final Pattern NINO = Pattern.compile(
			"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-D])");

	private static final Set<String> NOT_ISSUED = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

	@Override
	public DetectedType type() {
		return DetectedType.UK_NINO;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.digits == 6 && shape.upper == 3 && shape.lower == 0 && shape.length <= 13 && shape.others == 0;
	}

	@Override
	public Match check(String value) {
		var matcher = NINO.matcher(value);
		if (!matcher.matches() || NOT_ISSUED.contains(matcher.group(1))) {
			return Match.NONE;
		}
		// spacing is all or nothing: AB123456C or AB 12 34 56 C
		return value.length() == 9 || value.length() == 13 ? Match.STRONG : Match.NONE;
	}

	@Override
	public String validator() {
		return "rules:nino_prefix_suffix";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("nino", "ni", "nin", "nationalinsurance", "insurance");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("nino", "ni", "national", "insurance", "hmrc");
	}

	@Override
	public double baseScore() {
		return 0.65;
	}

	@Override
	public double contextScore() {
		return 0.95;
	}

	@Override
	public int maxTokens() {
		return 5;
	}
}
