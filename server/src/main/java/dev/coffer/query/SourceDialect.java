package dev.coffer.query;

import java.nio.charset.StandardCharsets;
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
 * What differs between the databases the governed query runs on: identifier quoting, case folding
 * and length, the system schemas it refuses, how a table and its relatives (partitions, inheritance,
 * what a view reads) are looked up, the session settings that make the database read the rewritten
 * SQL exactly as the parser did, and the row-filter fence.
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

	/**
	 * A table found on the database: its exact schema and name, its columns in order, and what kind
	 * of relation it is.
	 *
	 * @param id the database's own id of the relation (PostgreSQL: its oid; MariaDB: 0)
	 * @param kind {@code table}, {@code view} (views and materialized views) or {@code foreign}
	 */
	record TableMeta(String schema, String name, List<ColumnMeta> columns, long id, String kind) {

		TableMeta(String schema, String name, List<ColumnMeta> columns) {
			this(schema, name, columns, 0, "table");
		}

		boolean isView() {
			return "view".equals(this.kind);
		}
	}

	/** A relation related to a queried one, with its columns' names. */
	record Relation(String schema, String name, List<String> columns) {
	}

	/**
	 * How a relation relates to others whose policies must reach it: the parents it inherits from
	 * (PostgreSQL partitions and inheritance children, nearest first), the children whose rows it
	 * reads, what a view reads (through other views, with those relations' parents and children),
	 * whether a view calls functions that are not built in (so what it reads cannot be traced), and
	 * whether it belongs to an extension.
	 */
	record Lineage(List<Relation> ancestors, List<Relation> descendants, List<Relation> reads, boolean callsFunctions,
			boolean extensionMember) {

		static final Lineage NONE = new Lineage(List.of(), List.of(), List.of(), false, false);
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

	/**
	 * Refuses an identifier the database would not read as written: longer than it keeps (PostgreSQL
	 * silently cuts names at 63 bytes, so two different names could become one), or empty.
	 */
	abstract void checkLength(Ident ident);

	/**
	 * Refuses SQL text the parser and the database would read differently before any parsing: on
	 * MariaDB {@code --} not followed by a blank is an operator, not a comment, and {@code /*!...*}{@code /}
	 * is executed, while the parser drops both as comments.
	 */
	void checkText(String sql) {
	}

	/** Whether unqualified names in HAVING, GROUP BY and ORDER BY may name a select-list alias (MariaDB). */
	boolean namesSelectAliasesInClauses() {
		return false;
	}

	/** Whether this quoting of an identifier is read as an identifier by the database. */
	abstract boolean quotedAsIdentifier(char quote);

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

	/**
	 * Settings between the checks and the rewritten statement: on PostgreSQL {@code search_path} is
	 * set to {@code pg_catalog} alone, so a function, operator or type name of the statement can only
	 * mean the built-in one the checks allowed (every table is written schema-qualified by then).
	 */
	void beforeExecution(Connection connection) throws SQLException {
	}

	/** The relations whose policies reach {@code table}; {@link Lineage#NONE} where the database has no such relations. */
	Lineage lineage(Connection connection, TableMeta table) throws SQLException {
		return Lineage.NONE;
	}

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

	/** Rows of catalog queries fetched at a time. */
	static final int CATALOG_FETCH_SIZE = 500;

	static List<ColumnMeta> columns(Connection connection, String sql, Object... params) throws SQLException {
		List<ColumnMeta> columns = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			// in fetches: a table of many columns stays within the connection's limit on one fetch's bytes
			statement.setFetchSize(CATALOG_FETCH_SIZE);
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

	/**
	 * PostgreSQL: unquoted names fold to lower case, ASCII letters only (as the server does for
	 * UTF-8 databases: {@code É} stays {@code É}); names are cut at 63 bytes, so longer ones are
	 * refused; unqualified tables follow {@code search_path}.
	 */
	static final class Postgres extends SourceDialect {

		/** NAMEDATALEN - 1: the longest name PostgreSQL keeps, in bytes. */
		static final int MAX_NAME_BYTES = 63;

		@Override
		String quote(String name) {
			return "\"" + name.replace("\"", "\"\"") + "\"";
		}

		@Override
		void checkLength(Ident ident) {
			int bytes = ident.name().getBytes(StandardCharsets.UTF_8).length;
			if (bytes == 0 || bytes > MAX_NAME_BYTES) {
				throw new ApiException(ErrorCode.IDENTIFIER_NOT_ALLOWED, "Identifier '" + SelectParser.shorten(ident.name())
						+ "' is " + (bytes == 0 ? "empty" : bytes + " bytes long; PostgreSQL keeps " + MAX_NAME_BYTES
								+ " bytes of a name and would read a shorter one"));
			}
		}

		@Override
		boolean quotedAsIdentifier(char quote) {
			return quote == '"';
		}

		@Override
		boolean matches(Ident written, String actual) {
			return key(written).equals(actual);
		}

		@Override
		String key(Ident ident) {
			return ident.quoted() ? ident.name() : foldAscii(ident.name());
		}

		/** Lower case for ASCII letters only, as PostgreSQL folds unquoted names in a multibyte encoding. */
		static String foldAscii(String name) {
			StringBuilder out = null;
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (c >= 'A' && c <= 'Z') {
					if (out == null) {
						out = new StringBuilder(name);
					}
					out.setCharAt(i, (char) (c + ('a' - 'A')));
				}
			}
			return out == null ? name : out.toString();
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
		void beforeExecution(Connection connection) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET search_path = pg_catalog");
			}
		}

		@Override
		TableMeta find(Connection connection, Ident schema, Ident table) throws SQLException {
			String tableName = key(table);
			String sql = "SELECT n.nspname, c.relname, c.oid, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE c.relname = ? AND c.relkind IN ('r', 'v', 'm', 'f', 'p') AND "
					+ (schema == null ? "n.nspname = ANY (pg_catalog.current_schemas(false)) "
							+ "ORDER BY pg_catalog.array_position(pg_catalog.current_schemas(false), n.nspname::text) LIMIT 1"
							: "n.nspname = ?");
			String foundSchema;
			String foundName;
			long oid;
			String kind;
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
					kind = switch (rs.getString(4)) {
						case "v", "m" -> "view";
						case "f" -> "foreign";
						default -> "table";
					};
				}
			}
			return new TableMeta(foundSchema, foundName, columns(connection,
					"SELECT attname, pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute "
							+ "WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum", oid), oid, kind);
		}

		@Override
		Lineage lineage(Connection connection, TableMeta table) throws SQLException {
			return PostgresLineage.of(connection, table);
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

	/**
	 * MariaDB and MySQL: a schema is a database; names compare case-insensitively here; names are at
	 * most 64 characters; clauses may name select-list aliases.
	 */
	static final class MariaDb extends SourceDialect {

		/** The longest name MariaDB accepts for a database, table, column or alias here, in characters. */
		static final int MAX_NAME_CHARS = 64;

		@Override
		String quote(String name) {
			return "`" + name.replace("`", "``") + "`";
		}

		@Override
		void checkLength(Ident ident) {
			int chars = ident.name().codePointCount(0, ident.name().length());
			if (chars == 0 || chars > MAX_NAME_CHARS || ident.name().endsWith(" ")) {
				throw new ApiException(ErrorCode.IDENTIFIER_NOT_ALLOWED, "Identifier '" + SelectParser.shorten(ident.name())
						+ "' is " + (chars == 0 ? "empty" : chars > MAX_NAME_CHARS ? chars + " characters long; MariaDB takes at most "
								+ MAX_NAME_CHARS : "ending in a blank, which MariaDB does not keep"));
			}
		}

		@Override
		void checkText(String sql) {
			String ambiguous = SqlText.mariaDbAmbiguousComment(sql);
			if (ambiguous != null) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "The statement holds " + ambiguous
						+ ", which MariaDB reads differently from a comment; write the operator with a blank (1 - -1) or drop the comment");
			}
		}

		@Override
		boolean namesSelectAliasesInClauses() {
			return true;
		}

		@Override
		boolean quotedAsIdentifier(char quote) {
			// ANSI_QUOTES is set for the session: "..." is an identifier, as for the parser
			return quote == '"' || quote == '`';
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
			String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
					+ (schema == null ? "DATABASE()" : "?") + " AND TABLE_NAME = ?";
			String foundSchema = null;
			String foundName = null;
			String foundType = null;
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
							foundType = rs.getString(3);
						}
					}
				}
			}
			if (foundName == null) {
				return null;
			}
			return new TableMeta(foundSchema, foundName, columns(connection,
					"SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
							+ "ORDER BY ORDINAL_POSITION", foundSchema, foundName), 0, "VIEW".equalsIgnoreCase(foundType) ? "view" : "table");
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
