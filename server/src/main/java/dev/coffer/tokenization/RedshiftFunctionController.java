package dev.coffer.tokenization;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/**
 * Redshift Lambda UDFs: Redshift calls only AWS Lambda, so a small Lambda forwards its event as the
 * body of {@code POST /api/v1/integrations/redshift/{tokenize,detokenize}} and returns the answer as
 * its own result. The body is Redshift's Lambda event {@code {"request_id", "cluster", "user",
 * "database", "external_function", "query_id", "num_records", "arguments": [[argument], ...]}}; the
 * answer is {@code {"success": true, "num_records": n, "results": [...]}}, in order.
 *
 * <p>An item that fails (SQL {@code NULL}, a value the format refuses, an unknown token) answers
 * {@code null}. A bad request as a whole answers its 4xx problem with {@code "success": false} and
 * {@code error_msg} added, which fails the query with that message. The format, {@code deterministic}
 * and the detokenize {@code reason} come from the query string the Lambda calls.
 *
 * @see <a href="https://docs.aws.amazon.com/redshift/latest/dg/udf-creating-a-lambda-sql-udf.html">Amazon
 *      Redshift: scalar Lambda UDFs (JSON input and output)</a>
 */
@Tag(name = "Warehouse functions")
@RestController
class RedshiftFunctionController {

	private final WarehouseBatches batches;

	RedshiftFunctionController(WarehouseBatches batches) {
		this.batches = batches;
	}

	@Operation(summary = "Tokenize a Redshift Lambda UDF batch",
			description = "Redshift's Lambda event (`arguments`: one `[value]` per row) → `{\"success\": true, \"num_records\": n, "
					+ "\"results\": [...]}` in order; a value that fails answers `null`. `format` (required) and `deterministic` "
					+ "in the query string. A bad request answers its problem with `success: false` and `error_msg`. Needs `tokens:tokenize`.")
	@PostMapping("/api/v1/integrations/redshift/tokenize")
	RedshiftResult tokenize(@RequestBody RedshiftEvent event,
			@Parameter(description = "Token format.", example = "email") @RequestParam(name = "format", required = false) String format,
			@Parameter(description = "`true` for the same token for the same value (what joins need); default false.")
			@RequestParam(name = "deterministic", required = false) String deterministic) {
		try {
			Authz.require(Permission.TOKENIZE);
			List<String> values = arguments(event);
			List<String> tokens = this.batches.tokenize("arguments", format,
					WarehouseBatches.flag("deterministic", deterministic), values);
			return new RedshiftResult(true, tokens.size(), tokens);
		}
		catch (ApiException ex) {
			throw WarehouseProblem.redshift(ex);
		}
	}

	@Operation(summary = "Detokenize a Redshift Lambda UDF batch",
			description = "Redshift's Lambda event (`arguments`: one `[token]` per row) → `{\"success\": true, \"num_records\": n, "
					+ "\"results\": [...]}` in order; a token that fails answers `null`. An optional `format` refuses tokens of "
					+ "other formats. `reason` is recorded in the audit event; formats with `detokenize_requires_reason` need it: "
					+ "without it their rows answer `null`, or the whole batch fails with `reason_required` when `format` names "
					+ "such a format. A bad request answers its problem with `success: false` and `error_msg`. Needs `tokens:detokenize`.")
	@PostMapping("/api/v1/integrations/redshift/detokenize")
	RedshiftResult detokenize(@RequestBody RedshiftEvent event,
			@Parameter(description = "If given, tokens of other formats answer null.", example = "email")
			@RequestParam(name = "format", required = false) String format,
			@Parameter(description = "Why the values are needed, recorded in the audit event.", example = "monthly-reconciliation")
			@RequestParam(name = "reason", required = false) String reason) {
		try {
			Authz.require(Permission.DETOKENIZE);
			List<String> values = this.batches.detokenize("arguments", format, reason, arguments(event));
			return new RedshiftResult(true, values.size(), values);
		}
		catch (ApiException ex) {
			throw WarehouseProblem.redshift(ex);
		}
	}

	private static List<String> arguments(RedshiftEvent event) {
		List<String> values = WarehouseBatches.column("arguments", event.arguments(), 0);
		if (event.numRecords() != null && event.numRecords() != values.size()) {
			throw ValidationFailedException.of("num_records", "mismatch",
					"is " + event.numRecords() + " but arguments has " + values.size() + " rows");
		}
		return values;
	}

	/** Redshift's Lambda UDF event, as the forwarding Lambda received it. */
	record RedshiftEvent(
			@Schema(description = "Redshift's identifier of this batch.") String requestId,
			@Schema(description = "The cluster's ARN.") String cluster,
			@Schema(description = "The database user running the query.") String user,
			@Schema(description = "The database.") String database,
			@Schema(description = "The SQL function's name.", example = "f_tokenize_email") String externalFunction,
			@Schema(description = "The query's identifier.") Long queryId,
			@Schema(description = "Rows in `arguments`.", example = "2") Integer numRecords,
			@Schema(description = "One array of arguments per row.", example = "[[\"jane@example.com\"], [null]]",
					requiredMode = Schema.RequiredMode.REQUIRED) List<List<Object>> arguments) {

		@Override
		public String toString() {
			return "RedshiftEvent[" + (this.arguments == null ? 0 : this.arguments.size()) + " rows, redacted]";
		}
	}

	/** What the Lambda returns to Redshift. */
	record RedshiftResult(
			@Schema(description = "True: every row has a result.") boolean success,
			@Schema(description = "Rows in `results`.") int numRecords,
			@Schema(description = "One result per row, in order; null where the item failed.") List<String> results) {

		@Override
		public String toString() {
			return "RedshiftResult[" + this.results.size() + " results, redacted]";
		}
	}
}
