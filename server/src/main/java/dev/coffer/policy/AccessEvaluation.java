package dev.coffer.policy;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** The request and response of {@code POST /api/v1/access/evaluate}. */
final class AccessEvaluation {

	private AccessEvaluation() {
	}

	@Schema(name = "AccessEvaluationRequest", description = "Whose access, and to which columns.")
	record Request(
			@Schema(description = "A principal id (or reference such as `service_account:<id>`): its roles are those of its "
					+ "usable API keys together. Not with `roles`. OIDC users are not stored: give their roles instead.")
			String principal,
			@Schema(description = "Policy roles to evaluate for (platform role names and data roles). Not with `principal`. "
					+ "Without both, the caller's own roles.", example = "[\"analyst\"]") List<String> roles,
			@Schema(description = "The columns, at most 1000.", requiredMode = Schema.RequiredMode.REQUIRED) List<ColumnRef> columns,
			@Schema(description = "More tables whose row filters to answer, besides the tables of `columns` (at most 100).")
			List<TableRef> tables) {
	}

	@Schema(name = "AccessEvaluation", description = "The disposition of each column and the row filters of each table.")
	record Response(
			@Schema(description = "The principal evaluated for, when one was given.") String principal,
			@Schema(description = "The policy roles evaluated for.") List<String> roles,
			@Schema(description = "The policy revision the decisions were made under.") long policyRevision,
			@Schema(description = "One decision per requested column, in order.") List<ColumnDecision> columns,
			@Schema(description = "One entry per table of the columns (and of `tables`).") List<TableRows> tables) {
	}

	@Schema(name = "ColumnDecision", description = "How one column is shown, and why.")
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record ColumnDecision(
			@Schema(description = "The column (names in lower case).") ColumnRef column,
			@Schema(description = "`clear` (unmasked, or detokenized), `masked`, or `null`.",
					allowableValues = { "clear", "masked", "null" }) String disposition,
			@Schema(description = "The masking type applied.", example = "last_four") String maskingType,
			@Schema(description = "ALTR's id of the masking type, or null for types ALTR does not have.", example = "10003")
			Integer maskingId,
			@Schema(description = "The policy that decided; null when none applies or none names the roles.") PolicyRef policy,
			@Schema(description = "The role whose rule decided (`*` for a catch-all rule); null without one.") String role,
			@Schema(description = "`unprotected` (no policy applies), `column_policy`, `tag_policy`, `no_matching_role` "
					+ "(policies apply but name none of the roles: NULL), or `detokenize_not_permitted` (the deciding rule "
					+ "gives `detokenize` but none of the roles grants `tokens:detokenize`: `no_mask`, the token as stored), or "
					+ "`tags_unavailable` (tag policies exist but the column's tags cannot be read, and no column policy names "
					+ "the column exactly: NULL until they can), or `policy_unreadable` (the deciding policy's stored "
					+ "definition is damaged: NULL until it is replaced).",
					allowableValues = { "unprotected", "column_policy", "tag_policy", "no_matching_role",
							"detokenize_not_permitted", "tags_unavailable", "policy_unreadable" }) String reason,
			@Schema(description = "The reason in words.") String explanation,
			@Schema(description = "Every policy applying to the column: the column policies naming it exactly, else the column "
					+ "policies listing it through `*` and the tag policies matching its tags.")
			List<PolicyRef> applicablePolicies) {
	}

	@Schema(name = "TableRows", description = "Which rows of a table the principal sees.")
	record TableRows(
			@Schema(description = "The table.") TableRef table,
			@Schema(description = "`all` (no row policy restricts it), `filtered`, or `none` (a row policy names none of the roles).",
					allowableValues = { "all", "filtered", "none" }) String rows,
			@Schema(description = "One filter per row policy on the table; a row must pass each.") List<RowFilterView> filters) {
	}

	@Schema(name = "RowFilter", description = "What one row policy lets through.")
	record RowFilterView(
			@Schema(description = "The row policy.") PolicyRef policy,
			@Schema(description = "The reference column.") String column,
			@Schema(description = "Whether every row passes.") boolean allRows,
			@Schema(description = "The allowed values of the reference column (empty with `all_rows`, or for no rows).")
			List<String> values,
			@Schema(description = "`allowed_values`, `all_rows`, `no_matching_role` (no rows) or `policy_unreadable` (the "
					+ "policy's stored definition is damaged: no rows until it is replaced).",
					allowableValues = { "allowed_values", "all_rows", "no_matching_role", "policy_unreadable" }) String reason,
			@Schema(description = "The reason in words.") String explanation) {
	}
}
