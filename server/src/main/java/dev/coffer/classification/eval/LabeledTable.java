package dev.coffer.classification.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated table: named columns of the same number of rows. {@link #createTableSql(char)} and
 * {@link #insertSql(char)} and {@link #row(int)} load it into a real database (the values are text; a JDBC driver converts them
 * to the column types with {@code setObject(i, value, Types.OTHER)} on PostgreSQL or plain
 * {@code setString} on MariaDB and H2).
 */
public final class LabeledTable {

	private final String name;

	private final List<LabeledColumn> columns;

	LabeledTable(String name, List<LabeledColumn> columns) {
		this.name = name;
		this.columns = List.copyOf(columns);
		int rows = columns.get(0).values().size();
		for (LabeledColumn column : columns) {
			if (column.values().size() != rows) {
				throw new IllegalArgumentException("column " + column.name() + " has another row count");
			}
		}
	}

	public String name() {
		return this.name;
	}

	public List<LabeledColumn> columns() {
		return this.columns;
	}

	public int rowCount() {
		return this.columns.get(0).values().size();
	}

	/** Row {@code index}: one value per column, in column order, null for SQL NULL. */
	public List<String> row(int index) {
		List<String> row = new ArrayList<>(this.columns.size());
		for (LabeledColumn column : this.columns) {
			row.add(column.values().get(index));
		}
		return row;
	}

	/**
	 * {@code CREATE TABLE name (col type, ...)} in the SQL common to PostgreSQL, MariaDB and H2;
	 * {@code quote} quotes camelCase column names: {@code "} for PostgreSQL and H2, {@code `} for MariaDB.
	 */
	public String createTableSql(char quote) {
		StringBuilder sql = new StringBuilder("CREATE TABLE ").append(this.name).append(" (");
		for (int i = 0; i < this.columns.size(); i++) {
			LabeledColumn column = this.columns.get(i);
			sql.append(i == 0 ? "" : ", ").append(quote(column.name(), quote)).append(' ').append(column.sqlType());
		}
		return sql.append(')').toString();
	}

	/** {@code INSERT INTO name (cols) VALUES (?, ...)}, names quoted as in {@link #createTableSql(char)}. */
	public String insertSql(char quote) {
		StringBuilder sql = new StringBuilder("INSERT INTO ").append(this.name).append(" (");
		for (int i = 0; i < this.columns.size(); i++) {
			sql.append(i == 0 ? "" : ", ").append(quote(this.columns.get(i).name(), quote));
		}
		sql.append(") VALUES (");
		for (int i = 0; i < this.columns.size(); i++) {
			sql.append(i == 0 ? "?" : ", ?");
		}
		return sql.append(')').toString();
	}

	/** camelCase names keep their case only when quoted; lower snake case needs no quotes. */
	private static String quote(String name, char quote) {
		return name.equals(name.toLowerCase(java.util.Locale.ROOT)) ? name : quote + name + quote;
	}

	@Override
	public String toString() {
		return "LabeledTable[" + this.name + ", " + this.columns.size() + " columns, " + rowCount() + " rows]";
	}
}
