package dev.coffer.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * What differs between the databases the governed query runs on: identifier quoting and case
 * folding, the system schemas it refuses, how a table is looked up, the session settings that make
 * the database read the rewritten SQL exactly as the parser did, and the row-filter fence.
 */
abstract class SourceDialect {

	static SourceDialect of(String type) {
		return switch (type) {
			case "postgresql" -> new Postgres();
			case "mysql" -> new MariaDb();
			default -> throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
					"The governed query runs on postgresql and mysql data sources, not on " + type);
		};
	}

	/** A table found on the database: its exact schema and name, and its columns in order. */
	record TableMeta(String schema, String name, List<ColumnMeta> columns) {
	}

	record ColumnMeta(String name, String type) {
	}

	/** An identifier as written: its name without quotes, and whether it was quoted. */
	record Ident(String name, boolean quoted) {

		static Ident of(String raw) {
			if (raw.length() >= 2) {
				char first = raw.charAt(0);
				char last = raw.charAt(raw.length() - 1);
				if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
					String inner = raw.substring(1, raw.length() - 1);
					return new Ident(first == '[' ? inner : inner.replace(String.valueOf(first) + first, String.valueOf(first)), true);
				}
			}
			return new Ident(raw, false);
		}
	}

	abstract String quote(String name);

	/** Whether {@code written} names the object called {@code actual}. */
	abstract boolean matches(Ident written, String actual);

	/** The key two names compare under, for aliases and output names. */
	abstract String key(Ident ident);

	/** The name the database gives an object declared with this identifier (PostgreSQL folds unquoted names). */
	String fold(Ident ident) {
		return ident.name();
	}

	abstract Set<String> systemSchemas();

	boolean systemSchema(String schema) {
		return systemSchemas().contains(schema.toLowerCase(Locale.ROOT));
	}

	/** Session settings before the query: literal and identifier syntax as the parser reads it, and the timeout. */
	abstract void prepareSession(Connection connection, int timeoutSeconds) throws SQLException;

	/** The table {@code schema.table} (or {@code table} in the default schema), or {@code null}. */
	abstract TableMeta find(Connection connection, Ident schema, Ident table) throws SQLException;

	/** A text comparison of {@code column} against bound values (exact, case-sensitive), with its parameters. */
	abstract String inValues(String quotedColumn, List<String> values, List<Object> params, Connection connection)
			throws SQLException;

	/**
	 * What keeps the database from evaluating the caller's conditions before the row filter (a
	 * condition that fails on a hidden row would reveal it in an error or its timing).
	 */
	abstract String fence();

	static List<ColumnMeta> columns(Connection connection, String sql, Object... params) throws SQLException {
		List<ColumnMeta> columns = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					columns.add(new ColumnMeta(rs.getString(1), rs.getString(2)));
				}
			}
		}
		return columns;
	}

	/** PostgreSQL: unquoted names fold to lower case; unqualified tables follow {@code search_path}. */
	static final class Postgres extends SourceDialect {

		@Override
		String quote(String name) {
			return "\"" + name.replace("\"", "\"\"") + "\"";
		}

		@Override
		boolean matches(Ident written, String actual) {
			return written.quoted() ? written.name().equals(actual) : written.name().toLowerCase(Locale.ROOT).equals(actual);
		}

		@Override
		String key(Ident ident) {
			return ident.quoted() ? ident.name() : ident.name().toLowerCase(Locale.ROOT);
		}

		@Override
		String fold(Ident ident) {
			return key(ident);
		}

		@Override
		Set<String> systemSchemas() {
			return Set.of("pg_catalog", "information_schema", "pg_toast");
		}

		@Override
		boolean systemSchema(String schema) {
			return super.systemSchema(schema) || schema.startsWith("pg_");
		}

		@Override
		void prepareSession(Connection connection, int timeoutSeconds) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET standard_conforming_strings = on");
				statement.execute("SET statement_timeout = " + (timeoutSeconds * 1000L));
			}
		}

		@Override
		TableMeta find(Connection connection, Ident schema, Ident table) throws SQLException {
			String tableName = key(table);
			String sql = "SELECT n.nspname, c.relname, c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE c.relname = ? AND c.relkind IN ('r', 'v', 'm', 'f', 'p') AND "
					+ (schema == null ? "n.nspname = ANY (pg_catalog.current_schemas(false)) "
							+ "ORDER BY pg_catalog.array_position(pg_catalog.current_schemas(false), n.nspname::text) LIMIT 1"
							: "n.nspname = ?");
			String foundSchema;
			String foundName;
			long oid;
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setString(1, tableName);
				if (schema != null) {
					statement.setString(2, key(schema));
				}
				try (ResultSet rs = statement.executeQuery()) {
					if (!rs.next()) {
						return null;
					}
					foundSchema = rs.getString(1);
					foundName = rs.getString(2);
					oid = rs.getLong(3);
				}
			}
			return new TableMeta(foundSchema, foundName, columns(connection,
					"SELECT attname, pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute "
							+ "WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum", oid));
		}

		@Override
		String inValues(String quotedColumn, List<String> values, List<Object> params, Connection connection)
				throws SQLException {
			params.add(connection.createArrayOf("text", values.toArray()));
			return "CAST(" + quotedColumn + " AS text) = ANY (?)";
		}

		@Override
		String fence() {
			// a subquery with OFFSET is neither pulled up nor given the outer conditions
			return " OFFSET 0";
		}
	}

	/** MariaDB and MySQL: a schema is a database; names compare case-insensitively here. */
	static final class MariaDb extends SourceDialect {

		@Override
		String quote(String name) {
			return "`" + name.replace("`", "``") + "`";
		}

		@Override
		boolean matches(Ident written, String actual) {
			return written.name().equalsIgnoreCase(actual);
		}

		@Override
		String key(Ident ident) {
			return ident.name().toLowerCase(Locale.ROOT);
		}

		@Override
		Set<String> systemSchemas() {
			return Set.of("information_schema", "mysql", "performance_schema", "sys");
		}

		@Override
		void prepareSession(Connection connection, int timeoutSeconds) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				// "..." names an identifier and '\' is no escape, as the parser read the statement
				statement.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES,NO_BACKSLASH_ESCAPES')");
			}
		}

		@Override
		TableMeta find(Connection connection, Ident schema, Ident table) throws SQLException {
			String sql = "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
					+ (schema == null ? "DATABASE()" : "?") + " AND TABLE_NAME = ?";
			String foundSchema = null;
			String foundName = null;
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				int i = 1;
				if (schema != null) {
					statement.setString(i++, schema.name());
				}
				statement.setString(i, table.name());
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						String name = rs.getString(2);
						if (foundName == null || name.equals(table.name())) {
							foundSchema = rs.getString(1);
							foundName = name;
						}
					}
				}
			}
			if (foundName == null) {
				return null;
			}
			return new TableMeta(foundSchema, foundName, columns(connection,
					"SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
							+ "ORDER BY ORDINAL_POSITION", foundSchema, foundName));
		}

		@Override
		String inValues(String quotedColumn, List<String> values, List<Object> params, Connection connection) {
			StringBuilder sql = new StringBuilder("BINARY CAST(").append(quotedColumn).append(" AS CHAR) IN (");
			for (int i = 0; i < values.size(); i++) {
				sql.append(i == 0 ? "?" : ", ?");
				params.add(values.get(i));
			}
			return sql.append(')').toString();
		}

		@Override
		String fence() {
			// a derived table with LIMIT is materialized, never merged with the outer query or given its conditions
			return " LIMIT 18446744073709551615";
		}
	}
}
