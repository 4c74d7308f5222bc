package dev.coffer.policy.pushdown;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.coffer.policy.ColumnTag;
import dev.coffer.policy.PushDownPolicies;
import dev.coffer.policy.PushDownPolicies.Mask;
import dev.coffer.policy.PushDownPolicies.RowPolicy;
import dev.coffer.policy.PushDownPolicies.RowRule;
import dev.coffer.policy.PushDownPolicies.Rule;
import dev.coffer.policy.pushdown.PushDownPlan.ColumnPlan;
import dev.coffer.policy.pushdown.PushDownPlan.TablePlan;

/**
 * The Snowflake script of a plan, for review and for running in Snowflake (Coffer does not apply
 * it). Tag policies become tag-based masking: per Coffer tag that tag policies name, a Snowflake
 * tag in the policy schema set on the columns the catalog tags, and one masking policy per data
 * type ({@link #TAG_TYPES}) set on the tag, whose body picks by
 * {@code SYSTEM$GET_TAG_ON_CURRENT_COLUMN} the tag value's policies and by
 * {@code IS_ROLE_IN_SESSION} the rule, in the decision engine's order ({@link RuleCases}). A column
 * a column policy lists, that carries several tags with tag policies, or whose type no tag policy
 * covers gets a masking policy of its own set on the column (Snowflake puts it before tag-based
 * ones, as Coffer puts exact column policies first), holding the whole decision. Row policies become
 * one row access policy per table (Snowflake allows one), the AND of Coffer's row policies, named
 * after its content: the new one is made first, then swapped for Coffer's earlier one in one
 * {@code ALTER TABLE ... DROP ROW ACCESS POLICY ..., ADD ROW ACCESS POLICY ...}. Policies Coffer did
 * not make are never dropped or replaced (no {@code FORCE} over them): the notes name them.
 */
final class SnowflakeScript {

	/** Signature types of the masking policies a tag gets, one per data type Snowflake matches on. */
	static final List<String> TAG_TYPES = List.of("VARCHAR", "NUMBER", "FLOAT", "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ",
			"TIMESTAMP_TZ", "BOOLEAN", "TIME", "BINARY", "VARIANT", "OBJECT", "ARRAY", "GEOGRAPHY", "GEOMETRY");

	private static final int MAX_IDENTIFIER = 255;

	private final MaskSql masks = new SnowflakeMaskSql();

	private final String policySchema;

	/** @param policySchema the schema (of the connection's database) the tags and policies are made in */
	SnowflakeScript(String policySchema) {
		this.policySchema = Sql.snowflakeFold(policySchema);
	}

