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
import dev.coffer.policy.pushdown.PushDownPlan.ColumnPlan;
import dev.coffer.policy.pushdown.PushDownPlan.RoleMapping;
import dev.coffer.policy.pushdown.PushDownPlan.TablePlan;

/**
 * The PostgreSQL script of a plan, meant to run in one transaction. It first pins
 * {@code search_path} to {@code pg_catalog, pg_temp} and sets a {@code lock_timeout}; every
 * function it calls is qualified with {@code pg_catalog}. Per protected table: a view of the same
 * name in the schema {@code <prefix><table's schema>} whose masked columns are a {@code CASE} over
 * {@code pg_catalog.pg_has_role(...)} with one branch per rule in the decision engine's order (see
 * {@link RuleCases}), and whose rows pass every row policy; every privilege on the view revoked from
 * PUBLIC, the mapped roles and whoever default privileges gave it to, then SELECT granted to the
 * mapped roles; every privilege on the base table revoked from them. With row policies, row-level
 * security on the base table too: a RESTRICTIVE policy {@code coffer_rows} (members of a mapped role
 * see only the allowed rows; it can only narrow) and the permissive {@code coffer_permit} that
 * keeps everyone else as they were when Coffer turns row security on (push-down refuses tables whose
 * row security someone else set up). Re-running it replaces what an earlier run made.
 */
final class PostgresScript {

	static final String ROWS_POLICY = "coffer_rows";

	static final String PERMIT_POLICY = "coffer_permit";

	/** The permissive policy earlier Coffer versions made; dropped when re-applying. */
	static final String LEGACY_OTHER_ROLES_POLICY = "coffer_other_roles";

	/** The row-level security policies Coffer makes (and so may replace). */
	static final List<String> COFFER_POLICIES = List.of(ROWS_POLICY, PERMIT_POLICY, LEGACY_OTHER_ROLES_POLICY);

	static final String SEARCH_PATH = "SET LOCAL search_path = pg_catalog, pg_temp";

	static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";

	private final MaskSql masks = new PostgresMaskSql();

	private final String viewSchemaPrefix;

	PostgresScript(String viewSchemaPrefix) {
		this.viewSchemaPrefix = viewSchemaPrefix;
	}

