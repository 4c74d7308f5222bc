package dev.coffer.catalog;

import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/tag-mappings}: which tags a classification proposes for each detected type. */
@Tag(name = "Tag mappings", description = "Rules from detected types to tags. A classification proposes, for each column "
		+ "with a detected type, the tags of that type's rules (per tag, the highest-priority rule's value). Seeded from "
		+ "each type's defaults (for example `email` → `PII`, `payment_card` → `PCI`, `date_of_birth` → `PII` and `PHI`, "
		+ "`aws_access_key` → `CREDENTIAL`) at priority 100.")
@RestController
@RequestMapping("/api/v1/tag-mappings")
class TagMappingsController {

	private final TagMappings mappings;

	TagMappingsController(TagMappings mappings) {
		this.mappings = mappings;
	}

	@Operation(summary = "Create a tag mapping", description = "Needs `tags:write`.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<TagMappingView> create(@Valid @RequestBody CreateMapping request) {
		Authz.require(Permission.TAGS_WRITE);
		TagMappingView created = this.mappings.create(request.detectedType(), request.tag(), request.value(), request.priority());
		return ResponseEntity.created(URI.create("/api/v1/tag-mappings/" + created.id())).body(created);
	}

	@Operation(summary = "List tag mappings", description = "Oldest first. Needs `tags:read`.")
	@GetMapping
	ListResponse<TagMappingView> list(
			@Parameter(description = "Only the rules of this detected type.") @RequestParam(name = "detected_type", required = false) String detectedType,
			@Parameter(description = "Only the rules giving this tag.") @RequestParam(required = false) String tag,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.TAGS_READ);
		if (detectedType != null) {
			TagMappings.detectedType(detectedType);
		}
		return this.mappings.list(detectedType, tag, paging, response);
	}

	@Operation(summary = "Show a tag mapping", description = "Needs `tags:read`.")
	@GetMapping("/{id}")
	TagMappingView show(@Parameter(description = "Mapping id.") @PathVariable String id) {
		Authz.require(Permission.TAGS_READ);
		return this.mappings.get(id);
	}

	@Operation(summary = "Update a tag mapping", description = "Changes `priority` and, when present, `value`. Needs `tags:write`.")
	@PatchMapping("/{id}")
	TagMappingView update(@Parameter(description = "Mapping id.") @PathVariable String id,
			@Valid @RequestBody UpdateMapping request) {
		Authz.require(Permission.TAGS_WRITE);
		return this.mappings.update(id, request.value(), request.value() != null, request.priority());
	}

	@Operation(summary = "Delete a tag mapping", description = "Later classifications no longer propose its tag. Needs `tags:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Mapping id.") @PathVariable String id) {
		Authz.require(Permission.TAGS_WRITE);
		this.mappings.delete(id);
	}

	/** A new rule. */
	record CreateMapping(
			@Schema(description = "A detected type, e.g. `email`, `payment_card`.", requiredMode = Schema.RequiredMode.REQUIRED, example = "email") String detectedType,
			@Schema(description = "Tag name.", requiredMode = Schema.RequiredMode.REQUIRED, example = "PII") String tag,
			@Schema(description = "Value the tag is proposed with (required when the tag has allowed values).") String value,
			@Schema(description = "0 to 1000000 (default 100); the highest wins among rules of one type giving one tag.")
			@Min(0) @Max(1_000_000) Integer priority) {
	}

	/** Changes to a rule. */
	record UpdateMapping(
			@Schema(description = "New value.") String value,
			@Schema(description = "New priority, 0 to 1000000.") @Min(0) @Max(1_000_000) Integer priority) {
	}
}
