package dev.coffer.classification.eval;

import java.util.List;
import java.util.function.Function;

import dev.coffer.classification.DetectedType;

/**
 * How to generate one kind of column: its name variants, SQL type, label, and values.
 *
 * @param sequential the values are replaced by an increasing sequence (ids, order numbers)
 */
record ColumnSpec(List<String> names, String sqlType, DetectedType label, boolean decoy, boolean nullable,
		boolean sequential, Function<Values, String> generator) {

	static ColumnSpec sensitive(DetectedType label, String sqlType, Function<Values, String> generator, String... names) {
		return new ColumnSpec(List.of(names), sqlType, label, false, true, false, generator);
	}

	static ColumnSpec decoy(String sqlType, Function<Values, String> generator, String... names) {
		return new ColumnSpec(List.of(names), sqlType, null, true, true, false, generator);
	}

	static ColumnSpec sequence(String sqlType, Function<Values, String> format, String... names) {
		return new ColumnSpec(List.of(names), sqlType, null, true, false, true, format);
	}

	static ColumnSpec plain(String sqlType, Function<Values, String> generator, String... names) {
		return new ColumnSpec(List.of(names), sqlType, null, false, true, false, generator);
	}
}
