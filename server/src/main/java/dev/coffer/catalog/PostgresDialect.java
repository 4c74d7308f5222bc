package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableRef;

/**
 * PostgreSQL: samples with {@code TABLESAMPLE}, sized from {@code pg_class.reltuples}. A table
 * estimated at no more rows than the sample is read with a plain {@code LIMIT}; up to
 * {@value #BERNOULLI_MAX_ROWS} rows with {@code BERNOULLI} (row-level, uniform, reads the whole
 * table); above that with {@code SYSTEM} (block-level: reads only the sampled pages). The
 * percentage asks for 1.5 times the sample so that {@code LIMIT} rarely has to stop short.
 */
class PostgresDialect extends Dialect {

	static final long BERNOULLI_MAX_ROWS = 100_000;

	@Override
	Set<String> systemSchemas() {
		return Set.of("pg_catalog", "information_schema", "pg_toast");
	}

	@Override
	boolean systemSchema(String schema) {
		return super.systemSchema(schema) || schema.startsWith("pg_temp_") || schema.startsWith("pg_toast_temp_");
	}

	@Override
	long rowEstimate(Connection connection, TableRef table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT c.reltuples FROM pg_catalog.pg_class c
				JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = ? AND c.relname = ?""")) {
			statement.setString(1, table.schema());
			statement.setString(2, table.table());
			try (ResultSet rs = statement.executeQuery()) {
				// -1 (PostgreSQL 14+) or 0 (older): never analyzed
				return rs.next() && rs.getDouble(1) > 0 ? (long) rs.getDouble(1) : -1;
			}
		}
	}

	@Override
	String text(String quotedColumn) {
		return "left((" + quotedColumn + ")::text, " + MAX_VALUE_CHARS + ")";
	}

	@Override
	String sampleSql(TableRef table, List<ColumnInfo> columns, long estimate, int sampleSize) {
		if (estimate <= sampleSize) {
			return firstRowsSql(table, columns, sampleSize);
		}
		double percent = Math.min(100.0, 150.0 * sampleSize / estimate);
		String method = estimate <= BERNOULLI_MAX_ROWS ? "BERNOULLI" : "SYSTEM";
		return "SELECT " + selectList(columns) + " FROM " + qualified(table) + " TABLESAMPLE " + method + " ("
				+ decimal(percent) + ") LIMIT " + sampleSize;
	}

	@Override
	String firstRowsSql(TableRef table, List<ColumnInfo> columns, int sampleSize) {
		return "SELECT " + selectList(columns) + " FROM " + qualified(table) + " LIMIT " + sampleSize;
	}
}
