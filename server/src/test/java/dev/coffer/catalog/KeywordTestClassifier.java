package dev.coffer.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

import dev.coffer.classification.ColumnClassifier;
import dev.coffer.classification.ColumnSample;
import dev.coffer.classification.ColumnVerdict;
import dev.coffer.classification.DetectedType;

/**
 * Test-only {@link ColumnClassifier} (in src/test, active only with
 * {@code coffer.test.keyword-classifier=true}): a column is of a type when most of its sampled
 * values match the type's pattern (and checksum, for cards); the column name only raises the
 * confidence. Enough to test the catalog's job, tags and decoys without the real detectors. A
 * column named {@code explode} makes it throw.
 */
@Component
@Primary
@ConditionalOnProperty(name = "coffer.test.keyword-classifier", havingValue = "true")
class KeywordTestClassifier implements ColumnClassifier {

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

	private static final Pattern SSN = Pattern.compile("[0-9]{3}-[0-9]{2}-[0-9]{4}");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{6,18}[0-9]");

	private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}.*");

	private static final Pattern CARD = Pattern.compile("[0-9][0-9 -]{11,22}[0-9]");

	@Override
	public ColumnVerdict classify(ColumnSample sample) {
		String name = sample.column().toLowerCase(Locale.ROOT);
		if (name.equals("explode")) {
			throw new IllegalStateException("test classifier asked to fail");
		}
		List<String> values = sample.values();
		DetectedType best = null;
		double bestRate = 0;
		boolean luhn = false;
		for (DetectedType type : List.of(DetectedType.EMAIL, DetectedType.US_SSN, DetectedType.PAYMENT_CARD, DetectedType.PHONE)) {
			if (values.isEmpty()) {
				break;
			}
			long matches = values.stream().filter(value -> matches(type, value.trim())).count();
			double rate = (double) matches / values.size();
			if (rate > bestRate) {
				bestRate = rate;
				best = type;
				luhn = type == DetectedType.PAYMENT_CARD;
			}
		}
		List<String> evidence = new ArrayList<>();
		evidence.add("data_type:" + sample.dataType());
		if (best == null || bestRate < 0.5) {
			return ColumnVerdict.unclassified(values.size(), evidence);
		}
		evidence.add("value_pattern");
		if (luhn) {
			evidence.add("checksum:luhn");
		}
		boolean nameHint = hint(best, name);
		if (nameHint) {
			evidence.add("column_name:" + name);
		}
		double confidence = Math.min(1.0, bestRate * (nameHint ? 1.0 : 0.75));
		return new ColumnVerdict(best, confidence, bestRate, values.size(), evidence);
	}

	private static boolean hint(DetectedType type, String name) {
		return switch (type) {
			case EMAIL -> name.contains("mail");
			case US_SSN -> name.contains("ssn");
			case PAYMENT_CARD -> name.contains("card");
			case PHONE -> name.contains("phone");
			default -> false;
		};
	}

	private static boolean matches(DetectedType type, String value) {
		return switch (type) {
			case EMAIL -> EMAIL.matcher(value).matches();
			case US_SSN -> SSN.matcher(value).matches();
			case PHONE -> PHONE.matcher(value).matches() && !CARD.matcher(value).matches() && !DATE.matcher(value).matches()
					&& value.chars().filter(Character::isDigit).count() >= 7;
			case PAYMENT_CARD -> CARD.matcher(value).matches() && luhn(value.replaceAll("[^0-9]", ""));
			default -> false;
		};
	}

	static boolean luhn(String digits) {
		if (digits.length() < 13 || digits.length() > 19) {
			return false;
		}
		int sum = 0;
		for (int i = 0; i < digits.length(); i++) {
			int digit = digits.charAt(digits.length() - 1 - i) - '0';
			if (i % 2 == 1) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
		}
		return sum % 10 == 0;
	}
}
