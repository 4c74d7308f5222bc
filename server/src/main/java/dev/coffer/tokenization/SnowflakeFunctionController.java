package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/**
 * Snowflake external functions: {@code POST /api/v1/integrations/snowflake/{tokenize,detokenize}}
 * take Snowflake's batch {@code {"data": [[row number, argument], ...]}} and answer
 * {@code {"data": [[row number, result], ...]}}, the same row numbers in the same order, HTTP 200.
 *
 * <p>Snowflake has no per-row error: a row that fails (SQL {@code NULL}, a value the format refuses,
 * an unknown token) answers {@code null}. The format, {@code deterministic} and the detokenize
 * {@code reason} come from the query string of the function's URL or from the function's
 * {@code HEADERS} clause, which Snowflake sends as {@code sf-custom-format},
 * {@code sf-custom-deterministic} and {@code sf-custom-reason}; the query string wins. Snowflake
 * retries a batch with the same {@code sf-external-function-query-batch-id}, which
 * {@link SnowflakeBatchIdFilter} turns into an {@code Idempotency-Key}, so a retried batch gets the
 * same tokens even in random mode.
 *
 * @see <a href="https://docs.snowflake.com/sql-reference/external-functions-data-format">Snowflake:
 *      remote service input and output data formats</a>
 */
@Tag(name = "Warehouse functions", description = "Tokenize and detokenize from SQL: Snowflake external functions, BigQuery remote functions and Redshift Lambda UDFs, each in its own batch JSON.")
@RestController
class SnowflakeFunctionController {

	private final WarehouseBatches batches;

	SnowflakeFunctionController(WarehouseBatches batches) {
		this.batches = batches;
	}

	@Operation(summary = "Tokenize a Snowflake external function batch",
			description = "Snowflake's external function batch `{\"data\": [[0, value], ...]}` → `{\"data\": [[0, token], ...]}`, "
					+ "same row numbers, same order; a row that fails answers `null`. `format` (required) and `deterministic` from "
					+ "the query string or the `sf-custom-format` and `sf-custom-deterministic` headers. A retried batch "
					+ "(same `sf-external-function-query-batch-id`) replays the first answer. Needs `tokens:tokenize`.")
	@PostMapping("/api/v1/integrations/snowflake/tokenize")
	SnowflakeBatch tokenize(@RequestBody SnowflakeBatch batch,
			@Parameter(description = "Token format; else the `sf-custom-format` header.", example = "email")
			@RequestParam(name = "format", required = false) String format,
			@Parameter(description = "`true` for the same token for the same value (what joins need); else the `sf-custom-deterministic` header; default false.")
			@RequestParam(name = "deterministic", required = false) String deterministic,
			@Parameter(hidden = true) @RequestHeader(name = "sf-custom-format", required = false) String headerFormat,
			@Parameter(hidden = true) @RequestHeader(name = "sf-custom-deterministic", required = false) String headerDeterministic) {
		Authz.require(Permission.TOKENIZE);
		List<String> values = WarehouseBatches.column("data", checked(batch), 1);
		Boolean isDeterministic = WarehouseBatches.flag("deterministic", deterministic != null ? deterministic : headerDeterministic);
		List<String> tokens = this.batches.tokenize("data", format != null ? format : headerFormat, isDeterministic, values);
		return answer(batch, tokens);
	}

	@Operation(summary = "Detokenize a Snowflake external function batch",
			description = "Snowflake's external function batch `{\"data\": [[0, token], ...]}` → `{\"data\": [[0, value], ...]}`, "
					+ "same row numbers, same order; a token that fails answers `null`. An optional `format` (query string or "
					+ "`sf-custom-format`) refuses tokens of other formats. `reason` (query string or `sf-custom-reason`) is "
					+ "recorded in the audit event; formats with `detokenize_requires_reason` need it: without it their rows "
					+ "answer `null`, or the whole batch fails with 400 `reason_required` when `format` names such a format. "
					+ "Needs `tokens:detokenize`.")
	@PostMapping("/api/v1/integrations/snowflake/detokenize")
	SnowflakeBatch detokenize(@RequestBody SnowflakeBatch batch,
			@Parameter(description = "If given, tokens of other formats answer null; else the `sf-custom-format` header.", example = "email")
			@RequestParam(name = "format", required = false) String format,
			@Parameter(description = "Why the values are needed, recorded in the audit event; else the `sf-custom-reason` header.",
					example = "monthly-reconciliation") @RequestParam(name = "reason", required = false) String reason,
			@Parameter(hidden = true) @RequestHeader(name = "sf-custom-format", required = false) String headerFormat,
			@Parameter(hidden = true) @RequestHeader(name = "sf-custom-reason", required = false) String headerReason) {
		Authz.require(Permission.DETOKENIZE);
		List<String> tokens = WarehouseBatches.column("data", checked(batch), 1);
		List<String> values = this.batches.detokenize("data", format != null ? format : headerFormat,
				reason != null ? reason : headerReason, tokens);
		return answer(batch, values);
	}

	private static List<List<Object>> checked(SnowflakeBatch batch) {
		List<List<Object>> rows = batch.data();
		if (rows == null) {
			throw ValidationFailedException.of("data", "required", "is required");
		}
		for (int i = 0; i < rows.size(); i++) {
			List<Object> row = rows.get(i);
			if (row == null || row.isEmpty() || !(row.get(0) instanceof Integer || row.get(0) instanceof Long
					|| row.get(0) instanceof java.math.BigInteger)) {
				throw ValidationFailedException.of("data[" + i + "]", "invalid", "must start with the row number");
			}
		}
		return rows;
	}

	private static SnowflakeBatch answer(SnowflakeBatch batch, List<String> results) {
		List<List<Object>> rows = new ArrayList<>(results.size());
		for (int i = 0; i < results.size(); i++) {
			List<Object> row = new ArrayList<>(2);
			row.add(batch.data().get(i).get(0));
			row.add(results.get(i));
			rows.add(row);
		}
		return new SnowflakeBatch(rows);
	}

	/** Snowflake's batch, both ways: each row is its row number then the function's arguments (or result). */
	record SnowflakeBatch(
			@Schema(description = "Rows: `[row number, argument]` in a request, `[row number, result]` in a response (null where the row failed).",
					example = "[[0, \"jane@example.com\"], [1, \"al@example.org\"]]", requiredMode = Schema.RequiredMode.REQUIRED)
			List<List<Object>> data) {

		@Override
		public String toString() {
			return "SnowflakeBatch[" + (this.data == null ? 0 : this.data.size()) + " rows, redacted]";
		}
	}
}
