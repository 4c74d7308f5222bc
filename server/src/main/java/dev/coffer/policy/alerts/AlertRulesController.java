package dev.coffer.policy.alerts;

import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/alert-rules}: thresholds on who reads protected values, and when. */
@Tag(name = "Alerts", description = "Thresholds on access to protected values and the alerts they open. A rule watches one "
		+ "principal or every principal with a role (each counted on its own): kind `rate` trips when more than `max_values` "
		+ "protected values are read within `window_seconds` (a sliding window, counted in the store, so the limit holds "
		+ "across nodes); kind `time_window` trips on any read outside the allowed days and hours in a time zone. Reads are "
		+ "counted at detokenize and the warehouse functions: every non-empty token asked for counts. Action `notify` opens "
		+ "an alert and sends webhook `alert.fired`; action `block` also refuses the principal's detokenize with 403 "
		+ "`access_blocked` (the request that trips the rule included) until an "
		+ "administrator resolves the alert. One unresolved alert per rule and principal: later trips count in its `hits`. "
		+ "Rules and blocks reach every node within 2 seconds.")
@RestController
@RequestMapping("/api/v1/alert-rules")
class AlertRulesController {

	private final RuleService rules;

	AlertRulesController(RuleService rules) {
		this.rules = rules;
	}

	@Operation(summary = "Create an alert rule",
			description = "Kind `rate` needs `rate` {`max_values`, `window_seconds`}; kind `time_window` needs `time_window` "
					+ "{`days`, `start`, `end`, `time_zone`}. `target` names `principal_id` or `role`. Every bad field is listed "
					+ "in one `validation_failed`; a taken name is 409 `name_taken`. Needs `alert_rules:write`.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<RuleView> create(@RequestBody RuleInput request) {
		Caller caller = Authz.require(Permission.ALERT_RULES_WRITE);
		RuleView rule = this.rules.create(request, caller);
		return ResponseEntity.created(URI.create("/api/v1/alert-rules/" + rule.id())).body(rule);
	}

	@Operation(summary = "List alert rules", description = "Oldest first. Needs `alerts:read`.")
	@GetMapping
	ListResponse<RuleView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.ALERTS_READ);
		return this.rules.list(paging, response);
	}

	@Operation(summary = "Show an alert rule", description = "Needs `alerts:read`.")
	@GetMapping("/{id}")
	RuleView show(@Parameter(description = "Alert rule id.") @PathVariable String id) {
		Authz.require(Permission.ALERTS_READ);
		return this.rules.get(id);
	}

	@Operation(summary = "Update an alert rule",
			description = "Changes the fields present (`rate`, `time_window` and `target` are replaced whole); the result is "
					+ "checked like a new rule. Changing `kind`, the window or the target restarts the rule's counts. Needs "
					+ "`alert_rules:write`.")
	@PatchMapping("/{id}")
	RuleView update(@Parameter(description = "Alert rule id.") @PathVariable String id, @RequestBody RuleInput request) {
		Authz.require(Permission.ALERT_RULES_WRITE);
		return this.rules.update(id, request);
	}

	@Operation(summary = "Delete an alert rule",
			description = "Removes the rule and its counts. Its alerts stay, and an alert that blocks keeps blocking until "
					+ "resolved. Needs `alert_rules:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Alert rule id.") @PathVariable String id) {
		Authz.require(Permission.ALERT_RULES_WRITE);
		this.rules.delete(id);
	}
}
