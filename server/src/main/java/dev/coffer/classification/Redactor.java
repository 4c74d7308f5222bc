package dev.coffer.classification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.coffer.tokenization.TokenIssuer;

/**
 * Replaces findings in a text: by a mask of the same length in code points, by the type label
 * ({@code [EMAIL]}), or by a vaulted token. Tokens take the format-preserving format of their type
 * where one exists ({@code card}, {@code ssn}, {@code email}, {@code phone}) or {@code alphanumeric},
 * unless the caller names one; a value the format refuses gets an {@code alphanumeric} token, so
 * no finding is ever left in the clear.
 */
@Component
class Redactor {

	static final String FALLBACK_FORMAT = "alphanumeric";

	private static final Map<DetectedType, String> FORMATS = Map.of(DetectedType.PAYMENT_CARD, "card",
			DetectedType.US_SSN, "ssn", DetectedType.EMAIL, "email", DetectedType.PHONE, "phone");

	private final TokenIssuer tokens;

	Redactor(TokenIssuer tokens) {
		this.tokens = tokens;
	}

	boolean isTokenFormat(String format) {
		return this.tokens.formats().contains(format);
	}

	List<String> masks(String text, List<Finding> findings, String maskChar) {
		List<String> out = new ArrayList<>(findings.size());
		for (Finding finding : findings) {
			out.add(maskChar.repeat(text.codePointCount(finding.start(), finding.end())));
		}
		return out;
	}

	List<String> labels(List<Finding> findings) {
		List<String> out = new ArrayList<>(findings.size());
		for (Finding finding : findings) {
			out.add("[" + finding.type().apiName().toUpperCase(Locale.ROOT) + "]");
		}
		return out;
	}

	/** One token per finding; {@code format} null picks the format by type. */
	List<String> tokens(String text, List<Finding> findings, String format, boolean deterministic) {
		String[] out = new String[findings.size()];
		Map<String, List<Integer>> byFormat = new LinkedHashMap<>();
		for (int i = 0; i < findings.size(); i++) {
			String chosen = format != null ? format : FORMATS.getOrDefault(findings.get(i).type(), FALLBACK_FORMAT);
			byFormat.computeIfAbsent(chosen, f -> new ArrayList<>()).add(i);
		}
		List<Integer> refused = new ArrayList<>();
		byFormat.forEach((name, indexes) -> issue(text, findings, name, indexes, deterministic, out, refused));
		if (!refused.isEmpty()) {
			List<Integer> again = new ArrayList<>();
			issue(text, findings, FALLBACK_FORMAT, refused, deterministic, out, again);
			for (int i : again) {
				Finding finding = findings.get(i);
				out[i] = "*".repeat(text.codePointCount(finding.start(), finding.end()));
			}
		}
		return List.of(out);
	}

	private void issue(String text, List<Finding> findings, String format, List<Integer> indexes, boolean deterministic,
			String[] out, List<Integer> refused) {
		List<String> values = new ArrayList<>(indexes.size());
		for (int i : indexes) {
			values.add(text.substring(findings.get(i).start(), findings.get(i).end()));
		}
		List<String> issued = this.tokens.tokenize(format, values, deterministic);
		for (int k = 0; k < indexes.size(); k++) {
			if (issued.get(k) == null) {
				refused.add(indexes.get(k));
			}
			else {
				out[indexes.get(k)] = issued.get(k);
			}
		}
	}
}
