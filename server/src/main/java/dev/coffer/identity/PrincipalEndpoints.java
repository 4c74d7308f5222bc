package dev.coffer.identity;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/**
 * The operations administrators and service accounts share; each kind's controller maps them
 * under its own path and adds its own create operation. {@code {kind}} in a summary is filled in
 * per controller by the OpenAPI customizer.
 */
abstract class PrincipalEndpoints {

	private final PrincipalService principals;

	private final PrincipalKind kind;

	PrincipalEndpoints(PrincipalService principals, PrincipalKind kind) {
		this.principals = principals;
		this.kind = kind;
	}

	PrincipalService principals() {
		return this.principals;
	}

	@Operation(summary = "List {kinds}", description = "Oldest first, with cursor (`limit`, `cursor`) or page (`page`, `per_page`) pagination. Needs `principals:read`.")
	@GetMapping
	ListResponse<PrincipalView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.PRINCIPALS_READ);
		return this.principals.list(this.kind, paging, response);
	}

	@Operation(summary = "Show one {kind}", description = "Needs `principals:read`.")
	@GetMapping("/{id}")
	PrincipalView show(@Parameter(description = "Principal id.") @PathVariable String id) {
		Authz.require(Permission.PRINCIPALS_READ);
		return this.principals.get(this.kind, id);
	}

	@Operation(summary = "Disable a {kind}", description = "Every key of the principal is refused from the next request on, on every node. Needs `principals:write`.")
	@PostMapping("/{id}/disable")
	PrincipalView disable(@Parameter(description = "Principal id.") @PathVariable String id) {
		Authz.require(Permission.PRINCIPALS_WRITE);
		return this.principals.setStatus(this.kind, id, PrincipalService.DISABLED);
	}

	@Operation(summary = "Enable a {kind}", description = "Needs `principals:write`.")
	@PostMapping("/{id}/enable")
	PrincipalView enable(@Parameter(description = "Principal id.") @PathVariable String id) {
		Authz.require(Permission.PRINCIPALS_WRITE);
		return this.principals.setStatus(this.kind, id, PrincipalService.ACTIVE);
	}

	@Operation(summary = "Delete a {kind}", description = "Deletes the principal and all its API keys. Needs `principals:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Principal id.") @PathVariable String id) {
		Authz.require(Permission.PRINCIPALS_WRITE);
		this.principals.delete(this.kind, id);
	}
}