	/**
	 * @param defaultGrantees roles that the applying user's default privileges give privileges on new
	 *        views (revoked from each view right after it is made)
	 */
	Script render(PushDownPlan plan, List<String> defaultGrantees) {
		List<String> statements = new ArrayList<>();
		List<String> notes = new ArrayList<>(plan.notes());
		List<RoleMapping> roles = plan.roles();
		String grantees = grantees(roles);
		statements.add(SEARCH_PATH);
		statements.add(LOCK_TIMEOUT);
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
		Set<String> revokeFromView = new LinkedHashSet<>();
		revokeFromView.add("PUBLIC");
		roles.forEach(role -> revokeFromView.add(Sql.pgIdent(role.databaseRole())));
		defaultGrantees.forEach(role -> revokeFromView.add(Sql.pgIdent(role)));
		for (TablePlan table : plan.tables()) {
			String base = Sql.pgIdent(table.schema()) + "." + Sql.pgIdent(table.table());
			String view = Sql.pgIdent(viewSchema(table.schema())) + "." + Sql.pgIdent(table.table());
			String rows = rowCondition(table, plan, column -> "t." + Sql.pgIdent(column), notes);
			StringBuilder select = new StringBuilder("CREATE VIEW ").append(view)
				.append(" WITH (security_barrier = true) AS SELECT");
			for (int i = 0; i < table.columns().size(); i++) {
				SourceColumn column = table.columns().get(i);
				select.append(i == 0 ? "\n  " : ",\n  ").append(columnExpression(table, column, plan, notes));
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
			statements.add("REVOKE ALL ON " + view + " FROM " + String.join(", ", revokeFromView));
			if (!roles.isEmpty()) {
				statements.add("GRANT SELECT ON " + view + " TO " + grantees);
				statements.add("REVOKE ALL ON " + base + " FROM " + grantees);
			}
			if (!table.rowPolicies().isEmpty() && !roles.isEmpty()) {
				String baseRows = rowCondition(table, plan, Sql::pgIdent, new ArrayList<>());
				statements.add("ALTER TABLE " + base + " ENABLE ROW LEVEL SECURITY");
				statements.add("DROP POLICY IF EXISTS " + Sql.pgIdent(LEGACY_OTHER_ROLES_POLICY) + " ON " + base);
				statements.add("DROP POLICY IF EXISTS " + Sql.pgIdent(ROWS_POLICY) + " ON " + base);
				statements.add("CREATE POLICY " + Sql.pgIdent(ROWS_POLICY) + " ON " + base + " AS RESTRICTIVE FOR SELECT TO "
						+ "PUBLIC USING (NOT (" + anyMember(roles) + ") OR (" + baseRows + "))");
				statements.add("DROP POLICY IF EXISTS " + Sql.pgIdent(PERMIT_POLICY) + " ON " + base);
				statements.add("CREATE POLICY " + Sql.pgIdent(PERMIT_POLICY) + " ON " + base + " AS PERMISSIVE FOR ALL TO "
						+ "PUBLIC USING (true) WITH CHECK (true)");
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

	static String member(String databaseRole) {
		return "pg_catalog.pg_has_role(" + Sql.pgLiteral(databaseRole) + ", 'MEMBER')";
	}

	private String columnExpression(TablePlan table, SourceColumn column, PushDownPlan plan, List<String> notes) {
		String x = "t." + Sql.pgIdent(column.column());
		ColumnPlan columnPlan = table.plan(column);
		if (columnPlan == null) {
			return x;
		}
		List<RuleCases.Branch> branches = RuleCases.branches(columnPlan.rules(), plan, PostgresScript::member);
		List<MaskSql.Rendered> rendered = new ArrayList<>();
		for (RuleCases.Branch branch : branches) {
			rendered.add(render(branch.mask(), x, column, table, notes));
		}
		boolean text = rendered.stream().anyMatch(MaskSql.Rendered::text);
		StringBuilder sql = new StringBuilder();
		if (branches.size() == 1) {
			sql.append(asText(rendered.get(0), text));
		}
		else {
			sql.append("CASE");
			for (int i = 0; i < branches.size() - 1; i++) {
				sql.append(" WHEN ").append(branches.get(i).condition()).append(" THEN ").append(asText(rendered.get(i), text));
			}
			sql.append(" ELSE ").append(asText(rendered.get(branches.size() - 1), text)).append(" END");
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
		return text && !rendered.text() ? "CAST(" + rendered.sql() + " AS pg_catalog.text)" : rendered.sql();
	}

	/**
	 * The row condition of a table's row policies (each must pass), or {@code null} when it has none:
	 * per policy, OR over its rules of (membership of the rule's mapped role, or none for {@code *})
	 * AND the reference column among the rule's values, compared as values of the column's type
	 * ({@link RowValues}). Rules of roles not mapped are left out.
	 */
	static String rowCondition(TablePlan table, PushDownPlan plan, Function<String, String> columnName, List<String> notes) {
		if (table.rowPolicies().isEmpty()) {
			return null;
		}
		List<String> conditions = new ArrayList<>();
		for (RowPolicy policy : table.rowPolicies()) {
			SourceColumn column = table.column(policy.column());
			if (column == null || policy.unreadable()) {
				note(notes, "Row policy '" + policy.policy().name() + "' " + (policy.unreadable() ? "cannot be read from the store"
						: "names a column the table does not have") + ": no rows of " + table.schema() + "." + table.table()
						+ " for the mapped roles.");
				conditions.add("false");
				continue;
			}
			List<String> alternatives = new ArrayList<>();
			for (RowRule rule : policy.rules()) {
				List<String> members = membersOf(rule.role(), plan);
				if (members == null) {
					continue;
				}
				String rows;
				if (rule.allRows()) {
					rows = "true";
				}
				else {
					RowValues.Typed typed = RowValues.postgres(column, columnName.apply(column.column()), rule.values());
					rows = inList(typed);
					if (!typed.comparable()) {
						note(notes, "Row policy '" + policy.policy().name() + "' compares " + table.schema() + "." + table.table()
								+ "." + column.column() + " of type " + column.type() + ", whose values are not compared in "
								+ "the database: no rows where it needs a value.");
					}
					else if (typed.unreadable() > 0) {
						note(notes, "Row policy '" + policy.policy().name() + "': " + typed.unreadable() + " allowed value(s) "
								+ "are not values of " + table.schema() + "." + table.table() + "." + column.column() + "'s type "
								+ column.type() + " and match no row.");
					}
				}
				alternatives.add(members.isEmpty() ? rows : "(" + String.join(" OR ", members) + ") AND " + rows);
			}
			conditions.add(alternatives.isEmpty() ? "false" : "((" + String.join(") OR (", alternatives) + "))");
		}
		return String.join(" AND ", conditions);
	}

	private static void note(List<String> notes, String note) {
		if (!notes.contains(note)) {
			notes.add(note);
		}
	}

	/** The membership tests of the database roles a rule's role maps to; empty for {@code *}; {@code null} when unmapped. */
	private static List<String> membersOf(String cofferRole, PushDownPlan plan) {
		if ("*".equals(cofferRole)) {
			return List.of();
		}
		List<String> members = new ArrayList<>();
		for (String role : plan.databaseRoles(cofferRole)) {
			members.add(member(role));
		}
		return members.isEmpty() ? null : members;
	}

	private static String inList(RowValues.Typed typed) {
		if (!typed.comparable() || typed.literals().isEmpty()) {
			return "false";
		}
		return typed.column() + " IN (" + String.join(", ", typed.literals()) + ")";
	}

	private static String anyMember(List<RoleMapping> roles) {
		Set<String> members = new LinkedHashSet<>();
		for (RoleMapping role : roles) {
			members.add(member(role.databaseRole()));
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
