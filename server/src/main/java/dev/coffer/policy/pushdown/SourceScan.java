package dev.coffer.policy.pushdown;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads what the generator needs from the data source itself: its tables' columns, and which roles exist. */
final class SourceScan {

	/** Base and partitioned tables of every schema but the system's and those starting with {@code viewSchemaPrefix}. */
	private static final String POSTGRES_COLUMNS = """
			SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory
			FROM pg_catalog.pg_attribute a
			JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
			JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
			WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
			  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
			  AND left(n.nspname, char_length(?)) <> ?
			ORDER BY n.nspname, c.relname, a.attnum""";

	private static final String SNOWFLAKE_COLUMNS = """
			SELECT c.table_schema, c.table_name, c.column_name, c.data_type
			FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema
			  AND t.table_name = c.table_name
			WHERE t.table_type = 'BASE TABLE' AND c.table_schema <> 'INFORMATION_SCHEMA'
			ORDER BY c.table_schema, c.table_name, c.ordinal_position""";

	private SourceScan() {
	}

	static List<SourceColumn> postgresColumns(Connection connection, String viewSchemaPrefix, int timeoutSeconds)
			throws SQLException {
		List<SourceColumn> columns = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(POSTGRES_COLUMNS)) {
			statement.setQueryTimeout(timeoutSeconds);
			statement.setString(1, viewSchemaPrefix);
			statement.setString(2, viewSchemaPrefix);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					columns.add(new SourceColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
							TypeFamily.postgres(rs.getString(4), rs.getString(5))));
				}
			}
		}
		return columns;
	}

	static List<SourceColumn> snowflakeColumns(Connection connection, int timeoutSeconds) throws SQLException {
		List<SourceColumn> columns = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(SNOWFLAKE_COLUMNS)) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					columns.add(new SourceColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
							TypeFamily.snowflake(rs.getString(4))));
				}
			}
		}
		return columns;
	}

	/**
	 * Pins {@code search_path} to {@code pg_catalog, pg_temp} for the rest of the transaction, as the
	 * script does, so the column types read here are written as the script will resolve them
	 * ({@code format_type} qualifies every type outside {@code pg_catalog}).
	 */
	static void pinPostgresSearchPath(Connection connection, int timeoutSeconds) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true)")) {
			statement.setQueryTimeout(timeoutSeconds);
			statement.executeQuery().close();
		}
	}

	/**
	 * The roles (PUBLIC aside) that the connecting user's default privileges give privileges on the
	 * tables and views it makes in {@code schemas} or anywhere; the script revokes them from each view.
	 */
	static List<String> postgresDefaultGrantees(Connection connection, List<String> schemas, int timeoutSeconds)
			throws SQLException {
		List<String> grantees = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT DISTINCT r.rolname FROM pg_catalog.pg_default_acl d
				CROSS JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) e
				JOIN pg_catalog.pg_roles r ON r.oid = e.grantee
				WHERE d.defaclrole = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
				  AND d.defaclobjtype = 'r' AND e.grantee <> d.defaclrole
				  AND (d.defaclnamespace = 0 OR d.defaclnamespace IN
				    (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY (?::pg_catalog.text[])))
				ORDER BY 1""")) {
			statement.setQueryTimeout(timeoutSeconds);
			statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					grantees.add(rs.getString(1));
				}
			}
		}
		return grantees;
	}

	/**
	 * The masking policies set on the columns themselves and the row access policy of each of
	 * {@code tables} ({@code [schema, table]}), from {@code INFORMATION_SCHEMA.POLICY_REFERENCES}.
	 */
	static SnowflakeExisting snowflakePolicies(Connection connection, List<String[]> tables, int timeoutSeconds)
			throws SQLException {
		Map<String, SnowflakeExisting.Policy> rows = new HashMap<>();
		Map<String, SnowflakeExisting.Policy> masks = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT POLICY_DB, POLICY_SCHEMA, POLICY_NAME, POLICY_KIND, REF_COLUMN_NAME, TAG_NAME
				FROM TABLE(INFORMATION_SCHEMA.POLICY_REFERENCES(REF_ENTITY_NAME => ?, REF_ENTITY_DOMAIN => 'table'))""")) {
			statement.setQueryTimeout(timeoutSeconds);
			for (String[] table : tables) {
				statement.setString(1, Sql.sfIdent(table[0]) + "." + Sql.sfIdent(table[1]));
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						SnowflakeExisting.Policy policy = new SnowflakeExisting.Policy(rs.getString(1), rs.getString(2),
								rs.getString(3));
						String kind = rs.getString(4);
						if ("ROW_ACCESS_POLICY".equals(kind)) {
							rows.put(SnowflakeExisting.key(table[0], table[1]), policy);
						}
						else if ("MASKING_POLICY".equals(kind) && rs.getString(5) != null && rs.getString(6) == null) {
							masks.put(SnowflakeExisting.key(table[0], table[1], rs.getString(5)), policy);
						}
					}
				}
			}
		}
		return new SnowflakeExisting(true, rows, masks);
	}

	/** The names among {@code roles} that are no PostgreSQL role. */
	static Set<String> missingPostgresRoles(Connection connection, Set<String> roles, int timeoutSeconds)
			throws SQLException {
		Set<String> missing = new LinkedHashSet<>(roles);
		if (roles.isEmpty()) {
			return missing;
		}
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY (?)")) {
			statement.setQueryTimeout(timeoutSeconds);
			Array names = connection.createArrayOf("text", roles.toArray());
			statement.setArray(1, names);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					missing.remove(rs.getString(1));
				}
			}
		}
		return missing;
	}
}
