package dev.coffer.policy.pushdown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.coffer.policy.pushdown.PushDownPlan.RoleMapping;
import dev.coffer.policy.pushdown.PushDownPlan.TablePlan;

/**
 * What push-down checks in a PostgreSQL database so that the views and policies it makes enforce
 * what Coffer would, or are not made at all (fail closed). Each check answers reasons (names of
 * roles, tables and schemas; never data). The "restricted" users of a protected table are the
 * mapped roles and every role that is a member of one (superusers aside: they bypass everything);
 * none of them may be able to read the base table, or one of its partitions or inheritance
 * children, by any role they can act as (inherited or through {@code SET ROLE}): a privilege, a
 * grant to PUBLIC, {@code pg_read_all_data}, ownership or superuser.
 */
final class PostgresChecks {

	private static final int MAX_REASONS = 20;

	private static final String TREE = """
			WITH RECURSIVE tree AS (
			  SELECT c.oid, c.oid AS root
			  FROM unnest(?::pg_catalog.text[], ?::pg_catalog.text[]) AS x(s, t)
			  JOIN pg_catalog.pg_namespace n ON n.nspname = x.s
			  JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = x.t
			  UNION
			  SELECT i.inhrelid, tree.root FROM pg_catalog.pg_inherits i JOIN tree ON i.inhparent = tree.oid
			), mapped AS (
			  SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ANY (?::pg_catalog.text[])
			), restricted AS (
			  SELECT DISTINCT u.oid, u.rolname FROM mapped m JOIN pg_catalog.pg_roles u
			    ON u.oid = m.oid OR (NOT u.rolsuper AND pg_catalog.pg_has_role(u.oid, m.oid, 'MEMBER'))
			)
			SELECT DISTINCT ON (tree.oid, r.rolname) r.rolname, a.rolname,
			  CAST(CAST(tree.oid AS pg_catalog.regclass) AS pg_catalog.text), a.oid = c.relowner
			FROM restricted r
			JOIN pg_catalog.pg_roles a ON pg_catalog.pg_has_role(r.oid, a.oid, 'MEMBER')
			CROSS JOIN tree
			JOIN pg_catalog.pg_class c ON c.oid = tree.oid
			WHERE a.oid = c.relowner OR %s
			ORDER BY tree.oid, r.rolname, a.oid = c.relowner DESC, a.oid = r.oid, a.rolname
			LIMIT %d""";

	/** After the revokes, in the same transaction: what the database itself says. */
	private static final String CAN_READ = "pg_catalog.has_any_column_privilege(a.oid, tree.oid, 'SELECT')";

	/** Before the revokes (preview): grants that the script's revokes leave in place. */
	private static final String WILL_READ = """
			a.rolsuper OR a.rolname = 'pg_read_all_data'
			  OR EXISTS (SELECT 1 FROM pg_catalog.aclexplode(c.relacl) e WHERE e.privilege_type = 'SELECT'
			    AND (e.grantee = a.oid OR e.grantee = 0) AND NOT (tree.oid = tree.root AND e.grantee IN (SELECT oid FROM mapped)))
			  OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute att CROSS JOIN LATERAL pg_catalog.aclexplode(att.attacl) e
			    WHERE att.attrelid = c.oid AND e.privilege_type = 'SELECT' AND (e.grantee = a.oid OR e.grantee = 0)
			    AND NOT (tree.oid = tree.root AND e.grantee IN (SELECT oid FROM mapped)))""";

	private PostgresChecks() {
	}

