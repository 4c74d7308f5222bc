package dev.coffer.query;

import java.util.List;

import dev.coffer.policy.RowFilter;
import dev.coffer.query.QueryAnalyzer.Origin;

/**
 * A checked query, ready to run: the rewritten SQL with its bound row-filter values, each output
 * column's origin (and so its mask), and the row filters applied. Holds no data value.
 *
 * @param sql the rewritten statement
 * @param params the row-filter values, in the order of their placeholders
 * @param outputs each output column's origin, in order
 * @param labels each output column's name as the caller wrote it (or the database names it), {@code null}
 *        where the database's own label is kept (an expression without an alias)
 * @param rowFilters every row filter applied, for the audit
 */
record QueryPlan(String sql, List<Object> params, List<Origin> outputs, List<String> labels, List<RowFilter> rowFilters) {

	@Override
	public String toString() {
		return "QueryPlan[" + this.outputs.size() + " columns, " + this.params.size() + " row-filter parameters]";
	}
}
