package dev.coffer.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Classifies a column by running every {@link Detector} on each sampled cell as a whole. A type
 * is proposed when enough of the non-null samples match it: weak matches (a five-digit number, a
 * date, a lone first name) count only when the column name names the type as a whole word in
 * head position ({@code zip}, {@code billing_zip_code}, not {@code zip_count}). The column name
 * adds a bounded boost and never decides alone; booleans, UUIDs, binary and time-of-day columns,
 * boolean-looking and UUID values and sequential counters are left unclassified.
 */
@Component
final class DetectorColumnClassifier implements ColumnClassifier {

	static final int MIN_SAMPLES = 5;

	static final double MIN_RATE = 0.6;

	static final double MIN_RATE_WITH_NAME = 0.4;

	/** Types whose value pattern is specific enough to overrule a misleading column name ({@code user_id} holding emails). */
	private static final Set<DetectedType> SELF_EVIDENT = Set.of(DetectedType.EMAIL, DetectedType.PAYMENT_CARD,
			DetectedType.IBAN, DetectedType.JWT, DetectedType.PRIVATE_KEY, DetectedType.AWS_ACCESS_KEY,
			DetectedType.US_SSN, DetectedType.UK_NINO, DetectedType.VIN, DetectedType.MAC_ADDRESS);

	private static final Set<String> BOOLEAN_VALUES = Set.of("true", "false", "t", "f", "yes", "no", "y", "n", "0", "1",
			"on", "off");

	private static final int BOOLEAN_MAX_LENGTH = BOOLEAN_VALUES.stream().mapToInt(String::length).max().orElse(0);

	@Override
	public ColumnVerdict classify(ColumnSample sample) {
		List<String> values = new ArrayList<>(sample.values().size());
		for (String value : sample.values()) {
			String trimmed = value == null ? "" : value.strip();
			if (!trimmed.isEmpty()) {
				values.add(trimmed);
			}
		}
		int n = values.size();
		List<String> evidence = new ArrayList<>();
		DataKind kind = DataKind.of(sample.dataType());
		evidence.add("data_type:" + typeName(sample.dataType()));
		if (n < MIN_SAMPLES) {
			evidence.add("sample_size:too_small");
			return ColumnVerdict.unclassified(n, evidence);
		}
		if (kind == DataKind.BOOLEAN || kind == DataKind.UUID || kind == DataKind.BINARY || kind == DataKind.TIME) {
			evidence.add("data_type_excluded:" + kind.name().toLowerCase(Locale.ROOT));
			return ColumnVerdict.unclassified(n, evidence);
		}
		// lower-casing never shortens a string: longer values cannot be one of the words
		if (share(values, v -> v.length() <= BOOLEAN_MAX_LENGTH && BOOLEAN_VALUES.contains(v.toLowerCase(Locale.ROOT))) >= 0.9) {
			evidence.add("values:boolean");
			return ColumnVerdict.unclassified(n, evidence);
		}
		if (share(values, ApiKeyDetector::uuid) >= 0.9) {
			evidence.add("values:uuid");
			return ColumnVerdict.unclassified(n, evidence);
		}
		ColumnName name = ColumnName.of(sample.column());
		boolean counter = Counters.sequential(values);
		String decoy = name.decoyHead();
		Shape[] shapes = new Shape[n];
		for (int i = 0; i < n; i++) {
			shapes[i] = Shape.of(values.get(i));
		}
		Candidate best = null;
		for (Detector detector : Detectors.ALL) {
			DetectedType type = detector.type();
			if (!kind.admits(type)) {
				continue;
			}
			String hint = name.hint(detector);
			if (counter && hint == null) {
				continue;
			}
			int strong = 0;
			int weak = 0;
			for (int i = 0; i < n; i++) {
				if (!detector.accepts(shapes[i])) {
					continue;
				}
				Match match = detector.check(values.get(i));
				if (match == Match.STRONG) {
					strong++;
				}
				else if (match == Match.WEAK) {
					weak++;
				}
			}
			int matched = strong + (hint != null ? weak : 0);
			double rate = (double) matched / n;
			double threshold = hint != null ? MIN_RATE_WITH_NAME : MIN_RATE;
			if (matched == 0 || rate < threshold) {
				continue;
			}
			if (hint == null && decoy != null && !(SELF_EVIDENT.contains(type) && rate >= 0.9)) {
				continue;
			}
			double confidence = 0.55 + 0.35 * (rate - threshold) / (1 - threshold);
			if (detector.validator() != null) {
				confidence += 0.05;
			}
			if (hint != null) {
				confidence += 0.1;
			}
			if (strong < matched / 2.0) {
				confidence -= 0.1;
			}
			if (kind == DataKind.INTEGER) {
				confidence -= 0.05;
			}
			confidence = Math.max(0, Math.min(1, confidence));
			Candidate candidate = new Candidate(detector, rate, confidence, hint, strong, weak);
			if (best == null || candidate.confidence > best.confidence + 1e-9) {
				best = candidate;
			}
		}
		if (counter) {
			evidence.add("values:sequential");
		}
		if (best == null) {
			if (decoy != null) {
				evidence.add("column_name_decoy:" + decoy);
			}
			return ColumnVerdict.unclassified(n, evidence);
		}
		evidence.add("value_pattern:" + best.detector.type().apiName());
		if (best.detector.validator() != null) {
			evidence.add(best.detector.validator());
		}
		if (best.hint != null) {
			evidence.add("column_name:" + best.hint);
		}
		if (best.weak > 0 && best.hint != null) {
			evidence.add("weak_matches_named_by_column");
		}
		return new ColumnVerdict(best.detector.type(), round(best.confidence), round(best.rate), n, evidence);
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	private static double share(List<String> values, java.util.function.Predicate<String> test) {
		int count = 0;
		for (String value : values) {
			if (test.test(value)) {
				count++;
			}
		}
		return (double) count / values.size();
	}

	/** The database's type name for evidence: lower case, letters, digits and {@code ( ) , _ space}, at most 40 characters. */
	static String typeName(String dataType) {
		StringBuilder out = new StringBuilder();
		for (char c : dataType.toLowerCase(Locale.ROOT).toCharArray()) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '(' || c == ')' || c == ',' || c == '_'
					|| c == ' ') {
				out.append(c);
			}
			if (out.length() == 40) {
				break;
			}
		}
		return out.isEmpty() ? "unknown" : out.toString().trim();
	}

	private record Candidate(Detector detector, double rate, double confidence, String hint, int strong, int weak) {
	}
}