	Script render(PushDownPlan plan, PushDownPolicies policies, SnowflakeExisting existing) {
		List<String> statements = new ArrayList<>();
		List<String> notes = new ArrayList<>(plan.notes());
		if (!existing.known()) {
			notes.add("The policies already set on the tables could not be read, so the script replaces none: where a "
					+ "masking or row access policy is already set, Snowflake refuses that statement.");
		}
		String schema = Sql.sfIdent(this.policySchema);
		statements.add("CREATE SCHEMA IF NOT EXISTS " + schema);
		Set<String> tags = new LinkedHashSet<>();
		for (PushDownPolicies.TagPolicy policy : policies.tagPolicies()) {
			tags.add(policy.tag());
		}
		for (String tag : tags) {
			statements.add("CREATE TAG IF NOT EXISTS " + tagName(tag));
		}
		String comment = " COMMENT = " + Sql.sfLiteral("Made by Coffer policy push-down (policy revision " + plan.revision() + ")");
		for (TablePlan table : plan.tables()) {
			String base = Sql.sfIdent(table.schema()) + "." + Sql.sfIdent(table.table());
			for (ColumnPlan column : table.masked().values()) {
				String columnName = column.column().column();
				String where = table.schema() + "." + table.table() + "." + columnName;
				for (ColumnTag tag : column.tags()) {
					statements.add("ALTER TABLE " + base + " MODIFY COLUMN " + Sql.sfIdent(columnName) + " SET TAG "
							+ tagName(tag.name()) + " = " + Sql.sfLiteral(tag.value() == null ? "" : tag.value()));
				}
				SnowflakeExisting.Policy current = existing.columnMasks()
					.get(SnowflakeExisting.key(table.schema(), table.table(), columnName));
				String type = signatureType(column.column());
				if (column.byColumnPolicy() || column.tags().size() > 1 || !TAG_TYPES.contains(type)) {
					String name = objectName("COFFER_MASK", table.table() + "_" + columnName, where);
					String body = roleCase(column.rules(), plan, column.column(), notes, where);
					statements.add("CREATE MASKING POLICY IF NOT EXISTS " + qualified(name) + " AS (val " + type + ") RETURNS "
							+ type + " -> " + body + comment);
					statements.add("ALTER MASKING POLICY " + qualified(name) + " SET BODY -> " + body);
					String set = "ALTER TABLE " + base + " MODIFY COLUMN " + Sql.sfIdent(columnName) + " SET MASKING POLICY "
							+ qualified(name);
					if (current == null) {
						statements.add(set);
					}
					else if (current.sameAs(this.policySchema, name)) {
						continue; // already set: its body was just replaced
					}
					else if (current.madeByCoffer(this.policySchema)) {
						statements.add(set + " FORCE");
					}
					else {
						notes.add(where + " already has masking policy " + current.qualified() + ", which Coffer did not make: "
								+ "Coffer's is not set on it (a column has one); remove that policy, then run the script again.");
					}
				}
				else if (current != null && current.madeByCoffer(this.policySchema)) {
					statements.add("ALTER TABLE " + base + " MODIFY COLUMN " + Sql.sfIdent(columnName) + " UNSET MASKING POLICY");
				}
				else if (current != null) {
					notes.add(where + " has masking policy " + current.qualified() + " set on the column, which Coffer did not "
							+ "make: Snowflake applies it instead of the tag's, so Coffer's tag policies do not reach it.");
				}
			}
		}
		for (String tag : tags) {
			List<String> attached = new ArrayList<>();
			for (String type : TAG_TYPES) {
				String name = qualified(objectName("COFFER_TAG", tag + "_" + type, tag + "/" + type));
				SourceColumn probe = new SourceColumn("", "", "val", type, TypeFamily.snowflake(type));
				String body = tagBody(tag, probe, plan, policies, notes);
				statements.add("CREATE MASKING POLICY IF NOT EXISTS " + name + " AS (val " + type + ") RETURNS " + type + " -> "
						+ body + comment);
				statements.add("ALTER MASKING POLICY " + name + " SET BODY -> " + body);
				attached.add("MASKING POLICY " + name);
			}
			statements.add("ALTER TAG " + tagName(tag) + " SET " + String.join(", ", attached) + " FORCE");
		}
		for (TablePlan table : plan.tables()) {
			if (!table.rowPolicies().isEmpty()) {
				rowAccess(table, plan, existing, comment, statements, notes);
			}
		}
		return Script.of(statements, notes, plan.tables().size());
	}

