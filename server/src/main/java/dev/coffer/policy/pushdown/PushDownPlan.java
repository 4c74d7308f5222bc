package dev.coffer.policy.pushdown;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import dev.coffer.policy.ColumnRef;
import dev.coffer.policy.ColumnTag;
import dev.coffer.policy.PushDownPolicies;
import dev.coffer.policy.PushDownPolicies.Mask;
import dev.coffer.policy.PushDownPolicies.RowPolicy;

/**
 * What the policies ask of one data source's tables, independent of the database's SQL: per
 * protected column, the mask of each mapped role (most permissive first, so that a database user
 * holding several mapped roles gets the first that matches) and of everyone else; per table, its
 * row policies. Tables no policy covers are left out.
 */
record PushDownPlan(long revision, List<RoleMapping> roles, List<TablePlan> tables, List<String> notes) {

	/** A Coffer policy role and the database role that stands for it. */
	record RoleMapping(String cofferRole, String databaseRole) {
	}

	/** One mapped role's mask. */
	record Branch(RoleMapping role, Mask mask) {
	}

	/**
	 * A protected column.
	 *
	 * @param otherwise the mask of a database user holding none of the mapped roles (the policies'
	 *        {@code *} rules, else NULL)
	 * @param tags its catalog tags that some tag policy names
	 * @param byColumnPolicy whether a column policy lists it (exactly or through {@code *})
	 */
	record ColumnPlan(SourceColumn column, List<Branch> branches, Mask otherwise, List<ColumnTag> tags,
			boolean byColumnPolicy) {
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
			BiFunction<String, String, Map<String, List<ColumnTag>>> tagsOf, List<RoleMapping> roles) {
		Map<String, List<SourceColumn>> byTable = new LinkedHashMap<>();
		for (SourceColumn column : columns) {
			byTable.computeIfAbsent(key(column.schema(), column.table()), k -> new ArrayList<>()).add(column);
		}
		List<ColumnRef> listed = policies.columnPolicyColumns(dataSourceId);
		List<String> tagNames = policies.tagPolicies().stream().map(PushDownPolicies.TagPolicy::tag).distinct().toList();
		List<RowPolicy> rowPolicies = policies.rowPolicies(dataSourceId);
		List<String> notes = new ArrayList<>();
		List<TablePlan> tables = new ArrayList<>();
		for (List<SourceColumn> tableColumns : byTable.values()) {
			SourceColumn first = tableColumns.get(0);
			Map<String, List<ColumnTag>> tags = tagNames.isEmpty() ? Map.of() : tagsOf.apply(first.schema(), first.table());
			Map<String, ColumnPlan> masked = new LinkedHashMap<>();
			for (SourceColumn column : tableColumns) {
				ColumnRef ref = new ColumnRef(dataSourceId, column.schema(), column.table(), column.column());
				List<ColumnTag> columnTags = tags.getOrDefault(column.column(), List.of()).stream()
					.filter(tag -> tagNames.contains(tag.name()))
					.toList();
				PushDownPolicies.Choice otherwise = policies.decide(ref, List.of(), columnTags);
				if ("unprotected".equals(otherwise.reason())) {
					continue;
				}
				List<Branch> branches = new ArrayList<>();
				for (RoleMapping role : roles) {
					branches.add(new Branch(role, policies.decide(ref, List.of(role.cofferRole()), columnTags).mask()));
				}
				branches.sort(Comparator.comparingInt(branch -> branch.mask().type().rank()));
				boolean byColumnPolicy = listed.stream().anyMatch(entry -> matches(entry, ref));
				masked.put(column.column(), new ColumnPlan(column, List.copyOf(branches), otherwise.mask(), columnTags,
						byColumnPolicy));
			}
			List<RowPolicy> rows = rowPolicies.stream()
				.filter(policy -> policy.table().schema().equals(lower(first.schema()))
						&& policy.table().table().equals(lower(first.table())))
				.toList();
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
		return new PushDownPlan(policies.revision(), List.copyOf(roles), List.copyOf(tables), notes);
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
