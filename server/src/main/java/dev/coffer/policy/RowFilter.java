package dev.coffer.policy;

import java.util.List;

/**
 * What one row policy lets a principal see of a table: the rows whose reference {@code column}
 * holds one of {@code values} (compared as text), every row ({@code allRows}), or none (no value
 * and not all rows). Several row policies on one table all apply: a row must pass each.
 *
 * @param reason a stable code: {@code allowed_values}, {@code all_rows}, {@code no_matching_role},
 *        {@code policy_unreadable} (no rows)
 */
public record RowFilter(TableRef table, PolicyRef policy, String column, boolean allRows, List<String> values,
		String reason, String explanation) {

	/** Whether the filter lets no row through. */
	public boolean noRows() {
		return !this.allRows && this.values.isEmpty();
	}

	@Override
	public String toString() {
		return "RowFilter[" + this.table + " " + this.policy.name() + " " + this.column + " "
				+ (this.allRows ? "all" : this.values.size() + " values") + "]";
	}
}
