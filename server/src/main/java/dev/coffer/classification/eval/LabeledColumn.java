package dev.coffer.classification.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.coffer.classification.DetectedType;

/**
 * A generated column with its true label: the sensitive type it holds, or none; a decoy is a
 * column made to look sensitive that is not. The values are synthetic but shaped like real ones,
 * so {@link #toString()} leaves them out all the same.
 */
public final class LabeledColumn {

	private final String name;

	private final String sqlType;

	private final DetectedType label;

	private final boolean decoy;

	private final List<String> values;

	LabeledColumn(String name, String sqlType, DetectedType label, boolean decoy, List<String> values) {
		this.name = name;
		this.sqlType = sqlType;
		this.label = label;
		this.decoy = decoy;
		this.values = Collections.unmodifiableList(new ArrayList<>(values));
	}

	/** The column name, lower snake case or camelCase as generated. */
	public String name() {
		return this.name;
	}

	/**
	 * A SQL type that PostgreSQL, MariaDB and H2 all accept: {@code varchar(n)}, {@code text},
	 * {@code integer}, {@code bigint}, {@code boolean}, {@code date}, {@code timestamp},
	 * {@code numeric(p,s)}, {@code char(36)}.
	 */
	public String sqlType() {
		return this.sqlType;
	}

	/** The true type, or null for a column that is not sensitive. */
	public DetectedType label() {
		return this.label;
	}

	/** Whether the column was made to look sensitive (name or values) without being so. */
	public boolean decoy() {
		return this.decoy;
	}

	/** One value per row, as text in the form a JDBC driver would return it; null for SQL NULL. */
	public List<String> values() {
		return this.values;
	}

	/** The non-null values, as a data source sample would hand them to the classifier. */
	public List<String> nonNullValues() {
		List<String> present = new ArrayList<>(this.values.size());
		for (String value : this.values) {
			if (value != null) {
				present.add(value);
			}
		}
		return present;
	}

	public int nullCount() {
		return this.values.size() - nonNullValues().size();
	}

	@Override
	public String toString() {
		return "LabeledColumn[" + this.name + " " + this.sqlType + " label=" + (this.label == null ? "none" : this.label.apiName())
				+ (this.decoy ? " decoy" : "") + ", " + this.values.size() + " values]";
	}
}
