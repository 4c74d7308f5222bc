package dev.coffer.identity;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.DataRoles;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/api-keys}: issue, list, rotate and retire API keys. */
@Tag(name = "API keys", description = "Keys authenticate with HTTP Basic (key name, secret) or `Authorization: Bearer <bearer_token>`. Secrets are shown once.")
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeysController {

	private final ApiKeyService keys;

	ApiKeysController(ApiKeyService keys) {
		this.keys = keys;
	}

	@Operation(summary = "Issue an API key", description = "Answers the key with its secret and bearer token, shown only in this response. Needs `api_keys:write`.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<IssuedApiKey> create(@Valid @RequestBody CreateApiKey request) {
		Authz.require(Permission.API_KEYS_WRITE);
		IssuedApiKey issued = this.keys.create(request.principalId(), request.name(), request.description(),
				request.roles(), request.dataRoles(), request.expiresAt(), null);
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.getApiKey().id())).body(issued);
	}

	@Operation(summary = "List API keys", description = "Oldest first, optionally of one principal. Needs `api_keys:read`.")
	@GetMapping
	ListResponse<ApiKeyView> list(
			@Parameter(description = "Only the keys of this principal.") @RequestParam(name = "principal_id", required = false) String principalId,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.API_KEYS_READ);
		if (principalId != null && !principalId.matches("[0-9a-f-]{36}")) {
			throw ApiException.invalidParameter("principal_id", "is not a principal id");
		}
		return this.keys.list(principalId, paging, response);
	}

	@Operation(summary = "Show an API key", description = "Needs `api_keys:read`.")
	@GetMapping("/{id}")
	ApiKeyView show(@Parameter(description = "API key id.") @PathVariable String id) {
		Authz.require(Permission.API_KEYS_READ);
		return this.keys.get(id);
	}

	@Operation(summary = "Rotate an API key's secret",
			description = "Issues a new secret. The previous one keeps working for `overlap_seconds` (default: setting "
					+ "`api_keys.default_rotation_overlap_seconds`; 0 ends it at once), then is refused. Needs `api_keys:write`.")
	@PostMapping("/{id}/rotate")
	IssuedApiKey rotate(@Parameter(description = "API key id.") @PathVariable String id,
			@Valid @RequestBody(required = false) RotateApiKey request) {
		Authz.require(Permission.API_KEYS_WRITE);
		Long overlap = request == null ? null : request.overlapSeconds();
		return this.keys.rotate(id, overlap == null ? null : Duration.ofSeconds(overlap));
	}

	@Operation(summary = "Replace an API key's data roles",
			description = "Sets the free-form data roles (e.g. `analyst`) that masking and row policies match for this key, "
					+ "besides its platform roles; an empty list removes them. Names are case-insensitive, 1 to 64 letters, "
					+ "digits, `_ . : -`, at most " + DataRoles.MAX_PER_KEY + "; platform role names are refused (`reserved_role`). "
					+ "Counts from the key's next request on, on every node. Needs `api_keys:write`.")
	@PutMapping("/{id}/data-roles")
	ApiKeyView setDataRoles(@Parameter(description = "API key id.") @PathVariable String id,
			@RequestBody SetDataRoles request) {
		Authz.require(Permission.API_KEYS_WRITE);
		return this.keys.setDataRoles(id, request == null ? null : request.dataRoles());
	}

	@Operation(summary = "Disable an API key", description = "Refused from the next request on, on every node, until enabled. Needs `api_keys:write`.")
	@PostMapping("/{id}/disable")
	ApiKeyView disable(@Parameter(description = "API key id.") @PathVariable String id) {
		Authz.require(Permission.API_KEYS_WRITE);
		return this.keys.setStatus(id, ApiKeyStore.DISABLED);
	}

	@Operation(summary = "Enable an API key", description = "Needs `api_keys:write`. A revoked key cannot be enabled.")
	@PostMapping("/{id}/enable")
	ApiKeyView enable(@Parameter(description = "API key id.") @PathVariable String id) {
		Authz.require(Permission.API_KEYS_WRITE);
		return this.keys.setStatus(id, ApiKeyStore.ACTIVE);
	}

	@Operation(summary = "Revoke an API key", description = "Permanent: a revoked key is refused and cannot be enabled again; it stays listed for the record. Needs `api_keys:write`.")
	@PostMapping("/{id}/revoke")
	ApiKeyView revoke(@Parameter(description = "API key id.") @PathVariable String id) {
		Authz.require(Permission.API_KEYS_WRITE);
		return this.keys.setStatus(id, ApiKeyStore.REVOKED);
	}

	@Operation(summary = "Delete an API key", description = "Removes the key; it is refused from the next request on. Needs `api_keys:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "API key id.") @PathVariable String id) {
		Authz.require(Permission.API_KEYS_WRITE);
		this.keys.delete(id);
	}

	/** A new API key. */
	record CreateApiKey(
			@Schema(description = "The principal (administrator or service account) the key acts for.",
					requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String principalId,
			@Schema(description = "Key name, the HTTP Basic username; generated from the principal's name if absent.",
					example = "etl-pipeline-prod") @Size(max = 128) String name,
			@Schema(description = "Free text.") @Size(max = 1024) String description,
			@Schema(description = "Roles the key carries.", example = "[\"tokenizer\"]",
					requiredMode = Schema.RequiredMode.REQUIRED) @NotEmpty List<String> roles,
			@Schema(description = "Free-form data roles that masking and row policies match besides `roles` (case-insensitive, "
					+ "at most 32; platform role names are refused).", example = "[\"analyst\"]") List<String> dataRoles,
			@Schema(description = "When the key stops working (RFC 3339); absent for no expiry unless settings require one.")
			OffsetDateTime expiresAt) {
	}

	/** A key's new data roles. */
	record SetDataRoles(
			@Schema(description = "The data roles; an empty list removes them all.", example = "[\"analyst\", \"hr-emea\"]",
					requiredMode = Schema.RequiredMode.REQUIRED) List<String> dataRoles) {
	}

	/** Options of a rotation. */
	record RotateApiKey(
			@Schema(description = "Seconds the previous secret keeps working; 0 ends it at once.", example = "3600")
			@PositiveOrZero @Max(2_592_000) Long overlapSeconds) {
	}
}
