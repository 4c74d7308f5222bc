package dev.coffer.policy;

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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.policy.PolicyBodies.RowPolicyBody;
import dev.coffer.policy.PolicyBodies.RowPolicyView;

/** {@code /api/v1/policies/rows}: row policies. */
@Tag(name = "Row policies", description = "Row policies decide which rows of a table a principal sees: the rows whose reference column holds one of the "
		+ "values allowed to one of the principal's policy roles (the union over its roles; `*` as a value allows every row, "
		+ "`*` as a role stands for every role). A principal none of whose roles the policy names sees no rows. Several "
		+ "row policies on one table all apply (a row must pass each). Changes are audited.")
@RestController
@RequestMapping("/api/v1/policies/rows")
class RowPoliciesController {

	private final PolicyService policies;

	RowPoliciesController(PolicyService policies) {
		this.policies = policies;
	}

	@Operation(summary = "Create a row policy", description = "A table, its reference column and per role the allowed values (compared as text)." + " Needs `policies:write`."
					+ " A definition that would take more than 1000000 characters stored is refused (413 `payload_too_large`).")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<RowPolicyView> create(@RequestBody RowPolicyBody request) {
		Caller caller = Authz.require(Permission.POLICIES_WRITE);
		RowPolicyView created = this.policies.createRow(request, caller.reference());
		return ResponseEntity.created(URI.create("/api/v1/policies/rows/" + created.id())).body(created);
	}

	@Operation(summary = "List row policies", description = "Oldest first. Needs `policies:read`.")
	@GetMapping
	ListResponse<RowPolicyView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.POLICIES_READ);
		return this.policies.rows(paging, response);
	}

	@Operation(summary = "Show a row policy", description = "Needs `policies:read`.")
	@GetMapping("/{id}")
	RowPolicyView show(@Parameter(description = "Policy id.") @PathVariable String id) {
		Authz.require(Permission.POLICIES_READ);
		return this.policies.row(id);
	}

	@Operation(summary = "Replace a row policy",
			description = "Replaces the whole policy (validated like on creation); decisions on this node use it at once, on "
					+ "other nodes within a few seconds. Needs `policies:write`.")
	@PutMapping("/{id}")
	RowPolicyView replace(@Parameter(description = "Policy id.") @PathVariable String id, @RequestBody RowPolicyBody request) {
		Authz.require(Permission.POLICIES_WRITE);
		return this.policies.replaceRow(id, request);
	}

	@Operation(summary = "Delete a row policy", description = "Needs `policies:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Policy id.") @PathVariable String id) {
		Authz.require(Permission.POLICIES_WRITE);
		this.policies.delete(PolicyKind.ROW, id);
	}
}
