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
import dev.coffer.policy.pushdown.PushDownPlan.Branch;
import dev.coffer.policy.pushdown.PushDownPlan.ColumnPlan;
import dev.coffer.policy.pushdown.PushDownPlan.RoleMapping;
import dev.coffer.policy.pushdown.PushDownPlan.TablePlan;

/**
 * The Snowflake script of a plan, for review and for running in Snowflake (Coffer does not apply
 * it). Tag policies become tag-based masking: per Coffer tag that tag policies name, a Snowflake
 * tag in the policy schema set on the columns the catalog tags, and one masking policy per data
 * type set on the tag, whose body picks by {@code SYSTEM$GET_TAG_ON_CURRENT_COLUMN} the tag value's
 * policies and by {@code IS_ROLE_IN_SESSION} the role's mask. A column a column policy lists, or
 * that carries several tags with tag policies, gets a masking policy of its own set on the column,
 * which Snowflake puts before tag-based ones (as Coffer puts exact column policies first), holding
 * the whole decision. Row policies become one row access policy per table (Snowflake allows one),
 * the AND of Coffer's row policies. Re-running it replaces what an earlier run made: masking
 * policies are created if missing, then their bodies set; row access policies are detached and
 * replaced.
 */
final class SnowflakeScript {

	/** Signature types of the masking policies a tag gets, one per data type Snowflake matches on. */
	static final List<String> TAG_TYPES = List.of("VARCHAR", "NUMBER", "FLOAT", "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ",
			"TIMESTAMP_TZ", "BOOLEAN");

	private static final int MAX_IDENTIFIER = 255;

	private final MaskSql masks = new SnowflakeMaskSql();

	private final String policySchema;

	/** @param policySchema the schema (of the connection's database) the tags and policies are made in */
	SnowflakeScript(String policySchema) {
		this.policySchema = Sql.snowflakeFold(policySchema);
	}

	Script render(PushDownPlan plan, PushDownPolicies policies) {
		List<String> statements = new ArrayList<>();
		List<String> notes = new ArrayList<>(plan.notes());
		String schema = Sql.sfIdent(this.policySchema);
		statements.add("CREATE SCHEMA IF NOT EXISTS " + schema);
		Set<String> tags = new LinkedHashSet<>();
		for (PushDownPolicies.TagPolicy policy : policies.tagPolicies()) {
			tags.add(policy.tag());
		}
		for (String tag : tags) {
			statements.add("CREATE TAG IF NOT EXISTS " + tagName(tag));
		}
		for (TablePlan table : plan.tables()) {
			String base = Sql.sfIdent(table.schema()) + "." + Sql.sfIdent(table.table());
			for (ColumnPlan column : table.masked().values()) {
				for (ColumnTag tag : column.tags()) {
					statements.add("ALTER TABLE " + base + " MODIFY COLUMN " + Sql.sfIdent(column.column().column()) + " SET TAG "
							+ tagName(tag.name()) + " = " + Sql.sfLiteral(tag.value() == null ? "" : tag.value()));
				}
				if (column.byColumnPolicy() || column.tags().size() > 1) {
					String name = qualified(objectName("COFFER_MASK", table.table() + "_" + column.column().column(),
							table.schema() + "." + table.table() + "." + column.column().column()));
					String type = signatureType(column.column());
					String body = roleCase(column.branches(), column.otherwise(), column.column(), notes,
							table.schema() + "." + table.table() + "." + column.column().column());
					statements.add("CREATE MASKING POLICY IF NOT EXISTS " + name + " AS (val " + type + ") RETURNS " + type
							+ " -> " + body + " COMMENT = " + Sql.sfLiteral("Made by Coffer policy push-down (policy revision "
									+ plan.revision() + ")"));
					statements.add("ALTER MASKING POLICY " + name + " SET BODY -> " + body);
					statements.add("ALTER TABLE " + base + " MODIFY COLUMN " + Sql.sfIdent(column.column().column())
							+ " SET MASKING POLICY " + name + " FORCE");
				}
			}
		}
		for (String tag : tags) {
			List<String> attached = new ArrayList<>();
			for (String type : TAG_TYPES) {
				String name = qualified(objectName("COFFER_TAG", tag + "_" + type, tag + "/" + type));
				SourceColumn probe = new SourceColumn("", "", "val", type, TypeFamily.snowflake(type));
				String body = tagBody(tag, probe, plan.roles(), policies, notes);
				statements.add("CREATE MASKING POLICY IF NOT EXISTS " + name + " AS (val " + type + ") RETURNS " + type + " -> "
						+ body + " COMMENT = " + Sql.sfLiteral("Made by Coffer policy push-down (policy revision " + plan.revision()
								+ ")"));
				statements.add("ALTER MASKING POLICY " + name + " SET BODY -> " + body);
				attached.add("MASKING POLICY " + name);
			}
			statements.add("ALTER TAG " + tagName(tag) + " SET " + String.join(", ", attached) + " FORCE");
		}
		for (TablePlan table : plan.tables()) {
			if (table.rowPolicies().isEmpty()) {
				continue;
			}
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
			String body = rowBody(table, plan.roles(), argumentNames, notes);
			String name = qualified(objectName("COFFER_ROWS", table.table(), table.schema() + "." + table.table()));
			statements.add("ALTER TABLE " + base + " DROP ALL ROW ACCESS POLICIES");
			statements.add("CREATE OR REPLACE ROW ACCESS POLICY " + name + " AS (" + String.join(", ", signature)
					+ ") RETURNS BOOLEAN -> " + body + " COMMENT = " + Sql.sfLiteral("Made by Coffer policy push-down (policy "
							+ "revision " + plan.revision() + ")"));
			statements.add("ALTER TABLE " + base + " ADD ROW ACCESS POLICY " + name + " ON (" + String.join(", ", on) + ")");
		}
		return Script.of(statements, notes, plan.tables().size());
	}

