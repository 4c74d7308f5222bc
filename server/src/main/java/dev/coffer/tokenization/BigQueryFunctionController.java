package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * BigQuery remote functions: {@code POST /api/v1/integrations/bigquery/{tokenize,detokenize}} take
 * BigQuery's request {@code {"requestId", "caller", "sessionUser", "userDefinedContext": {...},
 * "calls": [[argument], ...]}} and answer {@code {"replies": [...]}}, one reply per call, in order.
 *
 * <p>An item that fails (SQL {@code NULL}, a value the format refuses, an unknown token) replies
 * {@code null}, so one bad row does not fail the query. A bad request as a whole (unknown format, no
 * permission, too many calls) answers its 4xx problem with BigQuery's {@code errorMessage} member
 * added, which BigQuery shows as the query's error. The format, {@code deterministic} and the
 * detokenize {@code reason} come from the function's {@code user_defined_context} (e.g.
 * {@code {"format": "email", "deterministic": "true"}}), else from the endpoint URL's query string. The request's camelCase names are BigQuery's,
 * so the body is read as a plain JSON object.
 *
 * @see <a href="https://cloud.google.com/bigquery/docs/remote-functions">BigQuery: work with remote
 *      functions (input and output format)</a>
 */
@Tag(name = "Warehouse functions")
@RestController
class BigQueryFunctionController {

	private static final String EXAMPLE = "{\"requestId\": \"124ab1c\", \"caller\": \"//bigquery.googleapis.com/projects/p/jobs/j\", "
			+ "\"sessionUser\": \"me@example.com\", \"userDefinedContext\": {\"format\": \"email\", \"deterministic\": \"true\"}, "
			+ "\"calls\": [[\"jane@example.com\"], [null]]}";

	private final WarehouseBatches batches;

	BigQueryFunctionController(WarehouseBatches batches) {
		this.batches = batches;
	}

	@Operation(summary = "Tokenize a BigQuery remote function request",
			description = "BigQuery's remote function request (`calls`: one `[value]` per row; `userDefinedContext` with `format` "
					+ "and optionally `deterministic`) → `{\"replies\": [...]}` in order; a value that fails replies `null`. A bad "
					+ "request answers its problem with `errorMessage` added. Needs `tokens:tokenize`.")
	@PostMapping("/api/v1/integrations/bigquery/tokenize")
	BigQueryReplies tokenize(
			@io.swagger.v3.oas.annotations.parameters.RequestBody(description = "BigQuery's remote function request, e.g. `" + EXAMPLE + "`.")
			@RequestBody Map<String, Object> request,
			@Parameter(description = "Token format when `userDefinedContext` has none.", example = "email")
			@RequestParam(name = "format", required = false) String format,
			@Parameter(description = "`true` for deterministic tokens when `userDefinedContext` does not say.")
			@RequestParam(name = "deterministic", required = false) String deterministic) {
		try {
			Authz.require(Permission.TOKENIZE);
			List<String> values = WarehouseBatches.column("calls", calls(request), 0);
			Boolean isDeterministic = WarehouseBatches.flag("deterministic", option(request, "deterministic", deterministic));
			return new BigQueryReplies(this.batches.tokenize("calls", option(request, "format", format), isDeterministic, values));
		}
		catch (ApiException ex) {
			throw WarehouseProblem.bigQuery(ex);
		}
	}

	@Operation(summary = "Detokenize a BigQuery remote function request",
			description = "BigQuery's remote function request (`calls`: one `[token]` per row; an optional `format` in "
					+ "`userDefinedContext` refuses tokens of other formats) → `{\"replies\": [...]}` in order; a token that fails "
					+ "replies `null`. `reason` in `userDefinedContext` (else the query string) is recorded in the audit event; "
					+ "formats with `detokenize_requires_reason` need it: without it their rows reply `null`, or the whole request "
					+ "fails with `reason_required` when `format` names such a format. A bad request answers its problem with "
					+ "`errorMessage` added. Needs `tokens:detokenize`.")
	@PostMapping("/api/v1/integrations/bigquery/detokenize")
	BigQueryReplies detokenize(
			@io.swagger.v3.oas.annotations.parameters.RequestBody(description = "BigQuery's remote function request, e.g. `" + EXAMPLE + "`.")
			@RequestBody Map<String, Object> request,
			@Parameter(description = "If given (and not in `userDefinedContext`), tokens of other formats reply null.", example = "email")
			@RequestParam(name = "format", required = false) String format,
			@Parameter(description = "Why the values are needed, when `userDefinedContext` has no `reason`; recorded in the audit event.",
					example = "monthly-reconciliation") @RequestParam(name = "reason", required = false) String reason) {
		try {
			Authz.require(Permission.DETOKENIZE);
			List<String> tokens = WarehouseBatches.column("calls", calls(request), 0);
			return new BigQueryReplies(this.batches.detokenize("calls", option(request, "format", format),
					option(request, "reason", reason), tokens));
		}
		catch (ApiException ex) {
			throw WarehouseProblem.bigQuery(ex);
		}
	}

	private static List<List<Object>> calls(Map<String, Object> request) {
		if (!(request.get("calls") instanceof List<?> calls)) {
			throw ValidationFailedException.of("calls", "required", "is required: an array of argument arrays");
		}
		List<List<Object>> rows = new ArrayList<>(calls.size());
		for (int i = 0; i < calls.size(); i++) {
			if (!(calls.get(i) instanceof List<?> call)) {
				throw ValidationFailedException.of("calls[" + i + "]", "invalid", "must be an array of arguments");
			}
			rows.add(new ArrayList<>(call));
		}
		return rows;
	}

	/** {@code userDefinedContext.name} (BigQuery sends the context's values as strings), else {@code fallback}. */
	private static String option(Map<String, Object> request, String name, String fallback) {
		Object context = request.get("userDefinedContext");
		if (context != null && !(context instanceof Map<?, ?>)) {
			throw ValidationFailedException.of("userDefinedContext", "invalid", "must be an object");
		}
		Object value = context == null ? null : ((Map<?, ?>) context).get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof String) && !(value instanceof Boolean)) {
			throw ValidationFailedException.of("userDefinedContext." + name, "invalid", "must be a string");
		}
		return value.toString();
	}

	/** BigQuery's remote function response. */
	record BigQueryReplies(
			@Schema(description = "One reply per call, in order; null where the item failed.",
					requiredMode = Schema.RequiredMode.REQUIRED) List<String> replies) {

		@Override
		public String toString() {
			return "BigQueryReplies[" + this.replies.size() + " replies, redacted]";
		}
	}
}
