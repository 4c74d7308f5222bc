package dev.coffer.classification;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ColumnClassifier} concluded about one column. Holds no sampled value.
 *
 * @param type the detected type, or {@code null} when the column is not classified as sensitive
 * @param confidence 0..1; 0 when {@code type} is null
 * @param matchRate share of the non-null samples that matched {@code type}'s value pattern and
 * validator, 0..1
 * @param sampleSize the number of non-null samples looked at
 * @param evidence short descriptions of what was used (for example {@code value_pattern},
 * {@code checksum:luhn}, {@code column_name:email}, {@code data_type:varchar}); never a value
 */
public record ColumnVerdict(DetectedType type, double confidence, double matchRate, int sampleSize,
		List<String> evidence) {

	public ColumnVerdict {
		Objects.requireNonNull(evidence, "evidence cannot be null");
		evidence = List.copyOf(evidence);
		if (confidence < 0 || confidence > 1 || matchRate < 0 || matchRate > 1 || sampleSize < 0) {
			throw new IllegalArgumentException("confidence and matchRate must be in 0..1, sampleSize >= 0");
		}
	}

	/** A column found not sensitive. */
	public static ColumnVerdict unclassified(int sampleSize, List<String> evidence) {
		return new ColumnVerdict(null, 0, 0, sampleSize, evidence);
	}
}
