package dev.coffer.catalog;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/tags}: built-in and custom tags. */
@Tag(name = "Tags", description = "Labels on catalogued columns that policies act on. Built in: `PII`, `PCI`, `PHI`, "
		+ "`CREDENTIAL`. Custom tags may restrict the values an assignment carries (`allowed_values`). Tags reach columns "
		+ "by hand, automatically from a classification, or through an approved proposal; see the columns of a data "
		+ "source and `/api/v1/tag-proposals`.")
@RestController
@RequestMapping("/api/v1/tags")
class TagsController {

	private final Tags tags;

	TagsController(Tags tags) {
		this.tags = tags;
	}

	@Operation(summary = "Create a tag", description = "Names are unique regardless of case. Needs `tags:write`.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<TagView> create(@Valid @RequestBody CreateTag request) {
		Caller caller = Authz.require(Permission.TAGS_WRITE);
		TagView created = this.tags.create(request.name(), request.description(), request.allowedValues(), caller.reference());
		return ResponseEntity.created(URI.create("/api/v1/tags/" + created.name())).body(created);
	}

	@Operation(summary = "List tags", description = "Built-in tags first, then by creation. Needs `tags:read`.")
	@GetMapping
	ListResponse<TagView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.TAGS_READ);
		return this.tags.list(paging, response);
	}

	@Operation(summary = "Show a tag", description = "Needs `tags:read`.")
	@GetMapping("/{name}")
	TagView show(@Parameter(description = "Tag name (any case).") @PathVariable String name) {
		Authz.require(Permission.TAGS_READ);
		return this.tags.get(name);
	}

	@Operation(summary = "Update a tag",
			description = "Changes `description` and, on a custom tag, `allowed_values` (`[]` accepts any value again; a "
					+ "value some column carries cannot be left out: 409 `conflict`). Needs `tags:write`.")
	@PatchMapping("/{name}")
	TagView update(@Parameter(description = "Tag name.") @PathVariable String name, @Valid @RequestBody UpdateTag request) {
		Authz.require(Permission.TAGS_WRITE);
		return this.tags.update(name, request.description(), request.allowedValues());
	}

	@Operation(summary = "Delete a tag",
			description = "Removes a custom tag from every column, with its mappings and proposals. Built-in tags cannot be "
					+ "deleted (409 `conflict`). Needs `tags:write`.")
	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Tag name.") @PathVariable String name) {
		Authz.require(Permission.TAGS_WRITE);
		this.tags.delete(name);
	}

	/** A new tag. */
	record CreateTag(
			@Schema(description = "1 to 64 characters: a letter, then letters, digits, `_`, `.`, `:` or `-`.", example = "sensitivity",
					requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(description = "Free text.") @Size(max = 1024) String description,
			@Schema(description = "The values an assignment must carry one of (1 to 100, each 1 to 256 characters); leave out to accept any value or none.",
					example = "[\"public\", \"internal\", \"confidential\", \"restricted\"]") List<String> allowedValues) {
	}

	/** Changes to a tag; absent fields stay as they are. */
	record UpdateTag(
			@Schema(description = "Free text.") @Size(max = 1024) String description,
			@Schema(description = "New allowed values; `[]` accepts any value again. Not on built-in tags.") List<String> allowedValues) {
	}
}
