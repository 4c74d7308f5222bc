package dev.coffer.identity;

import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.api.security.Role;

/** {@code /api/v1/me} and {@code /api/v1/roles}: who am I, and what each role may do. */
@Tag(name = "Identity", description = "The caller's identity and the role catalogue.")
@RestController
@RequestMapping("/api/v1")
class CallerController {

	@Operation(summary = "Show the caller", description = "The principal, key, roles and permissions of the credentials sent. Any authenticated caller.")
	@GetMapping("/me")
	Me me() {
		Caller caller = Caller.current();
		if (caller == null) {
			throw new ApiException(ErrorCode.UNAUTHENTICATED, "Authentication required");
		}
		return new Me(caller.principalId(), caller.kind(), caller.name(), caller.keyName(), caller.method(),
				caller.roles().stream().map(Role::value).sorted().toList(),
				caller.permissions().stream().map(Permission::value).sorted().toList(),
				caller.dataRoles().stream().sorted().toList());
	}

	@Operation(summary = "List roles", description = "Every role with the permissions it grants. Any authenticated caller.")
	@GetMapping("/roles")
	Roles roles() {
		return new Roles(Arrays.stream(Role.values())
			.map(role -> new RoleView(role.value(), role.description(),
					role.permissions().stream().map(Permission::value).sorted().toList()))
			.toList());
	}

	/** The caller. */
	record Me(@Schema(description = "Principal id (OIDC: the token subject).") String principalId,
			@Schema(description = "`administrator`, `service_account` or `oidc_user`.") String kind,
			@Schema(description = "Principal name.") String name,
			@Schema(description = "API key name; absent for OIDC tokens.") String keyName,
			@Schema(description = "`basic`, `bearer` or `oidc`.") String authentication,
			@Schema(description = "Roles.") List<String> roles,
			@Schema(description = "Permissions the roles grant.") List<String> permissions,
			@Schema(description = "Data roles (API key `data_roles`, or OIDC `data-role-mapping` / `data-roles-claim`); "
					+ "policies match them together with the platform roles.") List<String> dataRoles) {
	}

	/** The role catalogue. */
	record Roles(@Schema(description = "Every role.") List<RoleView> data) {
	}

	/** A role. */
	record RoleView(@Schema(description = "Role name.") String name, @Schema(description = "What it is for.") String description,
			@Schema(description = "Permissions it grants.") List<String> permissions) {
	}
}
