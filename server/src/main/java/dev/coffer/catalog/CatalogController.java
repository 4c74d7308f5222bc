package dev.coffer.catalog;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;
import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.SchemaInfo;
import dev.coffer.catalog.CatalogModel.TableInfo;

/** Browsing a data source's live catalog: schemas, tables, columns and their types. */
@Tag(name = "Catalog", description = "The live catalog of a data source, read from the database itself at each request "
		+ "(for Snowflake, from the `INFORMATION_SCHEMA` of the URL's database). For MariaDB and MySQL a schema is a "
		+ "database. Lists are sorted by name and take both paginations.")
@RestController
@RequestMapping("/api/v1/data-sources/{id}/schemas")
class CatalogController {

	private final CatalogBrowser browser;

	CatalogController(CatalogBrowser browser) {
		this.browser = browser;
	}

	@Operation(summary = "List a data source's schemas", description = "System schemas are left out. Needs `datasources:read`.")
	@GetMapping
	ListResponse<SchemaInfo> schemas(@Parameter(description = "Data source id.") @PathVariable String id,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.DATASOURCES_READ);
		paging.validated();
		return ListPages.of(paging, this.browser.schemas(id).stream().map(SchemaInfo::new).toList(), response);
	}

	@Operation(summary = "List the tables of a schema", description = "Tables and views. Needs `datasources:read`.")
	@GetMapping("/{schema}/tables")
	ListResponse<TableInfo> tables(@Parameter(description = "Data source id.") @PathVariable String id,
			@Parameter(description = "Schema name, exactly as the database spells it.") @PathVariable String schema,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.DATASOURCES_READ);
		paging.validated();
		return ListPages.of(paging, this.browser.tables(id, schema), response);
	}

	@Operation(summary = "List the columns of a table", description = "In ordinal order, with the database's type names. "
			+ "Needs `datasources:read`.")
	@GetMapping("/{schema}/tables/{table}/columns")
	ListResponse<ColumnInfo> columns(@Parameter(description = "Data source id.") @PathVariable String id,
			@Parameter(description = "Schema name.") @PathVariable String schema,
			@Parameter(description = "Table name.") @PathVariable String table, @ParameterObject Paging paging,
			HttpServletResponse response) {
		Authz.require(Permission.DATASOURCES_READ);
		paging.validated();
		return ListPages.of(paging, this.browser.columns(id, schema, table), response);
	}
}