	private void rowAccess(TablePlan table, PushDownPlan plan, SnowflakeExisting existing, String comment,
			List<String> statements, List<String> notes) {
		String base = Sql.sfIdent(table.schema()) + "." + Sql.sfIdent(table.table());
		Map<String, SourceColumn> arguments = new LinkedHashMap<>();
		for (RowPolicy policy : table.rowPolicies()) {
			SourceColumn column = table.column(policy.column());
			if (column != null && !policy.unreadable()) {
				arguments.putIfAbsent(column.column(), column);
			}
		}
		if (arguments.isEmpty()) {
			// every row policy is unreadable or names a missing column: a constant FALSE on the first column
			arguments.put(table.columns().get(0).column(), table.columns().get(0));
		}
		List<String> signature = new ArrayList<>();
		List<String> on = new ArrayList<>();
		Map<String, String> argumentNames = new LinkedHashMap<>();
		int i = 0;
		for (SourceColumn column : arguments.values()) {
			String argument = "c" + (++i);
			argumentNames.put(column.column(), argument);
			signature.add(argument + " " + signatureType(column));
			on.add(Sql.sfIdent(column.column()));
		}
		String body = rowBody(table, plan, argumentNames, notes);
		String where = table.schema() + "." + table.table();
		String name = objectName("COFFER_ROWS", table.table(), where + "\n" + String.join(", ", signature) + "\n" + body);
		statements.add("CREATE ROW ACCESS POLICY IF NOT EXISTS " + qualified(name) + " AS (" + String.join(", ", signature)
				+ ") RETURNS BOOLEAN -> " + body + comment);
		statements.add("ALTER ROW ACCESS POLICY " + qualified(name) + " SET BODY -> " + body);
		String add = "ADD ROW ACCESS POLICY " + qualified(name) + " ON (" + String.join(", ", on) + ")";
		SnowflakeExisting.Policy current = existing.rowPolicies().get(SnowflakeExisting.key(table.schema(), table.table()));
		if (current == null) {
			statements.add("ALTER TABLE " + base + " " + add);
		}
		else if (current.sameAs(this.policySchema, name)) {
			return; // already attached
		}
		else if (current.madeByCoffer(this.policySchema)) {
			statements.add("ALTER TABLE " + base + " DROP ROW ACCESS POLICY " + current.qualified() + ", " + add);
			statements.add("DROP ROW ACCESS POLICY IF EXISTS " + current.qualified());
		}
		else {
			notes.add(where + " already has row access policy " + current.qualified() + ", which Coffer did not make: "
					+ "Coffer's row policies are not attached (a table has one); remove it, then run the script again.");
		}
	}

	/** The tag's masking body: by the column's tag value, the tag policies of that value and those of any value. */
	private String tagBody(String tag, SourceColumn column, PushDownPlan plan, PushDownPolicies policies, List<String> notes) {
		Set<String> values = new LinkedHashSet<>();
		for (PushDownPolicies.TagPolicy policy : policies.tagPolicies()) {
			if (policy.tag().equals(tag) && policy.tagValue() != null) {
				values.add(policy.tagValue());
			}
		}
		String where = "tag " + tag + ", " + column.type();
		String otherwise = roleCase(policies.tagRules(new ColumnTag(tag, null)), plan, column, notes, where);
		if (values.isEmpty()) {
			return otherwise;
		}
		StringBuilder body = new StringBuilder("CASE");
		String folded = Sql.snowflakeFold(tag);
		String tagRef = simple(this.policySchema) && simple(folded) ? this.policySchema + "." + folded : tagName(tag);
		String lookup = "SYSTEM$GET_TAG_ON_CURRENT_COLUMN(" + Sql.sfLiteral(tagRef) + ")";
		for (String value : values) {
			body.append(" WHEN ").append(lookup).append(" = ").append(Sql.sfLiteral(value)).append(" THEN ")
				.append(roleCase(policies.tagRules(new ColumnTag(tag, value)), plan, column, notes, where + "=" + value));
		}
		return body.append(" ELSE ").append(otherwise).append(" END").toString();
	}

	static String member(String databaseRole) {
		return "IS_ROLE_IN_SESSION(" + Sql.sfLiteral(Sql.snowflakeFold(databaseRole)) + ")";
	}

	/** {@code CASE WHEN <the rule holds> THEN mask ... ELSE <NULL or the rule that always holds> END} over {@code val}. */
	private String roleCase(List<Rule> rules, PushDownPlan plan, SourceColumn column, List<String> notes, String where) {
		SourceColumn val = new SourceColumn("", "", "val", signatureType(column), column.family());
		List<RuleCases.Branch> branches = RuleCases.branches(rules, plan, SnowflakeScript::member);
		String last = render(branches.get(branches.size() - 1).mask(), val, notes, where);
		if (branches.size() == 1) {
			return last;
		}
		StringBuilder sql = new StringBuilder("CASE");
		for (int i = 0; i < branches.size() - 1; i++) {
			sql.append(" WHEN ").append(branches.get(i).condition()).append(" THEN ")
				.append(render(branches.get(i).mask(), val, notes, where));
		}
		return sql.append(" ELSE ").append(last).append(" END").toString();
	}

