package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableInfo;
import dev.coffer.catalog.CatalogModel.TableRef;

/**
 * What differs between databases: identifier quoting, system schemas, how the catalog is read and
 * how a table is sampled with the database's own sampling. The default reads the catalog through
 * {@link DatabaseMetaData}; sampled values are always read as text, cut to {@link #MAX_VALUE_CHARS}
 * in the query itself.
 */
abstract class Dialect {

	/** Longest prefix of a value that is sampled (enough for a JWT or the header of a PEM key). */
	static final int MAX_VALUE_CHARS = 1024;

	static Dialect of(DataSourceType type) {
		return switch (type) {
			case POSTGRESQL -> new PostgresDialect();
			case MYSQL -> new MariaDbDialect();
			case H2 -> new H2Dialect();
			case SNOWFLAKE -> new SnowflakeDialect();
		};
	}

	abstract Set<String> systemSchemas();

	String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	String qualified(TableRef table) {
		return quote(table.schema()) + "." + quote(table.table());
	}

	boolean systemSchema(String schema) {
		return systemSchemas().contains(schema.toLowerCase(Locale.ROOT));
	}

	/** The schemas a user would catalog, sorted, system schemas left out. */
	List<String> schemas(Connection connection) throws SQLException {
		List<String> schemas = new ArrayList<>();
		try (ResultSet rs = connection.getMetaData().getSchemas()) {
			while (rs.next()) {
				String name = rs.getString("TABLE_SCHEM");
				if (name != null && !systemSchema(name)) {
					schemas.add(name);
				}
			}
		}
		schemas.sort(null);
		return schemas;
	}

	/** Tables and views of a schema, sorted by name. */
	List<TableInfo> tables(Connection connection, String schema) throws SQLException {
		DatabaseMetaData meta = connection.getMetaData();
		List<TableInfo> tables = new ArrayList<>();
		try (ResultSet rs = getTables(meta, schema)) {
			while (rs.next()) {
				String type = CatalogModel.tableType(rs.getString("TABLE_TYPE"));
				String name = rs.getString("TABLE_NAME");
				if (type != null && name != null && schema.equals(schemaOf(rs))) {
					tables.add(new TableInfo(schema, name, type));
				}
			}
		}
		tables.sort((a, b) -> a.name().compareTo(b.name()));
		return tables;
	}

	ResultSet getTables(DatabaseMetaData meta, String schema) throws SQLException {
		return meta.getTables(null, escape(schema, meta), "%", null);
	}

	String schemaOf(ResultSet tablesOrColumns) throws SQLException {
		return tablesOrColumns.getString("TABLE_SCHEM");
	}

	/**
	 * Columns of one table ({@code table} given) or of every table of a schema ({@code null}), by
	 * table name, each in ordinal order.
	 */
	Map<String, List<ColumnInfo>> columns(Connection connection, String schema, String table) throws SQLException {
		DatabaseMetaData meta = connection.getMetaData();
		Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
		try (ResultSet rs = getColumns(meta, schema, table == null ? "%" : escape(table, meta))) {
			while (rs.next()) {
				String tableName = rs.getString("TABLE_NAME");
				if (!schema.equals(schemaOf(rs)) || (table != null && !table.equals(tableName))) {
					continue;
				}
				String typeName = rs.getString("TYPE_NAME");
				columns.computeIfAbsent(tableName, t -> new ArrayList<>())
					.add(new ColumnInfo(rs.getString("COLUMN_NAME"),
							typeName == null ? "" : typeName.toLowerCase(Locale.ROOT), rs.getInt("DATA_TYPE"),
							rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, rs.getInt("ORDINAL_POSITION")));
			}
		}
		columns.values().forEach(list -> list.sort((a, b) -> Integer.compare(a.ordinal(), b.ordinal())));
		return columns;
	}

	ResultSet getColumns(DatabaseMetaData meta, String schema, String tablePattern) throws SQLException {
		return meta.getColumns(null, escape(schema, meta), tablePattern, "%");
	}

	/** The database's estimate of the table's rows, or -1 if it has none. */
	long rowEstimate(Connection connection, TableRef table) throws SQLException {
		return -1;
	}

	/** The expression that reads a column as text, cut to {@link #MAX_VALUE_CHARS}. */
	abstract String text(String quotedColumn);

	/**
	 * The one query that samples up to {@code sampleSize} rows of the columns, each as text, with
	 * the database's own sampling where it has one.
	 * @param estimate the row estimate, or -1
	 */
	abstract String sampleSql(TableRef table, List<ColumnInfo> columns, long estimate, int sampleSize);

	/** The plain query for the first rows, used when sampling returned too few rows (a stale estimate). */
	abstract String firstRowsSql(TableRef table, List<ColumnInfo> columns, int sampleSize);

	String selectList(List<ColumnInfo> columns) {
		StringBuilder select = new StringBuilder();
		for (int i = 0; i < columns.size(); i++) {
			if (i > 0) {
				select.append(", ");
			}
			select.append(text(quote(columns.get(i).name()))).append(" AS c").append(i + 1);
		}
		return select.toString();
	}

	static String escape(String name, DatabaseMetaData meta) throws SQLException {
		String escape = meta.getSearchStringEscape();
		if (escape == null || escape.isEmpty()) {
			return name;
		}
		return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
	}

	/** A sampling fraction as SQL text, in percent or as a fraction, never in a locale's format. */
	static String decimal(double value) {
		return java.math.BigDecimal.valueOf(value).setScale(6, java.math.RoundingMode.UP).stripTrailingZeros().toPlainString();
	}
}
