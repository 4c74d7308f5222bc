package dev.coffer.classification;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.audit.AuditRecord;

/** The checks and audit details that inspect and redact share. */
final class TextRequests {

	private TextRequests() {
	}

	/** @throws ApiException {@code validation_failed} when absent, {@code payload_too_large} above {@link TextInspector#MAX_CHARS} */
	static String text(String text) {
		if (text == null) {
			throw ValidationFailedException.of("text", "required", "is required");
		}
		if (text.length() > TextInspector.MAX_CHARS) {
			throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The text has " + text.length()
					+ " UTF-16 code units; at most " + TextInspector.MAX_CHARS + " are inspected per request");
		}
		return text;
	}

	/** All types when absent; each name must be a known type. */
	static Set<DetectedType> types(List<String> names) {
		if (names == null) {
			return EnumSet.allOf(DetectedType.class);
		}
		if (names.isEmpty()) {
			throw ValidationFailedException.of("types", "empty", "must name at least one type, or be left out for all");
		}
		Set<DetectedType> types = EnumSet.noneOf(DetectedType.class);
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			int index = i;
			types.add(DetectedType.fromApiName(name)
				.orElseThrow(() -> ValidationFailedException.of("types[" + index + "]", "unknown_type",
						"is not a detected type; one of " + String.join(", ", apiNames()))));
		}
		return types;
	}

	static double minScore(Double minScore) {
		if (minScore == null) {
			return TextInspector.DEFAULT_MIN_SCORE;
		}
		if (minScore.isNaN() || minScore < 0 || minScore > 1) {
			throw ValidationFailedException.of("min_score", "out_of_range", "must be between 0 and 1");
		}
		return minScore;
	}

	static List<String> apiNames() {
		return EnumSet.allOf(DetectedType.class).stream().map(DetectedType::apiName).toList();
	}

	/** Counts per type, by API name, sorted: what the audit log keeps of a text (never the text). */
	static Map<String, Integer> countsByType(List<Finding> findings) {
		Map<String, Integer> counts = new TreeMap<>();
		for (Finding finding : findings) {
			counts.merge(finding.type().apiName(), 1, Integer::sum);
		}
		return counts;
	}

	static AuditRecord audit(String action, String text, List<Finding> findings) {
		return AuditRecord.sensitive(action, "text", null, AuditRecord.Outcome.SUCCESS)
			.with("chars", text.length())
			.with("findings", findings.size())
			.with("types", countsByType(findings));
	}

	static double round(double score) {
		return Math.round(score * 100) / 100.0;
	}
}
