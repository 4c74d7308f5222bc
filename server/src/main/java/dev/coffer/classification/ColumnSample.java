package dev.coffer.classification;

import java.util.List;
import java.util.Objects;

/**
 * A column and values sampled from it, handed to a {@link ColumnClassifier}. The values are
 * sensitive: they live only in memory for the classification and this class never prints them.
 */
public final class ColumnSample {

	private final String schema;

	private final String table;

	private final String column;

	private final String dataType;

	private final List<String> values;

	private final int nullCount;

	private ColumnSample(String schema, String table, String column, String dataType, List<String> values,
			int nullCount) {
		this.schema = schema;
		this.table = table;
		this.column = column;
		this.dataType = dataType;
		this.values = values;
		this.nullCount = nullCount;
	}

	/**
	 * @param dataType the database's type name for the column, e.g. {@code varchar}, {@code int4}
	 * @param values the non-null sampled values, as text
	 * @param nullCount how many sampled rows held NULL
	 */
	public static ColumnSample of(String schema, String table, String column, String dataType, List<String> values,
			int nullCount) {
		Objects.requireNonNull(column, "column cannot be null");
		Objects.requireNonNull(values, "values cannot be null");
		if (nullCount < 0) {
			throw new IllegalArgumentException("nullCount cannot be negative");
		}
		return new ColumnSample(schema, table, column, dataType == null ? "" : dataType, List.copyOf(values),
				nullCount);
	}

	public String schema() {
		return this.schema;
	}

	public String table() {
		return this.table;
	}

	public String column() {
		return this.column;
	}

	public String dataType() {
		return this.dataType;
	}

	/** The non-null sampled values. Sensitive: never log them. */
	public List<String> values() {
		return this.values;
	}

	public int nullCount() {
		return this.nullCount;
	}

	@Override
	public String toString() {
		return "ColumnSample[" + this.schema + "." + this.table + "." + this.column + " " + this.dataType + ", "
				+ this.values.size() + " values (redacted), " + this.nullCount + " nulls]";
	}
}
