package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableRef;

/**
 * MariaDB and MySQL: a "schema" is a database (a JDBC catalog). They have no {@code TABLESAMPLE},
 * so sampling uses the row estimate of {@code information_schema.TABLES} and a row-level Bernoulli
 * filter that stops as soon as the sample is full: a table estimated at no more rows than the
 * sample is read with {@code LIMIT}; up to {@value #FULL_SCAN_FACTOR} times the sample with
 * {@code WHERE RAND() < p LIMIT n}; larger tables with the same filter over the first
 * {@value #FULL_SCAN_FACTOR} × n rows in storage order (a bounded scan: cheap, but biased
 * towards the start of the table).
 */
class MariaDbDialect extends Dialect {

	static final int FULL_SCAN_FACTOR = 100;

	@Override
	Set<String> systemSchemas() {
		return Set.of("information_schema", "mysql", "performance_schema", "sys");
	}

	@Override
	String quote(String identifier) {
		return "`" + identifier.replace("`", "``") + "`";
	}

	@Override
	List<String> schemas(Connection connection) throws SQLException {
		List<String> schemas = new ArrayList<>();
		try (ResultSet rs = connection.getMetaData().getCatalogs()) {
			while (rs.next()) {
				String name = rs.getString("TABLE_CAT");
				if (name != null && !systemSchema(name)) {
					schemas.add(name);
				}
			}
		}
		schemas.sort(null);
		return schemas;
	}

	@Override
	ResultSet getTables(DatabaseMetaData meta, String schema) throws SQLException {
		return meta.getTables(schema, null, "%", null);
	}

	@Override
	String schemaOf(ResultSet tablesOrColumns) throws SQLException {
		return tablesOrColumns.getString("TABLE_CAT");
	}

	@Override
	ResultSet getColumns(DatabaseMetaData meta, String schema, String tablePattern) throws SQLException {
		return meta.getColumns(schema, null, tablePattern, "%");
	}

	@Override
	long rowEstimate(Connection connection, TableRef table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
			statement.setString(1, table.schema());
			statement.setString(2, table.table());
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					return -1;
				}
				long rows = rs.getLong(1);
				return rs.wasNull() ? -1 : rows;
			}
		}
	}

	@Override
	String text(String quotedColumn) {
		return "LEFT(" + quotedColumn + ", " + MAX_VALUE_CHARS + ")";
	}

	@Override
	String sampleSql(TableRef table, List<ColumnInfo> columns, long estimate, int sampleSize) {
		if (estimate <= sampleSize) {
			return firstRowsSql(table, columns, sampleSize);
		}
		long scanned = Math.min(estimate, (long) FULL_SCAN_FACTOR * sampleSize);
		String fraction = decimal(Math.min(1.0, 1.5 * sampleSize / scanned));
		if (estimate <= (long) FULL_SCAN_FACTOR * sampleSize) {
			return "SELECT " + selectList(columns) + " FROM " + qualified(table) + " WHERE RAND() < " + fraction
					+ " LIMIT " + sampleSize;
		}
		return "SELECT * FROM (SELECT " + selectList(columns) + " FROM " + qualified(table) + " LIMIT " + scanned
				+ ") AS coffer_sample WHERE RAND() < " + fraction + " LIMIT " + sampleSize;
	}

	@Override
	String firstRowsSql(TableRef table, List<ColumnInfo> columns, int sampleSize) {
		return "SELECT " + selectList(columns) + " FROM " + qualified(table) + " LIMIT " + sampleSize;
	}
}
