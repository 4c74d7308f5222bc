package dev.coffer.query;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.coffer.policy.PolicyRef;

/** The shape of a governed query's streamed answer, for the API description only (the rows are written as they are read). */
@Schema(name = "QueryResult", description = "The result, streamed in this member order as the rows are read.")
record QueryResultView(
		@Schema(description = "The output columns, in order, each with what the policies made of it.") List<Column> columns,
		@Schema(description = "The policy revision the decisions were made under.") long policyRevision,
		@Schema(description = "The rows: one array per row, values in column order, masked. Numbers are JSON numbers, "
				+ "dates and timestamps ISO 8601 text, binary values base64, other types their text.",
				example = "[[1, \"****@example.com\", \"***************1111\"]]") List<List<Object>> rows,
		@Schema(description = "Rows returned.") long rowCount,
		@Schema(description = "True when more rows matched than `max_rows`, or the rows were cut at "
				+ "`query.max_response_bytes` (then `error.code` is `query_result_too_large`).") boolean truncated,
		@Schema(description = "Present when an alert rule with action `block` blocks the caller (before or during the query): "
				+ "every column a policy protects is NULL from that point on.") String blockedByAlert,
		@Schema(description = "Present only when the query failed after the first row was sent (status 200 cannot change any "
				+ "more): `code` (`query_timeout`, `query_failed` with `sqlstate`, `query_result_too_large`, `internal_error`) "
				+ "and `message`. The rows before it are complete.") Error error) {

	@Schema(name = "QueryResultColumn")
	record Column(
			@Schema(description = "The column's label as the query wrote it (its alias, else the column's name as the "
					+ "database names it); for an expression without an alias, the database's own label.", example = "email") String name,
			@Schema(description = "The database's type name, lower case.", example = "varchar") String type,
			@Schema(description = "`clear`, `masked` or `null`.", allowableValues = { "clear", "masked", "null" }) String disposition,
			@Schema(description = "The mask applied (`no_mask` when shown as stored).", example = "email") String maskingType,
			@Schema(description = "Why: `unprotected`, `column_policy`, `tag_policy`, `no_matching_role`, `tags_unavailable`, "
					+ "`detokenize_not_permitted`, `policy_unreadable`, `access_blocked` (a block alert), or for an "
					+ "expression `computed` / `computed_from_protected`.") String reason,
			@Schema(description = "The policy that decided, or null.") PolicyRef policy,
			@Schema(description = "The table column it comes from, or null for an expression.") Source source) {
	}

	@Schema(name = "QueryResultSource")
	record Source(@Schema(description = "Schema (MariaDB: database).") String schema,
			@Schema(description = "Table or view.") String table, @Schema(description = "Column.") String column) {
	}

	@Schema(name = "QueryResultError")
	record Error(@Schema(description = "Stable error code.") String code, @Schema(description = "What went wrong.") String message,
			@Schema(description = "SQLSTATE of a `query_failed`.") String sqlstate) {
	}
}
