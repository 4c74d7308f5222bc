package dev.coffer.policy.pushdown;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import dev.coffer.policy.ColumnRef;
import dev.coffer.policy.ColumnTag;
import dev.coffer.policy.PushDownPolicies;
import dev.coffer.policy.PushDownPolicies.RowPolicy;
import dev.coffer.policy.PushDownPolicies.Rule;

/**
 * What the policies ask of one data source's tables, independent of the database's SQL: per
 * protected column, the rules that can decide it in the decision engine's order (the first that
 * holds for a database user's mapped roles gives the engine's mask for those roles together; none:
 * NULL); per table, its row policies. Tables no policy covers are left out. {@link #cofferRoles()}
 * are the roles those rules name; {@link #roles()} how they are mapped to database roles.
 */
record PushDownPlan(long revision, List<RoleMapping> roles, List<TablePlan> tables, List<String> notes,
		Set<String> cofferRoles) {

	/** A Coffer policy role and the database role that stands for it. */
	record RoleMapping(String cofferRole, String databaseRole) {
	}

	/**
	 * A protected column.
	 *
	 * @param rules the rules that can decide it, in the engine's order (see {@link PushDownPolicies#rules})
	 * @param tags its catalog tags that some tag policy names
	 * @param byColumnPolicy whether a column policy lists it (exactly or through {@code *})
	 */
	record ColumnPlan(SourceColumn column, List<Rule> rules, List<ColumnTag> tags, boolean byColumnPolicy) {
	}

	/** A table with protected columns or row policies; {@code columns} in the table's order. */
	record TablePlan(String schema, String table, List<SourceColumn> columns, Map<String, ColumnPlan> masked,
			List<RowPolicy> rowPolicies) {

		ColumnPlan plan(SourceColumn column) {
			return this.masked.get(column.column());
		}

		/** The table's column {@code name} names (case-insensitively), or {@code null}. */
		SourceColumn column(String name) {
			for (SourceColumn column : this.columns) {
				if (column.column().equalsIgnoreCase(name)) {
					return column;
				}
			}
			return null;
		}
	}

	/**
	 * Plans {@code dataSourceId}'s tables.
	 *
	 * @param columns every column of the source's tables, grouped by table in table order
	 * @param tagsOf the catalog tags of a table's columns by column name, asked only while tag policies exist
	 */
	static PushDownPlan of(PushDownPolicies policies, String dataSourceId, List<SourceColumn> columns,
			BiFunction<String, String, Map<String, List<ColumnTag>>> tagsOf) {
		Map<String, List<SourceColumn>> byTable = new LinkedHashMap<>();
		for (SourceColumn column : columns) {
			byTable.computeIfAbsent(key(column.schema(), column.table()), k -> new ArrayList<>()).add(column);
		}
		List<ColumnRef> listed = policies.columnPolicyColumns(dataSourceId);
		List<String> tagNames = policies.tagPolicies().stream().map(PushDownPolicies.TagPolicy::tag).distinct().toList();
		List<RowPolicy> rowPolicies = policies.rowPolicies(dataSourceId);
		List<String> notes = new ArrayList<>();
		List<TablePlan> tables = new ArrayList<>();
		Set<String> cofferRoles = new TreeSet<>();
		for (List<SourceColumn> tableColumns : byTable.values()) {
			SourceColumn first = tableColumns.get(0);
			Map<String, List<ColumnTag>> tags = tagNames.isEmpty() ? Map.of() : tagsOf.apply(first.schema(), first.table());
			Map<String, ColumnPlan> masked = new LinkedHashMap<>();
			for (SourceColumn column : tableColumns) {
				ColumnRef ref = new ColumnRef(dataSourceId, column.schema(), column.table(), column.column());
				List<ColumnTag> columnTags = tags.getOrDefault(column.column(), List.of()).stream()
					.filter(tag -> tagNames.contains(tag.name()))
					.toList();
				List<Rule> rules = policies.rules(ref, columnTags);
				if (rules.isEmpty()) {
					continue;
				}
				rules.forEach(rule -> named(rule, cofferRoles));
				boolean byColumnPolicy = listed.stream().anyMatch(entry -> matches(entry, ref));
				masked.put(column.column(), new ColumnPlan(column, rules, columnTags, byColumnPolicy));
			}
			List<RowPolicy> rows = rowPolicies.stream()
				.filter(policy -> policy.table().schema().equals(lower(first.schema()))
						&& policy.table().table().equals(lower(first.table())))
				.toList();
			rows.forEach(policy -> policy.rules().forEach(rule -> {
				if (!"*".equals(rule.role())) {
					cofferRoles.add(rule.role());
				}
			}));
			if (!masked.isEmpty() || !rows.isEmpty()) {
				tables.add(new TablePlan(first.schema(), first.table(), List.copyOf(tableColumns), masked, rows));
			}
		}
		for (RowPolicy policy : rowPolicies) {
			if (!byTable.containsKey(key(policy.table().schema(), policy.table().table()))) {
				notes.add("Row policy '" + policy.policy().name() + "' names a table the database does not have ("
						+ policy.table().schema() + "." + policy.table().table() + "): nothing is generated for it.");
			}
		}
		return new PushDownPlan(policies.revision(), List.of(), List.copyOf(tables), notes, Collections.unmodifiableSet(cofferRoles));
	}

	/** This plan with the Coffer roles mapped to database roles. */
	PushDownPlan withRoles(List<RoleMapping> mapped) {
		return new PushDownPlan(this.revision, List.copyOf(mapped), this.tables, this.notes, this.cofferRoles);
	}

	/** The database roles standing for {@code cofferRole} (none when it is not mapped). */
	List<String> databaseRoles(String cofferRole) {
		List<String> names = new ArrayList<>(1);
		for (RoleMapping role : this.roles) {
			if (role.cofferRole().equals(cofferRole) && !names.contains(role.databaseRole())) {
				names.add(role.databaseRole());
			}
		}
		return names;
	}

	/** Adds the roles a rule depends on: its own and those that override it. */
	static void named(Rule rule, Set<String> into) {
		if (!rule.anyRole()) {
			into.add(rule.role());
		}
		into.addAll(rule.unless());
	}

	private static boolean matches(ColumnRef entry, ColumnRef column) {
		return part(entry.schema(), column.schema()) && part(entry.table(), column.table())
				&& part(entry.column(), column.column());
	}

	private static boolean part(String pattern, String name) {
		return "*".equals(pattern) || pattern.equals(name);
	}

	private static String key(String schema, String table) {
		return lower(schema) + "\u0000" + lower(table);
	}

	static String lower(String name) {
		return name.toLowerCase(Locale.ROOT);
	}
}
