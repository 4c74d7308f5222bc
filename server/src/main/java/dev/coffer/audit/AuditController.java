package dev.coffer.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.jobs.JobView;
import dev.coffer.jobs.Jobs;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/audit}: read, export, verify and search the audit log. Needs {@code audit:read}. */
@Tag(name = "Audit", description = "The tamper-evident audit log: every security-relevant action, hash-chained, with signed checkpoints.")
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

	private static final int EXPORT_PAGE = 2000;

	private final AuditStore store;

	private final AuditLog audit;

	private final AuditVerifier verifier;

	private final AuditKeys keys;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Jobs jobs;

	AuditController(AuditStore store, AuditLog audit, AuditVerifier verifier, AuditKeys keys,
			TransactionTemplate transactions, JsonMapper json, Jobs jobs) {
		this.jobs = jobs;
		this.store = store;
		this.audit = audit;
		this.verifier = verifier;
		this.keys = keys;
		this.transactions = transactions;
		this.json = json;
	}

	@Operation(summary = "List audit events",
			description = "In seq order (commit order): a client paging with `cursor` while events are appended sees each event exactly once. Needs `audit:read`.")
	@GetMapping("/events")
	ListResponse<AuditEventView> events(@ParameterObject Filters filters, @ParameterObject Paging paging,
			HttpServletResponse response) {
		Authz.require(Permission.AUDIT_READ);
		AuditFilter filter = filters.toFilter();
		return Pages.of(paging, () -> this.store.list(filter, paging), event -> Long.toString(event.seq()),
				() -> this.store.count(filter), response);
	}

	@Operation(summary = "Export audit events as NDJSON or CSV",
			description = "Streams every matching event in seq order without holding them in memory. Needs `audit:read`.")
	@GetMapping(path = "/export", produces = { "application/x-ndjson", "text/csv" })
	ResponseEntity<StreamingResponseBody> export(@ParameterObject Filters filters,
			@Parameter(description = "`ndjson` (default) or `csv`.") @RequestParam(defaultValue = "ndjson") String format) {
		Authz.require(Permission.AUDIT_READ);
		String normalized = format.toLowerCase(Locale.ROOT);
		if (!normalized.equals("ndjson") && !normalized.equals("csv")) {
			throw ApiException.invalidParameter("format", "must be ndjson or csv");
		}
		AuditFilter filter = filters.toFilter();
		this.audit.record(AuditRecord.ordinary("audit.exported", "audit_log", null, AuditRecord.Outcome.SUCCESS)
			.with("format", normalized));
		boolean csv = normalized.equals("csv");
		StreamingResponseBody body = out -> {
			BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
			if (csv) {
				writer.write(String.join(",", AuditEventView.COLUMNS));
				writer.write("\r\n");
			}
			// short queries page by page: no transaction or connection is held while the client reads
			long from = 0;
			List<AuditEventView> page;
			do {
				page = this.store.page(filter, from, EXPORT_PAGE);
				for (AuditEventView event : page) {
					writer.write(csv ? csvLine(event) : this.json.writeValueAsString(event));
					writer.write(csv ? "\r\n" : "\n");
				}
				if (!page.isEmpty()) {
					from = page.get(page.size() - 1).seq() + 1;
				}
			}
			while (page.size() == EXPORT_PAGE);
			writer.flush();
		};
		return ResponseEntity.ok()
			.contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.parseMediaType("application/x-ndjson"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"coffer-audit." + normalized + "\"")
			.body(body);
	}

	@Operation(summary = "Verify the hash chain",
			description = "Walks the chain from its anchor and reports the first broken link (an event altered, removed or inserted, events cut from the end, a checkpoint that does not verify). "
					+ "Pass `expect_seq` and `expect_hash` from a checkpoint kept outside Coffer to also catch a rollback of the whole store to an older state. Needs `audit:read`.")
	@GetMapping("/verify")
	AuditVerifier.Result verify(
			@Parameter(description = "With `expect_hash`: the seq of a checkpoint kept outside Coffer; the chain must still hold it.") @RequestParam(name = "expect_seq", required = false) Long expectSeq,
			@Parameter(description = "The hash of that checkpoint.") @RequestParam(name = "expect_hash", required = false) String expectHash) {
		Authz.require(Permission.AUDIT_READ);
		if ((expectSeq == null) != (expectHash == null)) {
			throw ApiException.invalidParameter("expect_seq", "and expect_hash go together");
		}
		AuditVerifier.Result result = this.verifier.verify(expectSeq, expectHash);
		this.audit.record(AuditRecord.ordinary("audit.verified", "audit_log", null,
				result.valid() ? AuditRecord.Outcome.SUCCESS : AuditRecord.Outcome.FAILURE)
			.with("events_checked", result.eventsChecked()));
		return result;
	}

	@Operation(summary = "Hash a value to search for it",
			description = "Sensitive values are kept in events only as keyed HMACs; this computes the HMAC of a candidate value so an auditor can search details for it. The value is not stored or logged. Needs `audit:read`.")
	@PostMapping("/hash")
	HashResult hash(@Valid @RequestBody HashRequest request) {
		Authz.require(Permission.AUDIT_READ);
		this.audit.record(AuditRecord.ordinary("audit.hash_computed", "audit_log", null, AuditRecord.Outcome.SUCCESS));
		return new HashResult(this.audit.searchHash(request.value()), "hmac-sha256");
	}

	@Operation(summary = "Purge old audit events",
			description = "Starts an `audit.purge` job deleting events older than `older_than_days` (default: setting `audit.retention_days`; "
					+ "with neither, nothing is deleted). The remaining chain stays verifiable from a sealed anchor. Answers 202 with "
					+ "`Location: /api/v1/jobs/{id}` and the job. Needs `audit:purge`.",
			responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "The job was queued."))
	@PostMapping("/purge")
	ResponseEntity<JobView> purge(@Valid @RequestBody(required = false) PurgeRequest request) {
		Caller caller = Authz.require(Permission.AUDIT_PURGE);
		Map<String, Object> params = new java.util.LinkedHashMap<>();
		if (request != null && request.olderThanDays() != null) {
			params.put("older_than_days", request.olderThanDays());
		}
		// the purge never reaches the event that records this request, and names who asked
		params.put("requested_by", caller.reference());
		params.put("requested_at", dev.coffer.api.Times.now().toString());
		return Jobs.accepted(this.jobs.submit(AuditPurgeJob.TYPE, params, request == null ? null : request.notifyUrl(), caller));
	}

	/** Options of a purge. */
	record PurgeRequest(
			@Schema(description = "Delete events older than this many days; 0 deletes every event so far (the chain stays verifiable).",
					example = "365") @jakarta.validation.constraints.PositiveOrZero @jakarta.validation.constraints.Max(36_500) Integer olderThanDays,
			@Schema(description = "URL that receives the job, signed, when it ends.") @Size(max = 2048) String notifyUrl) {
	}

	@Operation(summary = "List signed checkpoints",
			description = "Ed25519 signatures over `coffer audit checkpoint|seq|hash|created_at`, with the public key, so an export can be checked outside Coffer. Needs `audit:read`.")
	@GetMapping("/checkpoints")
	Checkpoints checkpoints(@Parameter(description = "How many, newest first (1 to 1000, default 100).")
			@RequestParam(defaultValue = "100") int limit) {
		Authz.require(Permission.AUDIT_READ);
		if (limit < 1 || limit > 1000) {
			throw ApiException.invalidParameter("limit", "must be between 1 and 1000");
		}
		List<CheckpointView> list = this.store.latestCheckpoints(limit)
			.stream()
			.map(c -> new CheckpointView(c.seq(), c.hash(), c.createdAt(), c.signature()))
			.collect(Collectors.toList());
		return new Checkpoints(Base64.getEncoder().encodeToString(this.keys.publicKey()), "Ed25519", list);
	}

	private static String csvLine(AuditEventView event) {
		return event.values().stream().map(AuditController::csvCell).collect(Collectors.joining(","));
	}

	/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
	static String csvCell(String value) {
		if (value == null) {
			return "";
		}
		String cell = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
		if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
			return "\"" + cell.replace("\"", "\"\"") + "\"";
		}
		return cell;
	}

	/** Filters of the event list and export. Component names are the query parameter names. */
	record Filters(
			@Parameter(description = "Events at or after this time (RFC 3339).") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime since,
			@Parameter(description = "Events before this time (RFC 3339).") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime until,
			@Parameter(description = "Actor: principal id, principal name or key name.") String actor,
			@Parameter(description = "Action, e.g. `auth.failed`.") String action,
			@Parameter(description = "`success`, `failure` or `denied`.") String outcome,
			@Parameter(description = "Resource id, or `type/id`.") String resource) {

		AuditFilter toFilter() {
			return new AuditFilter(this.since, this.until, blankToNull(this.actor), blankToNull(this.action),
					blankToNull(this.outcome), blankToNull(this.resource));
		}

		private static String blankToNull(String value) {
			return value == null || value.isBlank() ? null : value;
		}
	}

	/** A value to hash. Not a record: a record would print the value. */
	static final class HashRequest {

		@Schema(description = "The candidate value.", requiredMode = Schema.RequiredMode.REQUIRED)
		@NotNull
		@Size(max = 65536)
		private String value;

		public String value() {
			return this.value;
		}

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

		@Override
		public String toString() {
			return "HashRequest[value=redacted]";
		}
	}

	/** A keyed hash. */
	record HashResult(@Schema(description = "HMAC-SHA256 of the value under the audit search key, hex.") String hmac,
			@Schema(description = "Algorithm.") String algorithm) {
	}

	/** Signed checkpoints. */
	record Checkpoints(@Schema(description = "Ed25519 public key, base64 (32 bytes).") String publicKey,
			@Schema(description = "Signature algorithm.") String algorithm,
			@Schema(description = "Checkpoints, newest first.") List<CheckpointView> data) {
	}

	/** A signed checkpoint. */
	record CheckpointView(@Schema(description = "Seq of the last event covered.") long seq,
			@Schema(description = "Hash of that event.") String hash,
			@Schema(description = "When it was signed.") OffsetDateTime createdAt,
			@Schema(description = "Ed25519 signature, base64.") String signature) {
	}
}
