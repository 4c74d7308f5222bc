package dev.coffer.classification;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Recognises columns of sequential numbers (ids, order numbers, counters) from their samples. */
final class Counters {

	private Counters() {
	}

	/**
	 * Whether the values are distinct integers of at most 18 digits packed into a narrow range:
	 * the span between the smallest and largest is under a hundredth of the numbers of their length
	 * (order numbers 2024000123..2024099871, not phone numbers spread over area codes).
	 */
	static boolean sequential(List<String> values) {
		if (values.size() < 10) {
			return false;
		}
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		int maxLength = 0;
		Set<Long> distinct = new HashSet<>();
		for (String value : values) {
			if (value.length() > 18 || value.isEmpty()) {
				return false;
			}
			for (int i = 0; i < value.length(); i++) {
				if (value.charAt(i) < '0' || value.charAt(i) > '9') {
					return false;
				}
			}
			long number = Long.parseLong(value);
			min = Math.min(min, number);
			max = Math.max(max, number);
			maxLength = Math.max(maxLength, value.length());
			distinct.add(number);
		}
		if (distinct.size() < values.size() * 0.9) {
			return false;
		}
		double space = Math.pow(10, maxLength);
		return (max - min) < space / 100;
	}
}
