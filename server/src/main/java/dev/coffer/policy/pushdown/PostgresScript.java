package dev.coffer.policy.pushdown;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.policy.PushDownPolicies.Mask;
import dev.coffer.policy.PushDownPolicies.RowPolicy;
import dev.coffer.policy.PushDownPolicies.RowRule;
import dev.coffer.policy.pushdown.PushDownPlan.Branch;
import dev.coffer.policy.pushdown.PushDownPlan.ColumnPlan;
import dev.coffer.policy.pushdown.PushDownPlan.RoleMapping;
import dev.coffer.policy.pushdown.PushDownPlan.TablePlan;

/**
 * The PostgreSQL script of a plan. Per protected table: a view of the same name in the schema
 * {@code <prefix><table's schema>} whose masked columns are {@code CASE WHEN pg_has_role(...)}
 * over the mapped roles (most permissive mask first; everyone else gets the {@code *} rules, else
 * NULL) and whose rows pass every row policy; SELECT on it granted to the mapped roles, every
 * privilege on the base table revoked from them. With row policies, row-level security on the base
 * table too: a SELECT policy for the mapped roles with the same row condition, and one that leaves
 * roles Coffer does not map as they were. Re-running it replaces what an earlier run made.
 */
final class PostgresScript {

	static final String ROWS_POLICY = "coffer_rows";

	static final String OTHER_ROLES_POLICY = "coffer_other_roles";

	private final MaskSql masks = new PostgresMaskSql();

	private final String viewSchemaPrefix;

	PostgresScript(String viewSchemaPrefix) {
		this.viewSchemaPrefix = viewSchemaPrefix;
	}

	Script render(PushDownPlan plan) {
		List<String> statements = new ArrayList<>();
		List<String> notes = new ArrayList<>(plan.notes());
		List<RoleMapping> roles = plan.roles();
		String grantees = grantees(roles);
		Set<String> schemas = new LinkedHashSet<>();
		for (TablePlan table : plan.tables()) {
			schemas.add(viewSchema(table.schema()));
		}
		for (String schema : schemas) {
			statements.add("CREATE SCHEMA IF NOT EXISTS " + Sql.pgIdent(schema));
			statements.add("REVOKE ALL ON SCHEMA " + Sql.pgIdent(schema) + " FROM PUBLIC");
			if (!roles.isEmpty()) {
				statements.add("GRANT USAGE ON SCHEMA " + Sql.pgIdent(schema) + " TO " + grantees);
			}
		}
		for (TablePlan table : plan.tables()) {
			String base = Sql.pgIdent(table.schema()) + "." + Sql.pgIdent(table.table());
			String view = Sql.pgIdent(viewSchema(table.schema())) + "." + Sql.pgIdent(table.table());
			String rows = rowCondition(table, roles, column -> "t." + Sql.pgIdent(column), notes);
			StringBuilder select = new StringBuilder("CREATE VIEW ").append(view)
				.append(" WITH (security_barrier = true) AS SELECT");
			for (int i = 0; i < table.columns().size(); i++) {
				SourceColumn column = table.columns().get(i);
				select.append(i == 0 ? "\n  " : ",\n  ").append(columnExpression(table, column, notes));
			}
			select.append("\nFROM ").append(base).append(" AS t");
			if (rows != null) {
				select.append("\nWHERE ").append(rows);
			}
			statements.add("DROP VIEW IF EXISTS " + view);
			statements.add(select.toString());
			statements.add("COMMENT ON VIEW " + view + " IS " + Sql.pgLiteral("Made by Coffer policy push-down from policy "
					+ "revision " + plan.revision() + " of " + table.schema() + "." + table.table() + "; re-apply the push-down "
					+ "instead of editing it."));
			if (!roles.isEmpty()) {
				statements.add("GRANT SELECT ON " + view + " TO " + grantees);
				statements.add("REVOKE ALL ON " + base + " FROM " + grantees);
			}
			if (!table.rowPolicies().isEmpty()) {
				String baseRows = rowCondition(table, roles, Sql::pgIdent, new ArrayList<>());
				statements.add("ALTER TABLE " + base + " ENABLE ROW LEVEL SECURITY");
				statements.add("DROP POLICY IF EXISTS " + Sql.pgIdent(ROWS_POLICY) + " ON " + base);
				statements.add("CREATE POLICY " + Sql.pgIdent(ROWS_POLICY) + " ON " + base + " AS PERMISSIVE FOR SELECT TO "
						+ "PUBLIC USING (" + baseRows + ")");
				statements.add("DROP POLICY IF EXISTS " + Sql.pgIdent(OTHER_ROLES_POLICY) + " ON " + base);
				String others = roles.isEmpty() ? "true" : "NOT (" + anyMember(roles) + ")";
				statements.add("CREATE POLICY " + Sql.pgIdent(OTHER_ROLES_POLICY) + " ON " + base + " AS PERMISSIVE FOR ALL TO "
						+ "PUBLIC USING (" + others + ") WITH CHECK (" + others + ")");
			}
		}
		return Script.of(statements, notes, plan.tables().size());
	}