	private String render(Mask mask, SourceColumn val, List<String> notes, String where) {
		MaskSql.Rendered rendered = this.masks.render(mask, "val", val);
		if (rendered.note() != null) {
			String note = where + ", " + mask.type().value() + ": " + rendered.note() + ".";
			if (!notes.contains(note)) {
				notes.add(note);
			}
		}
		return rendered.sql();
	}

	private static String rowBody(TablePlan table, PushDownPlan plan, Map<String, String> arguments, List<String> notes) {
		List<String> conditions = new ArrayList<>();
		for (RowPolicy policy : table.rowPolicies()) {
			SourceColumn column = table.column(policy.column());
			if (column == null || policy.unreadable()) {
				notes.add("Row policy '" + policy.policy().name() + "' " + (policy.unreadable() ? "cannot be read from the store"
						: "names a column the table does not have") + ": no rows of " + table.schema() + "." + table.table()
						+ " for any role.");
				conditions.add("FALSE");
				continue;
			}
			List<String> alternatives = new ArrayList<>();
			for (RowRule rule : policy.rules()) {
				List<String> members = new ArrayList<>();
				if (!"*".equals(rule.role())) {
					for (String role : plan.databaseRoles(rule.role())) {
						members.add(member(role));
					}
					if (members.isEmpty()) {
						continue;
					}
				}
				String rows = "TRUE";
				if (!rule.allRows()) {
					RowValues.Typed typed = RowValues.snowflake(column, arguments.get(column.column()), rule.values());
					rows = !typed.comparable() || typed.literals().isEmpty() ? "FALSE"
							: typed.column() + " IN (" + String.join(", ", typed.literals()) + ")";
					String note = !typed.comparable() ? "Row policy '" + policy.policy().name() + "' compares " + table.schema()
							+ "." + table.table() + "." + column.column() + " of type " + column.type() + ", whose values are "
							+ "not compared in Snowflake: no rows where it needs a value."
							: typed.unreadable() > 0 ? "Row policy '" + policy.policy().name() + "': " + typed.unreadable()
									+ " allowed value(s) are not values of " + table.schema() + "." + table.table() + "."
									+ column.column() + "'s type " + column.type() + " and match no row." : null;
					if (note != null && !notes.contains(note)) {
						notes.add(note);
					}
				}
				alternatives.add(members.isEmpty() ? rows : "(" + String.join(" OR ", members) + ") AND " + rows);
			}
			conditions.add(alternatives.isEmpty() ? "FALSE" : "((" + String.join(") OR (", alternatives) + "))");
		}
		return String.join(" AND ", conditions);
	}

	/** The type a policy signature names for the column: its own ({@code TEXT} as {@code VARCHAR}). */
	static String signatureType(SourceColumn column) {
		String type = column.type().toUpperCase(Locale.ROOT);
		if (!type.matches("[A-Z_0-9]{1,40}")) {
			return "VARCHAR";
		}
		return type.equals("TEXT") || type.equals("STRING") ? "VARCHAR" : type;
	}

	private String tagName(String tag) {
		return Sql.sfIdent(this.policySchema) + "." + Sql.sfIdent(Sql.snowflakeFold(tag));
	}

	private String qualified(String name) {
		return Sql.sfIdent(this.policySchema) + "." + Sql.sfIdent(name);
	}

	/** {@code PREFIX_READABLE_8HEX}: upper-case letters, digits and underscores, unique by {@code identity}. */
	static String objectName(String prefix, String readable, String identity) {
		String hash = Script.sha256(identity).substring(0, 8).toUpperCase(Locale.ROOT);
		StringBuilder clean = new StringBuilder();
		for (char c : readable.toUpperCase(Locale.ROOT).toCharArray()) {
			clean.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
		}
		String middle = clean.toString();
		int room = MAX_IDENTIFIER - prefix.length() - hash.length() - 2;
		if (middle.getBytes(StandardCharsets.UTF_8).length > room) {
			middle = middle.substring(0, room);
		}
		return prefix + "_" + middle + "_" + hash;
	}

	private static boolean simple(String name) {
		return name.matches("[A-Z_][A-Z0-9_$]*");
	}
}
