package dev.coffer.query;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.idempotency.NotStoredForReplay;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code POST /api/v1/data-sources/{id}/query}: one read-only SELECT with the caller's policies applied. */
@Tag(name = "Governed query", description = "Runs one read-only SELECT on a data source for the calling principal, with "
		+ "the masking and row policies of its roles applied and the rows streamed.")
@RestController
class QueryController {

	static final String DESCRIPTION = "Runs one SELECT on the data source (types `postgresql` and `mysql`) as the calling "
			+ "principal, with the masking and row policies of its policy roles (platform roles and data roles) applied, and "
			+ "streams the rows as they are read.\n\n"
			+ "**What runs.** Exactly one plain SELECT: joins with ON or USING, subqueries, non-recursive CTEs, UNION/INTERSECT/"
			+ "EXCEPT, GROUP BY, window functions, LIMIT/OFFSET. Refused before anything reaches the database, each with a "
			+ "stable code: several statements (`multiple_statements`); INSERT, UPDATE, DELETE, MERGE, DDL, CALL, COPY, SET, "
			+ "EXPLAIN, SELECT ... INTO, FOR UPDATE/SHARE (`query_not_read_only`); a function not on the allow-list, or a "
			+ "schema-qualified one (`function_not_allowed`; allowed are common text, number, date, conditional, aggregate and "
			+ "window functions such as lower, substring, concat, coalesce, round, date_trunc, extract, count, sum, avg, min, "
			+ "max, string_agg, row_number, rank, lag; never pg_read_file, lo_*, dblink, query_to_xml, set_config, "
			+ "current_setting, pg_sleep, nextval, load_file, sys_exec, benchmark, sleep, get_lock); table functions, LATERAL, "
			+ "NATURAL joins, recursive CTEs, VALUES, parameters, session variables, JSON and array operators, system "
			+ "catalogs (`query_not_supported`); unknown or ambiguous names (`unresolved_name`); text that does not parse "
			+ "(`query_parse_failed`). The statement then runs in a READ ONLY transaction that is rolled back.\n\n"
			+ "**Masks.** Every name is resolved against the database's own catalog and each output column is traced to the "
			+ "table column it comes from; the column's decision (as `POST /api/v1/access/evaluate` gives it) is applied to "
			+ "its values in Coffer as they leave the database, batch by batch. Each column of the answer says its "
			+ "`disposition`, `masking_type`, deciding `policy`, `reason` and `source`.\n\n"
			+ "**Names.** Coffer resolves every name by the database's rules (PostgreSQL folds only the ASCII letters of "
			+ "unquoted names) and the statement that runs leaves the database none of the caller's names to resolve: every "
			+ "FROM item gets a generated alias (`coffer_s1`, ...), every CTE a generated name, every column reference is "
			+ "written as `<generated alias>.\"<exact column name>\"`, `*` is expanded, JOIN USING becomes ON, and output names "
			+ "and positions in ORDER BY, GROUP BY and DISTINCT ON (also `(2)` or `-(-2)`, which both databases read as "
			+ "positions) become plain positions. Output columns keep the labels written in the query. Refused with "
			+ "`identifier_not_allowed`: names longer than the database keeps (63 bytes on PostgreSQL, 64 characters on "
			+ "MariaDB), empty or quoted in a way the database does not read as a name, and aliases, CTE names or column "
			+ "aliases starting with `coffer_`. On MariaDB, an unqualified name in HAVING, GROUP BY or ORDER BY that is the "
			+ "select-list alias of another column, `--` not followed by a blank and `/*! ... */` comments are refused "
			+ "(`query_not_supported`); JDBC escapes (`{fn ...}`) on both.\n\n"
			+ "**Relations.** On PostgreSQL a partition or inheritance child carries the masks and row filters of every parent "
			+ "besides its own (per column the strictest: NULL over masked over clear). Refused with 403 "
			+ "`relation_not_queryable`: a parent whose partitions or children carry a policy the parent does not have "
			+ "(reading it reads their rows), a view or materialized view that reads a protected relation (or calls a "
			+ "function that is not built in) and carries no policy of its own, and a relation that belongs to an extension "
			+ "or whose name starts with `pg_` (such as `pg_stat_statements`) that no policy names; `FROM ONLY` is refused "
			+ "(`query_not_supported`). MariaDB views are not traced: protect a view's columns on the view.\n\n"
			+ "**Casts and generated text.** Casts only to numbers, text, date and time types, interval, boolean, uuid and "
			+ "binary (`cast_not_allowed`: never oid, regclass, regrole and the other object-identifier types, xid, tid, "
			+ "pg_* types, jsonpath, arrays or user-defined types). The length of repeat, lpad, rpad and space, and the "
			+ "widths of a PostgreSQL format template, must be integer literals of at most "
			+ SelectParser.MAX_GENERATED_LENGTH + " (`function_not_allowed`).\n\n"
			+ "**The filter rule.** A column the caller does not see in clear (masked or NULL) may appear only as a plain "
			+ "column reference in a select list (an alias is fine; through subqueries and CTEs too). Anywhere it could reveal "
			+ "its hidden values it is refused: in WHERE, JOIN ON/USING, GROUP BY, HAVING, ORDER BY, a window's PARTITION BY "
			+ "or ORDER BY, DISTINCT, set operations or a compared subquery result (403 `masked_column_in_filter`: `WHERE ssn "
			+ "LIKE '1%'` would reveal SSNs digit by digit, and sorting would reveal their order), and inside any expression or "
			+ "function, aggregates included (403 `masked_column_in_expression`). Columns seen in clear can be used freely.\n\n"
			+ "**Row policies.** Each table under row policies is read through a subquery that keeps only the allowed rows "
			+ "(values bound as parameters, compared as exact text), fenced so the database applies it before any condition "
			+ "of the query (`OFFSET 0` on PostgreSQL, a materialized derived table on MariaDB): no condition or error ever "
			+ "sees a hidden row. A policy naming none of the caller's roles gives no rows. Database errors answer only their "
			+ "SQLSTATE (`query_failed`), never the database's message, which could quote a value.\n\n"
			+ "**Thresholds.** A principal blocked by an alert rule with action `block` gets every column a policy protects as "
			+ "NULL (`reason` `access_blocked`, `blocked_by_alert` names the alert) until an administrator resolves the alert. "
			+ "Every non-NULL value of a protected column (masked or clear) that is returned counts as a protected value read, "
			+ "batch by batch: a block tripped during the query NULLs those columns from that batch on.\n\n"
			+ "**Limits.** At most `max_rows` rows (default and ceiling: setting `query.max_rows`), fetched at most "
			+ GovernedQuery.FETCH_SIZE + " at a time, fewer when rows are large (one row first, then as many as fit the "
			+ "budget at the largest row seen); one fetch holds at most 16 MiB or `query.max_response_bytes` if smaller, and "
			+ "the response at most `query.max_response_bytes` (256 MiB by default): a result that would pass it ends with "
			+ "`truncated: true` and `error.code` `query_result_too_large`, one larger before the first row answers 422 "
			+ "`query_result_too_large`. Running and streaming together may take at most "
			+ "`datasources.query_timeout_seconds` (statement timeout on the database, then `query_timeout`). Errors before "
			+ "the first row are problems; a failure after it ends the document with `error`. Responses are never stored: "
			+ "an `Idempotency-Key` is ignored here, however the path is spelled.\n\n"
			+ "**Audit.** `data_source.queried` before the query runs (refused if it cannot be written), with the keyed hash "
			+ "(`sql_hmac`, see `POST /api/v1/audit/hash`) and literal-free fingerprint of the SQL (never its text), the "
			+ "decisions of the output columns as `POST /api/v1/access/evaluate` audits them (counts by disposition, mask and "
			+ "reason; per column the source, mask and deciding policy, bounded), the row policies and roles; refusals are "
			+ "audited with their "
			+ "code; `data_source.query_finished` with the row count, protected values, truncation and any error. Needs "
			+ "`datasources:query` (roles `admin`, `querier`).";

	private final GovernedQuery query;

	QueryController(GovernedQuery query) {
		this.query = query;
	}

	@Operation(summary = "Run a governed query", description = DESCRIPTION, responses = @ApiResponse(responseCode = "200",
			description = "The columns and the rows, streamed.",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = QueryResultView.class))))
	@PostMapping(path = "/api/v1/data-sources/{id}/query", produces = "application/json")
	@NotStoredForReplay
	void query(@Parameter(description = "The data source's id.") @PathVariable String id, @RequestBody QueryRequest request,
			HttpServletResponse response) throws IOException {
		Caller caller = Authz.require(Permission.DATASOURCES_QUERY);
		this.query.run(id, request, caller, response);
	}
}