	String viewSchema(String schema) {
		String name = this.viewSchemaPrefix + schema;
		if (!Sql.fitsPostgres(name)) {
			throw new ApiException(ErrorCode.PUSH_DOWN_UNSUPPORTED, "The view schema for schema '" + schema
					+ "' would pass PostgreSQL's 63-byte limit on names; choose a shorter view_schema_prefix");
		}
		return name;
	}

	private String columnExpression(TablePlan table, SourceColumn column, List<String> notes) {
		String x = "t." + Sql.pgIdent(column.column());
		ColumnPlan plan = table.plan(column);
		if (plan == null) {
			return x;
		}
		List<MaskSql.Rendered> branches = new ArrayList<>();
		for (Branch branch : plan.branches()) {
			branches.add(render(branch.mask(), x, column, table, notes));
		}
		MaskSql.Rendered otherwise = render(plan.otherwise(), x, column, table, notes);
		boolean text = otherwise.text() || branches.stream().anyMatch(MaskSql.Rendered::text);
		StringBuilder sql = new StringBuilder();
		if (branches.isEmpty()) {
			sql.append(asText(otherwise, text));
		}
		else {
			sql.append("CASE");
			for (int i = 0; i < branches.size(); i++) {
				sql.append(" WHEN pg_has_role(").append(Sql.pgLiteral(plan.branches().get(i).role().databaseRole()))
					.append(", 'MEMBER') THEN ").append(asText(branches.get(i), text));
			}
			sql.append(" ELSE ").append(asText(otherwise, text)).append(" END");
		}
		return sql.append(" AS ").append(Sql.pgIdent(column.column())).toString();
	}

	private MaskSql.Rendered render(Mask mask, String x, SourceColumn column, TablePlan table, List<String> notes) {
		MaskSql.Rendered rendered = this.masks.render(mask, x, column);
		if (rendered.note() != null) {
			String note = table.schema() + "." + table.table() + "." + column.column() + ", " + mask.type().value() + ": "
					+ rendered.note() + ".";
			if (!notes.contains(note)) {
				notes.add(note);
			}
		}
		return rendered;
	}

	private static String asText(MaskSql.Rendered rendered, boolean text) {
		return text && !rendered.text() ? "CAST(" + rendered.sql() + " AS text)" : rendered.sql();
	}

	/**
	 * The row condition of a table's row policies (each must pass), or {@code null} when it has none:
	 * per policy, OR over its rules of (membership of the rule's mapped role, or none for {@code *})
	 * AND the reference column's text among the rule's values. Rules of roles not mapped are left out.
	 */
	static String rowCondition(TablePlan table, List<RoleMapping> roles, Function<String, String> columnName,
			List<String> notes) {
		if (table.rowPolicies().isEmpty()) {
			return null;
		}
		List<String> conditions = new ArrayList<>();
		for (RowPolicy policy : table.rowPolicies()) {
			SourceColumn column = table.column(policy.column());
			if (column == null || policy.unreadable()) {
				notes.add("Row policy '" + policy.policy().name() + "' " + (policy.unreadable() ? "cannot be read from the store"
						: "names a column the table does not have") + ": no rows of " + table.schema() + "." + table.table()
						+ " for the mapped roles.");
				conditions.add("false");
				continue;
			}
			String value = "CAST(" + columnName.apply(column.column()) + " AS text)";
			List<String> alternatives = new ArrayList<>();
			for (RowRule rule : policy.rules()) {
				List<String> members = membersOf(rule.role(), roles);
				if (members == null) {
					continue;
				}
				String rows = rule.allRows() ? "true" : inList(value, rule.values());
				alternatives.add(members.isEmpty() ? rows : "(" + String.join(" OR ", members) + ") AND " + rows);
			}
			conditions.add(alternatives.isEmpty() ? "false" : "((" + String.join(") OR (", alternatives) + "))");
		}
		return String.join(" AND ", conditions);
	}

	/** The membership tests of the database roles a rule's role maps to; empty for {@code *}; {@code null} when unmapped. */
	private static List<String> membersOf(String cofferRole, List<RoleMapping> roles) {
		if ("*".equals(cofferRole)) {
			return List.of();
		}
		List<String> members = new ArrayList<>();
		for (RoleMapping role : roles) {
			if (role.cofferRole().equals(cofferRole)) {
				members.add("pg_has_role(" + Sql.pgLiteral(role.databaseRole()) + ", 'MEMBER')");
			}
		}
		return members.isEmpty() ? null : members;
	}

	private static String inList(String value, List<String> values) {
		if (values.isEmpty()) {
			return "false";
		}
		List<String> literals = new ArrayList<>(values.size());
		for (String v : values) {
			literals.add(Sql.pgLiteral(v));
		}
		return value + " IN (" + String.join(", ", literals) + ")";
	}

	private static String anyMember(List<RoleMapping> roles) {
		List<String> members = new ArrayList<>();
		for (RoleMapping role : roles) {
			members.add("pg_has_role(" + Sql.pgLiteral(role.databaseRole()) + ", 'MEMBER')");
		}
		return String.join(" OR ", members);
	}

	private static String grantees(List<RoleMapping> roles) {
		Set<String> names = new LinkedHashSet<>();
		for (RoleMapping role : roles) {
			names.add(Sql.pgIdent(role.databaseRole()));
		}
		return String.join(", ", names);
	}
}
