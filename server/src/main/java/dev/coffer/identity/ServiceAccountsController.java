package dev.coffer.identity;

import java.net.URI;

import jakarta.validation.Valid;
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

/** {@code /api/v1/service-accounts}: principals for integrations (pipelines, warehouses, apps). */
@Tag(name = "Service accounts", description = "Principals for integrations; they authenticate with API keys.")
@RestController
@RequestMapping("/api/v1/service-accounts")
class ServiceAccountsController extends PrincipalEndpoints {

	ServiceAccountsController(PrincipalService principals) {
		super(principals, PrincipalKind.SERVICE_ACCOUNT);
	}

	@Operation(summary = "Create a service account", description = "Needs `principals:write`. Then issue it a key with POST /api/v1/api-keys.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<PrincipalView> create(@Valid @RequestBody CreateServiceAccount request) {
		Authz.require(Permission.PRINCIPALS_WRITE);
		PrincipalView created = principals().create(PrincipalKind.SERVICE_ACCOUNT, request.name(), null, null,
				request.description());
		return ResponseEntity.created(URI.create("/api/v1/service-accounts/" + created.id())).body(created);
	}

	/** A new service account. */
	record CreateServiceAccount(
			@Schema(description = "Unique name: letters, digits, '.', '_', '-'.", example = "etl-pipeline",
					requiredMode = Schema.RequiredMode.REQUIRED)
			@NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*",
					message = "must be letters, digits, '.', '_' or '-', starting with a letter or digit") String name,
			@Schema(description = "Free text.") @Size(max = 1024) String description) {
	}
}
