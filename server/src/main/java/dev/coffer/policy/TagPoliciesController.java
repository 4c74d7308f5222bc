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
import dev.coffer.policy.PolicyBodies.TagPolicyBody;
import dev.coffer.policy.PolicyBodies.TagPolicyView;

/** {@code /api/v1/policies/tags}: tag policies. */
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
@RequestMapping("/api/v1/policies/tags")
class TagPoliciesController {

	private final PolicyService policies;

	TagPoliciesController(PolicyService policies) {
		this.policies = policies;
	}

	@Operation(summary = "Create a tag policy", description = "A tag, optionally a tag value, and per role a mask. Applies to every column carrying the tag (with that "
					+ "value, if given) that no column policy names exactly (no `*`); with column policies listing the column through `*` "
					+ "the most permissive mask wins." + " Needs `policies:write`; a rule giving `detokenize` also needs "
					+ "`tokens:detokenize`, one giving `tokenize` `tokens:tokenize` (403 naming it)."
					+ " A definition that would take more than 1000000 characters stored is refused (413 `payload_too_large`).")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<TagPolicyView> create(@RequestBody TagPolicyBody request) {
		Caller caller = Authz.require(Permission.POLICIES_WRITE);
		TagPolicyView created = this.policies.createTag(request, caller.reference());
		return ResponseEntity.created(URI.create("/api/v1/policies/tags/" + created.id())).body(created);
	}

	@Operation(summary = "List tag policies", description = "Oldest first. Needs `policies:read`.")
	@GetMapping
	ListResponse<TagPolicyView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.POLICIES_READ);
		return this.policies.tags(paging, response);
	}

	@Operation(summary = "Show a tag policy", description = "Needs `policies:read`.")
	@GetMapping("/{id}")
	TagPolicyView show(@Parameter(description = "Policy id.") @PathVariable String id) {
		Authz.require(Permission.POLICIES_READ);
		return this.policies.tag(id);
	}

	@Operation(summary = "Replace a tag policy",
			description = "Replaces the whole policy (validated like on creation); decisions on this node use it at once, on "
					+ "other nodes within a few seconds. A policy a tag protection manages (`managed_by`) changes only through "
					+ "it: 409 `policy_managed`. Needs `policies:write` (and the token permissions, as on creation).")
	@PutMapping("/{id}")
	TagPolicyView replace(@Parameter(description = "Policy id.") @PathVariable String id, @RequestBody TagPolicyBody request) {
		Authz.require(Permission.POLICIES_WRITE);
		return this.policies.replaceTag(id, request);
	}

	@Operation(summary = "Delete a tag policy", description = "A policy a tag protection manages (`managed_by`) is deleted with "
			+ "its protection (`DELETE /api/v1/tag-masking/{id}`): 409 `policy_managed`. Needs `policies:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Policy id.") @PathVariable String id) {
		Authz.require(Permission.POLICIES_WRITE);
		this.policies.delete(PolicyKind.TAG, id);
	}
}
