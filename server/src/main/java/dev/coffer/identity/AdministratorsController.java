package dev.coffer.identity;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/administrators}: principals for people. */
@Tag(name = "Administrators", description = "Principals for people; they authenticate with API keys or, when an OIDC issuer is configured, with its tokens.")
@RestController
@RequestMapping("/api/v1/administrators")
class AdministratorsController extends PrincipalEndpoints {

	AdministratorsController(PrincipalService principals) {
		super(principals, PrincipalKind.ADMINISTRATOR);
	}

	@Operation(summary = "Create an administrator", description = "Needs `principals:write`.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<PrincipalView> create(@Valid @RequestBody CreateAdministrator request) {
		Authz.require(Permission.PRINCIPALS_WRITE);
		PrincipalView created = principals().create(PrincipalKind.ADMINISTRATOR, request.name(),
				request.displayName(), request.email(), request.description());
		return ResponseEntity.created(URI.create("/api/v1/administrators/" + created.id())).body(created);
	}

	/** A new administrator. */
	record CreateAdministrator(
			@Schema(description = "Unique user name.", example = "alice", requiredMode = Schema.RequiredMode.REQUIRED)
			@NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@+-]*",
					message = "must be letters, digits, '.', '_', '@', '+' or '-', starting with a letter or digit") String name,
			@Schema(description = "Display name.", example = "Alice Martin") @Size(max = 256) String displayName,
			@Schema(description = "E-mail address.", example = "alice@example.com") @Email @Size(max = 320) String email,
			@Schema(description = "Free text.") @Size(max = 1024) String description) {
	}
}
