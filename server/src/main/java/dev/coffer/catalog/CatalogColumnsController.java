package dev.coffer.catalog;

import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.classification.DetectedType;

/** The catalogued columns of a data source, their classifications and tags, and a summary. */
@Tag(name = "Columns", description = "Columns Coffer has catalogued for a data source (by a classification job, or by hand "
		+ "to tag them), each with its latest classification and its tags. Every tag says where it came from: `manual`, "
		+ "`classification` (applied automatically) or `proposal` (approved). A classification never changes or removes "
		+ "a manual or approved tag.")
@RestController
@RequestMapping("/api/v1/data-sources/{id}")
class CatalogColumnsController {

	private final CatalogColumns columns;

	CatalogColumnsController(CatalogColumns columns) {
		this.columns = columns;
	}

	@Operation(summary = "List a data source's columns",
			description = "In catalogue order (schema, table, position as first catalogued), with both paginations. Filters "
					+ "combine. Needs `datasources:read`.")
	@GetMapping("/columns")
	ListResponse<CatalogColumnView> list(@Parameter(description = "Data source id.") @PathVariable String id,
			@Parameter(description = "Only columns carrying this tag.") @RequestParam(required = false) String tag,
			@Parameter(description = "Only columns of this detected type, e.g. `email`.") @RequestParam(required = false) String type,
			@Parameter(description = "Only columns classified with at least this confidence, 0 to 1.") @RequestParam(name = "min_confidence", required = false) Double minConfidence,
			@Parameter(description = "Only columns of this schema.") @RequestParam(required = false) String schema,
			@Parameter(description = "Only columns of this table.") @RequestParam(required = false) String table,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.DATASOURCES_READ);
		paging.validated();
		if (type != null && DetectedType.fromApiName(type).isEmpty()) {
			throw ApiException.invalidParameter("type", "is not a detected type");
		}
		if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
			throw ApiException.invalidParameter("min_confidence", "must be between 0 and 1");
		}
		if (tag != null && !Tags.NAME.matcher(tag).matches()) {
			throw ApiException.invalidParameter("tag", "is not a tag name");
		}
		return this.columns.list(id, new CatalogColumnStore.Filter(schema, table, tag == null ? null : TagStore.fold(tag),
				type, minConfidence), paging, response);
	}

	@Operation(summary = "Catalogue a column by hand",
			description = "Registers one column the database has (checked live), so it can be tagged before any "
					+ "classification. Answers 201, or 200 with the existing entry. Needs `tags:write`.")
	@ApiResponse(responseCode = "201", description = "Catalogued.")
	@ApiResponse(responseCode = "200", description = "Already catalogued.")
	@PostMapping("/columns")
	ResponseEntity<CatalogColumnView> register(@Parameter(description = "Data source id.") @PathVariable String id,
			@Valid @RequestBody RegisterColumn request) {
		Authz.require(Permission.TAGS_WRITE);
		boolean existed = this.columns.catalogued(id, request.schema(), request.table(), request.column());
		CatalogColumnView column = this.columns.register(id, request.schema(), request.table(), request.column());
		return existed ? ResponseEntity.ok(column)
				: ResponseEntity.created(URI.create("/api/v1/data-sources/" + id + "/columns/" + column.id())).body(column);
	}

	@Operation(summary = "Show a column", description = "With its classification evidence and tags. Needs `datasources:read`.")
	@GetMapping("/columns/{column_id}")
	CatalogColumnView show(@Parameter(description = "Data source id.") @PathVariable String id,
			@Parameter(description = "Column id.") @PathVariable("column_id") String columnId) {
		Authz.require(Permission.DATASOURCES_READ);
		return this.columns.get(id, columnId);
	}

	@Operation(summary = "Tag a column by hand",
			description = "Sets the tag as `manual`, replacing a tag applied by a classification and settling a pending "
					+ "proposal of it. A tag with allowed values needs one of them as `value`. Needs `tags:write`.")
	@PutMapping("/columns/{column_id}/tags/{tag}")
	CatalogColumnView assign(@Parameter(description = "Data source id.") @PathVariable String id,
			@Parameter(description = "Column id.") @PathVariable("column_id") String columnId,
			@Parameter(description = "Tag name.") @PathVariable String tag,
			@Valid @RequestBody(required = false) AssignTag request) {
		Caller caller = Authz.require(Permission.TAGS_WRITE);
		return this.columns.assign(id, columnId, tag, request == null ? null : request.value(), caller.reference());
	}

	@Operation(summary = "Remove a tag from a column",
			description = "Whatever its source. A classification does not propose it again for this column while the "
					+ "column's detected type stays the same. Needs `tags:write`.")
	@DeleteMapping("/columns/{column_id}/tags/{tag}")
	CatalogColumnView unassign(@Parameter(description = "Data source id.") @PathVariable String id,
			@Parameter(description = "Column id.") @PathVariable("column_id") String columnId,
			@Parameter(description = "Tag name.") @PathVariable String tag) {
		Caller caller = Authz.require(Permission.TAGS_WRITE);
		return this.columns.unassign(id, columnId, tag, caller.reference());
	}

	@Operation(summary = "Summarise a data source's catalogue",
			description = "Counts of tables, columns, columns per detected type and per tag, pending proposals, and the "
					+ "latest classification job. Needs `datasources:read`.")
	@GetMapping("/summary")
	CatalogSummaryView summary(@Parameter(description = "Data source id.") @PathVariable String id) {
		Authz.require(Permission.DATASOURCES_READ);
		return this.columns.summary(id);
	}

	/** A column to catalogue. */
	record RegisterColumn(
			@Schema(description = "Schema (for MariaDB and MySQL, database) name.", requiredMode = Schema.RequiredMode.REQUIRED) @Size(max = 256) String schema,
			@Schema(description = "Table name.", requiredMode = Schema.RequiredMode.REQUIRED) @Size(max = 256) String table,
			@Schema(description = "Column name.", requiredMode = Schema.RequiredMode.REQUIRED) @Size(max = 256) String column) {
	}

	/** The value of a tag assignment. */
	record AssignTag(@Schema(description = "The tag's value; required when the tag has allowed values.") String value) {
	}
}
