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
import dev.coffer.policy.PolicyBodies.ColumnPolicyBody;
import dev.coffer.policy.PolicyBodies.ColumnPolicyView;

/** {@code /api/v1/policies/columns}: column policies. */
@Tag(name = "Masking policies", description = "Masking policies decide how each column is shown to a principal, from its policy roles: the names of its platform roles "
		+ "(`admin`, `steward`, ...) and its data roles (API key `data_roles`, OIDC `data-role-mapping`). Column policies list "
		+ "columns; tag policies match the catalog's column tags (optionally one tag value). Precedence: a column policy naming a column exactly "
		+ "(no `*`) overrides every other policy on it; otherwise the column policies listing it through `*` and the tag "
		+ "policies matching its tags apply together. In one policy a principal gets the most permissive mask of the rules naming its roles, "
		+ "else the `*` rule; across applicable policies the most permissive mask wins (order: no_mask, detokenize, date_shift, "
		+ "round, year_only, regex_replace, email, last_four, first_four, tokenize, email_hash, last_four_hash, full_mask_hash, "
		+ "constant_date, constant, full_mask, null); a principal none of whose roles an applicable policy names sees NULL, "
		+ "and `POST /api/v1/access/evaluate` says so and why; a column no policy applies to is clear. Names of columns, "
		+ "tags and roles are case-insensitive. Changes are audited (`policy.created`, `policy.updated`, `policy.deleted`).")
@RestController
@RequestMapping("/api/v1/policies/columns")
class ColumnPoliciesController {

	private final PolicyService policies;

	ColumnPoliciesController(PolicyService policies) {
		this.policies = policies;
	}

	@Operation(summary = "Create a column policy", description = "Columns (schema, table or column may be `*`) and per role a mask (by name or ALTR id, with its parameters). "
					+ "Validation errors list every field with a code (`required`, `unknown_masking_type`, `not_applicable`, "
					+ "`invalid_pattern`, `duplicate_role`, `invalid_wildcard`, ...); a taken name is `name_taken`." + " Needs `policies:write`; a rule giving `detokenize` also needs `tokens:detokenize`, "
					+ "one giving `tokenize` `tokens:tokenize` (403 naming it)."
					+ " A definition that would take more than 1000000 characters stored is refused (413 `payload_too_large`).")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<ColumnPolicyView> create(@RequestBody ColumnPolicyBody request) {
		Caller caller = Authz.require(Permission.POLICIES_WRITE);
		ColumnPolicyView created = this.policies.createColumn(request, caller.reference());
		return ResponseEntity.created(URI.create("/api/v1/policies/columns/" + created.id())).body(created);
	}

	@Operation(summary = "List column policies", description = "Oldest first. Needs `policies:read`.")
	@GetMapping
	ListResponse<ColumnPolicyView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.POLICIES_READ);
		return this.policies.columns(paging, response);
	}

	@Operation(summary = "Show a column policy", description = "Needs `policies:read`.")
	@GetMapping("/{id}")
	ColumnPolicyView show(@Parameter(description = "Policy id.") @PathVariable String id) {
		Authz.require(Permission.POLICIES_READ);
		return this.policies.column(id);
	}

	@Operation(summary = "Replace a column policy",
			description = "Replaces the whole policy (validated like on creation); decisions on this node use it at once, on "
					+ "other nodes within a few seconds. Needs `policies:write` (and the token permissions, as on creation).")
	@PutMapping("/{id}")
	ColumnPolicyView replace(@Parameter(description = "Policy id.") @PathVariable String id, @RequestBody ColumnPolicyBody request) {
		Authz.require(Permission.POLICIES_WRITE);
		return this.policies.replaceColumn(id, request);
	}

	@Operation(summary = "Delete a column policy", description = "Needs `policies:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Policy id.") @PathVariable String id) {
		Authz.require(Permission.POLICIES_WRITE);
		this.policies.delete(PolicyKind.COLUMN, id);
	}
}
