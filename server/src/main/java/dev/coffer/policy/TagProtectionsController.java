package dev.coffer.policy;

import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.policy.TagProtectionBodies.Request;
import dev.coffer.policy.TagProtectionBodies.View;

/** {@code /api/v1/tag-masking}: tag protections, applied asynchronously into managed tag policies. */
@Tag(name = "Tag masking", description = "Connect a catalog tag (optionally one tag value) to a protection, as with "
		+ "Snowflake's tag-based masking or ALTR's tag masking: `governed_mask` (a mask per role), `vault_tokenization` "
		+ "(the columns hold vaulted tokens; the named roles see them detokenized, every other role the token or a mask) "
		+ "or `fpe` (the same with a vaultless format-preserving format). Every change (create, replace, delete) is applied "
		+ "by a job: the request answers 202 with the protection (status `pending`, `Content-Location` its URL) and "
		+ "`Location: /api/v1/jobs/{id}`; the protection then becomes `applied` or `failed` (with `failure.code`). Applying "
		+ "compiles the protection into a tag policy it manages (`GET /api/v1/policies/tags/{policy_id}`, `managed_by`), "
		+ "which decides like any tag policy (the most permissive applicable mask wins; a column policy naming a column "
		+ "exactly overrides it); a managed policy cannot be changed by hand (409 `policy_managed`). One change at a time: "
		+ "while a change is `pending`, another change of the same protection, or a new protection of the same tag and "
		+ "value, answers 409 `protection_change_in_progress` and changes nothing. A failed change leaves what was in force "
		+ "before. Requests and outcomes are audited (`tag_protection.requested`, `.applied`, `.failed`, `.deleted`).")
@RestController
@RequestMapping("/api/v1/tag-masking")
class TagProtectionsController {

	private final TagProtections protections;

	TagProtectionsController(TagProtections protections) {
		this.protections = protections;
	}

	@Operation(summary = "Protect a tag",
			description = "Starts applying a new protection of a tag (and tag value, if given). Validation errors are 400 "
					+ "listing every field; whether `token_format` exists and is of the right kind is checked when the change is "
					+ "applied (`failed`, `unknown_format` or `wrong_format_kind`). A tag and value that already have a "
					+ "protection answer 409 `tag_already_protected` (or `protection_change_in_progress` while it is pending), "
					+ "naming it in `protection_id`. Needs `policies:write`; `vault_tokenization` and `fpe` also need "
					+ "`tokens:detokenize`, and masks giving `detokenize` or `tokenize` the token permission, as in tag policies.")
	@ApiResponse(responseCode = "202", description = "Accepted: the protection, `pending`; `Location` is its job.")
	@PostMapping
	ResponseEntity<View> create(@RequestBody Request request) {
		Caller caller = Authz.require(Permission.POLICIES_WRITE);
		return accepted(this.protections.create(request, caller));
	}

	@Operation(summary = "List tag protections", description = "Oldest first. Needs `policies:read`.")
	@GetMapping
	ListResponse<View> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.POLICIES_READ);
		return this.protections.list(paging, response);
	}

	@Operation(summary = "Show a tag protection", description = "With its status and, when `failed`, why. Needs `policies:read`.")
	@GetMapping("/{id}")
	View show(@Parameter(description = "Protection id.") @PathVariable String id) {
		Authz.require(Permission.POLICIES_READ);
		return this.protections.get(id);
	}

	@Operation(summary = "Replace a tag protection",
			description = "Starts applying a whole new protection of the same tag and value (`tag` and `tag_value` may be left "
					+ "out; they cannot change: 400 `immutable`). 409 `protection_change_in_progress` while a change is pending. "
					+ "Permissions as on creation.")
	@ApiResponse(responseCode = "202", description = "Accepted: the protection, `pending`; `Location` is its job.")
	@PutMapping("/{id}")
	ResponseEntity<View> replace(@Parameter(description = "Protection id.") @PathVariable String id,
			@RequestBody Request request) {
		Caller caller = Authz.require(Permission.POLICIES_WRITE);
		return accepted(this.protections.update(id, request, caller));
	}

	@Operation(summary = "Delete a tag protection",
			description = "Starts removing the protection and its managed tag policy; once applied the protection is gone "
					+ "(404). 409 `protection_change_in_progress` while a change is pending. Needs `policies:write`.")
	@ApiResponse(responseCode = "202", description = "Accepted: the protection, `pending` (change `delete`); `Location` is its job.")
	@DeleteMapping("/{id}")
	ResponseEntity<View> delete(@Parameter(description = "Protection id.") @PathVariable String id) {
		Caller caller = Authz.require(Permission.POLICIES_WRITE);
		return accepted(this.protections.delete(id, caller));
	}

	private static ResponseEntity<View> accepted(TagProtections.Accepted accepted) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/jobs/" + accepted.jobId()))
			.header(HttpHeaders.CONTENT_LOCATION, "/api/v1/tag-masking/" + accepted.protection().id())
			.body(accepted.protection());
	}
}
