package dev.coffer.query;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A governed query: one SELECT and an optional row limit.
 *
 * @param sql the statement
 * @param maxRows the most rows to return, at most the setting {@code query.max_rows}
 */
@Schema(name = "QueryRequest", description = "One read-only SELECT to run on the data source for the caller, with the "
		+ "masking and row policies of its roles applied.")
record QueryRequest(
		@Schema(description = "One SELECT statement (joins, subqueries, CTEs, UNION; no parameters), at most 100,000 characters. "
				+ "Its text is never stored or logged: the audit log keeps a keyed hash and a literal-free fingerprint.",
				example = "SELECT id, email, card_number FROM shop.customers WHERE region = 'EU'",
				requiredMode = Schema.RequiredMode.REQUIRED) String sql,
		@Schema(description = "The most rows to return (1 to the setting `query.max_rows`, which is also the default); "
				+ "a result cut at the limit says `truncated: true`.", example = "1000") Integer maxRows) {

	@Override
	public String toString() {
		return "QueryRequest[" + (this.sql == null ? 0 : this.sql.length()) + " characters, max_rows=" + this.maxRows + "]";
	}
}