	/** The tag's masking body: by the column's tag value, the tag policies of that value and those of any value. */
	private String tagBody(String tag, SourceColumn column, List<RoleMapping> roles, PushDownPolicies policies,
			List<String> notes) {
		Set<String> values = new LinkedHashSet<>();
		for (PushDownPolicies.TagPolicy policy : policies.tagPolicies()) {
			if (policy.tag().equals(tag) && policy.tagValue() != null) {
				values.add(policy.tagValue());
			}
		}
		String where = "tag " + tag + ", " + column.type();
		String otherwise = roleCase(tagBranches(new ColumnTag(tag, null), roles, policies), policies.decideTag(
				new ColumnTag(tag, null), List.of()).mask(), column, notes, where);
		if (values.isEmpty()) {
			return otherwise;
		}
		StringBuilder body = new StringBuilder("CASE");
		String folded = Sql.snowflakeFold(tag);
		String tagRef = simple(this.policySchema) && simple(folded) ? this.policySchema + "." + folded : tagName(tag);
		String lookup = "SYSTEM$GET_TAG_ON_CURRENT_COLUMN(" + Sql.sfLiteral(tagRef) + ")";
		for (String value : values) {
			ColumnTag valued = new ColumnTag(tag, value);
			body.append(" WHEN ").append(lookup).append(" = ").append(Sql.sfLiteral(value)).append(" THEN ")
				.append(roleCase(tagBranches(valued, roles, policies), policies.decideTag(valued, List.of()).mask(), column,
						notes, where + "=" + value));
		}
		return body.append(" ELSE ").append(otherwise).append(" END").toString();
	}

	private static List<Branch> tagBranches(ColumnTag tag, List<RoleMapping> roles, PushDownPolicies policies) {
		List<Branch> branches = new ArrayList<>();
		for (RoleMapping role : roles) {
			branches.add(new Branch(role, policies.decideTag(tag, List.of(role.cofferRole())).mask()));
		}
		branches.sort(java.util.Comparator.comparingInt(branch -> branch.mask().type().rank()));
		return branches;
	}

	/** {@code CASE WHEN IS_ROLE_IN_SESSION('R') THEN mask ... ELSE otherwise END} over {@code val}. */
	private String roleCase(List<Branch> branches, Mask otherwise, SourceColumn column, List<String> notes, String where) {
		SourceColumn val = new SourceColumn("", "", "val", signatureType(column), column.family());
		String fallback = render(otherwise, val, notes, where);
		if (branches.isEmpty()) {
			return fallback;
		}
		StringBuilder sql = new StringBuilder("CASE");
		for (Branch branch : branches) {
			sql.append(" WHEN IS_ROLE_IN_SESSION(").append(Sql.sfLiteral(Sql.snowflakeFold(branch.role().databaseRole())))
				.append(") THEN ").append(render(branch.mask(), val, notes, where));
		}
		return sql.append(" ELSE ").append(fallback).append(" END").toString();
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

	private static String rowBody(TablePlan table, List<RoleMapping> roles, Map<String, String> arguments, List<String> notes) {
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
			String value = "TO_VARCHAR(" + arguments.get(column.column()) + ")";
			List<String> alternatives = new ArrayList<>();
			for (RowRule rule : policy.rules()) {
				List<String> members = new ArrayList<>();
				if (!"*".equals(rule.role())) {
					for (RoleMapping role : roles) {
						if (role.cofferRole().equals(rule.role())) {
							members.add("IS_ROLE_IN_SESSION(" + Sql.sfLiteral(Sql.snowflakeFold(role.databaseRole())) + ")");
						}
					}
					if (members.isEmpty()) {
						continue;
					}
				}
				String rows = rule.allRows() ? "TRUE" : inList(value, rule.values());
				alternatives.add(members.isEmpty() ? rows : "(" + String.join(" OR ", members) + ") AND " + rows);
			}
			conditions.add(alternatives.isEmpty() ? "FALSE" : "((" + String.join(") OR (", alternatives) + "))");
		}
		return String.join(" AND ", conditions);
	}

	private static String inList(String value, List<String> values) {
		if (values.isEmpty()) {
			return "FALSE";
		}
		List<String> literals = new ArrayList<>(values.size());
		for (String v : values) {
			literals.add(Sql.sfLiteral(v));
		}
		return value + " IN (" + String.join(", ", literals) + ")";
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