	/** Reasons to refuse, from the database's state before the script runs (they hold in preview too). */
	static List<String> before(Connection connection, PushDownPlan plan, List<String> viewSchemas, int timeout)
			throws SQLException {
		List<String> reasons = new ArrayList<>();
		String[] mapped = mapped(plan);
		try (PreparedStatement statement = connection.prepareStatement("SELECT rolname, rolsuper FROM pg_catalog.pg_roles "
				+ "WHERE rolname = ANY (?::pg_catalog.text[]) AND (rolsuper OR rolbypassrls) ORDER BY rolname")) {
			statement.setQueryTimeout(timeout);
			statement.setArray(1, connection.createArrayOf("text", mapped));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					reasons.add("Database role " + rs.getString(1) + " is " + (rs.getBoolean(2) ? "a superuser" : "BYPASSRLS")
							+ ": no view or policy can restrict it; map the Coffer role to an ordinary role.");
				}
			}
		}
		List<TablePlan> withRows = plan.tables().stream().filter(table -> !table.rowPolicies().isEmpty()).toList();
		if (!withRows.isEmpty() && mapped.length > 0) {
			try (PreparedStatement statement = connection.prepareStatement("""
					SELECT x.s, x.t, c.relrowsecurity,
					  (SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid AND p.polname <> ALL (?::pg_catalog.text[])),
					  (SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid AND p.polname = ANY (?::pg_catalog.text[]))
					FROM unnest(?::pg_catalog.text[], ?::pg_catalog.text[]) AS x(s, t)
					JOIN pg_catalog.pg_namespace n ON n.nspname = x.s
					JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = x.t
					ORDER BY 1, 2""")) {
				statement.setQueryTimeout(timeout);
				String[] coffer = PostgresScript.COFFER_POLICIES.toArray(String[]::new);
				statement.setArray(1, connection.createArrayOf("text", coffer));
				statement.setArray(2, connection.createArrayOf("text", coffer));
				statement.setArray(3, connection.createArrayOf("text", withRows.stream().map(TablePlan::schema).toArray()));
				statement.setArray(4, connection.createArrayOf("text", withRows.stream().map(TablePlan::table).toArray()));
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						String table = rs.getString(1) + "." + rs.getString(2);
						if (rs.getLong(4) > 0) {
							reasons.add("Table " + table + " has row-level security policies Coffer did not make: Coffer's row "
									+ "policy would be combined with them in ways it cannot see; drop them or leave the table's "
									+ "row policies to Coffer's views.");
						}
						else if (rs.getBoolean(3) && rs.getLong(5) == 0) {
							reasons.add("Table " + table + " already has row-level security turned on by someone else: Coffer "
									+ "would have to widen it; turn it off or leave the table's row policies to Coffer's views.");
						}
					}
				}
			}
		}
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT n.nspname, pg_catalog.pg_get_userbyid(n.nspowner) FROM pg_catalog.pg_namespace n
				WHERE n.nspname = ANY (?::pg_catalog.text[]) AND n.nspowner <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
				ORDER BY 1""")) {
			statement.setQueryTimeout(timeout);
			statement.setArray(1, connection.createArrayOf("text", viewSchemas.toArray()));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					reasons.add("Schema " + rs.getString(1) + " for the views already exists and is owned by " + rs.getString(2)
							+ ", not by the data source's user: its owner could change the views; drop it, change its owner "
							+ "or choose another view_schema_prefix.");
				}
			}
		}
		return reasons;
	}

	/** Preview: the restricted users that could still read a protected table once the script's revokes ran. */
	static List<String> predictedReaders(Connection connection, PushDownPlan plan, int timeout) throws SQLException {
		return readers(connection, plan, WILL_READ, timeout);
	}

	/** Apply, after the script ran in the open transaction: who can still read a protected table, and who holds more than SELECT on a view. */
	static List<String> after(Connection connection, PushDownPlan plan, List<String[]> views, int timeout) throws SQLException {
		List<String> reasons = readers(connection, plan, CAN_READ, timeout);
		if (views.isEmpty()) {
			return reasons;
		}
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT v.s, v.t, COALESCE(r.rolname, 'PUBLIC'), e.privilege_type
				FROM unnest(?::pg_catalog.text[], ?::pg_catalog.text[]) AS v(s, t)
				JOIN pg_catalog.pg_namespace n ON n.nspname = v.s
				JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = v.t
				CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(c.relacl, pg_catalog.acldefault('r', c.relowner))) e
				LEFT JOIN pg_catalog.pg_roles r ON r.oid = e.grantee
				WHERE e.grantee <> c.relowner AND NOT (e.privilege_type = 'SELECT'
				  AND e.grantee IN (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ANY (?::pg_catalog.text[])))
				ORDER BY 1, 2, 3, 4""")) {
			statement.setQueryTimeout(timeout);
			statement.setArray(1, connection.createArrayOf("text", views.stream().map(view -> view[0]).toArray()));
			statement.setArray(2, connection.createArrayOf("text", views.stream().map(view -> view[1]).toArray()));
			statement.setArray(3, connection.createArrayOf("text", mapped(plan)));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next() && reasons.size() < MAX_REASONS) {
					reasons.add("View " + rs.getString(1) + "." + rs.getString(2) + " would give " + rs.getString(3) + " "
							+ rs.getString(4) + " (default privileges?): only SELECT for the mapped roles is allowed.");
				}
			}
		}
		return reasons;
	}

	private static List<String> readers(Connection connection, PushDownPlan plan, String predicate, int timeout)
			throws SQLException {
		List<String> reasons = new ArrayList<>();
		String[] mapped = mapped(plan);
		if (mapped.length == 0 || plan.tables().isEmpty()) {
			return reasons;
		}
		try (PreparedStatement statement = connection.prepareStatement(TREE.formatted(predicate, MAX_REASONS))) {
			statement.setQueryTimeout(timeout);
			statement.setArray(1, connection.createArrayOf("text", plan.tables().stream().map(TablePlan::schema).toArray()));
			statement.setArray(2, connection.createArrayOf("text", plan.tables().stream().map(TablePlan::table).toArray()));
			statement.setArray(3, connection.createArrayOf("text", mapped));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					String user = rs.getString(1);
					String via = rs.getString(2);
					String how = rs.getBoolean(4) ? (via.equals(user) ? "owns it" : "can act as its owner " + via)
							: via.equals(user) ? "holds a privilege on it (directly, through a group it inherits from, or PUBLIC)"
									: "can act as role " + via + ", which can read it";
					reasons.add("Database role " + user + " (restricted by push-down) could still read " + rs.getString(3)
							+ " past the views: it " + how + "; revoke that privilege or membership.");
				}
			}
		}
		return reasons;
	}

	private static String[] mapped(PushDownPlan plan) {
		Set<String> names = new LinkedHashSet<>();
		for (RoleMapping role : plan.roles()) {
			names.add(role.databaseRole());
		}
		return names.toArray(String[]::new);
	}
}
