package dev.coffer.policy.alerts;

import java.net.URI;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/alerts}: what the alert rules caught, and the people handling it. */
@Tag(name = "Alerts")
@RestController
@RequestMapping("/api/v1/alerts")
class AlertsController {

	private static final Set<String> STATUSES = Set.of(AlertStore.OPEN, AlertStore.ACKNOWLEDGED, AlertStore.RESOLVED);

	private final AlertService alerts;

	AlertsController(AlertService alerts) {
		this.alerts = alerts;
	}

	@Operation(summary = "List alerts", description = "Oldest first, optionally filtered. Needs `alerts:read`.")
	@GetMapping
	ListResponse<AlertView> list(
			@Parameter(description = "Only alerts in this status: `open`, `acknowledged` or `resolved`.")
			@RequestParam(name = "status", required = false) String status,
			@Parameter(description = "Only alerts of this rule.") @RequestParam(name = "rule_id", required = false) String ruleId,
			@Parameter(description = "Only alerts of this principal (its id).")
			@RequestParam(name = "principal_id", required = false) String principalId,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.ALERTS_READ);
		if (status != null && !STATUSES.contains(status)) {
			throw ApiException.invalidParameter("status", "must be open, acknowledged or resolved");
		}
		if (ruleId != null && !ruleId.matches("[0-9a-f-]{36}")) {
			throw ApiException.invalidParameter("rule_id", "is not a rule id");
		}
		if (principalId != null && !RuleService.PRINCIPAL_ID.matcher(principalId).matches()) {
			throw ApiException.invalidParameter("principal_id", "is not a principal id");
		}
		return this.alerts.list(new AlertStore.Filter(status, ruleId, principalId), paging, response);
	}

	@Operation(summary = "Show an alert", description = "What tripped, for whom, how often, and who handled it. Needs `alerts:read`.")
	@GetMapping("/{id}")
	AlertView show(@Parameter(description = "Alert id.") @PathVariable String id) {
		Authz.require(Permission.ALERTS_READ);
		return this.alerts.get(id);
	}

	@Operation(summary = "Acknowledge an alert",
			description = "Marks an `open` alert `acknowledged`: someone is on it. A block stays until the alert is resolved. "
					+ "An optional `note` is added to its notes. Any other status is 409 `invalid_alert_transition`. Needs `alerts:write`.")
	@PostMapping("/{id}/acknowledge")
	AlertView acknowledge(@Parameter(description = "Alert id.") @PathVariable String id,
			@Valid @RequestBody(required = false) Acknowledge request) {
		Caller caller = Authz.require(Permission.ALERTS_WRITE);
		return this.alerts.acknowledge(id, request == null ? null : request.note(), caller);
	}

	@Operation(summary = "Resolve an alert",
			description = "Final: lifts the alert's block on every node within 2 seconds (at once on this one) and restarts "
					+ "the principal's count under the rule. `reason` says why and is audited with who resolved it. A resolved "
					+ "alert is 409 `invalid_alert_transition`. Needs `alerts:write`.")
	@PostMapping("/{id}/resolve")
	AlertView resolve(@Parameter(description = "Alert id.") @PathVariable String id,
			@Valid @RequestBody Resolve request) {
		Caller caller = Authz.require(Permission.ALERTS_WRITE);
		return this.alerts.resolve(id, request.reason(), caller);
	}

	@Operation(summary = "List an alert's notes", description = "Oldest first. Needs `alerts:read`.")
	@GetMapping("/{id}/notes")
	ListResponse<NoteView> notes(@Parameter(description = "Alert id.") @PathVariable String id,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.ALERTS_READ);
		return this.alerts.notes(id, paging, response);
	}

	@Operation(summary = "Add a note to an alert", description = "Also on a resolved alert. Needs `alerts:write`.")
	@PostMapping("/{id}/notes")
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<NoteView> addNote(@Parameter(description = "Alert id.") @PathVariable String id,
			@Valid @RequestBody AddNote request) {
		Caller caller = Authz.require(Permission.ALERTS_WRITE);
		NoteView note = this.alerts.note(id, request.text(), caller);
		return ResponseEntity.created(URI.create("/api/v1/alerts/" + id + "/notes")).body(note);
	}

	/** Options of an acknowledgement. */
	@Schema(name = "AcknowledgeAlert")
	record Acknowledge(@Schema(description = "A note to add, at most 4096 characters.") @Size(min = 1, max = 4096) String note) {
	}

	/** A resolution. */
	@Schema(name = "ResolveAlert")
	record Resolve(
			@Schema(description = "Why the alert is resolved, 1 to 1024 characters; audited.", example = "Nightly export, approved by J. Doe",
					requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = 1024) String reason) {
	}

	/** A new note. */
	@Schema(name = "AddAlertNote")
	record AddNote(
			@Schema(description = "The note, 1 to 4096 characters.", requiredMode = Schema.RequiredMode.REQUIRED)
			@NotBlank @Size(max = 4096) String text) {
	}
}
