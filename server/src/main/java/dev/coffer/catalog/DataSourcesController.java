package dev.coffer.catalog;

import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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

/** {@code /api/v1/data-sources}: the databases Coffer catalogs and classifies. */
@Tag(name = "Data sources", description = "Databases Coffer connects to, read-only: PostgreSQL, MariaDB and MySQL "
		+ "(type `mysql`), remote H2 servers and Snowflake. Passwords are sealed at rest under a subkey of the root key "
		+ "and never returned (`has_password`). JDBC URLs are checked against an allow-list of parameters per type; "
		+ "a data source can never point at Coffer's own store. Connections have connect and query timeouts "
		+ "(settings `datasources.connect_timeout_seconds`, `datasources.query_timeout_seconds`) and are bounded by "
		+ "the data source's `max_connections`. A failure to connect is a `connection_failed` problem whose `reason` "
		+ "never repeats the driver's message.")
@RestController
@RequestMapping("/api/v1/data-sources")
class DataSourcesController {

	private final DataSources dataSources;

	DataSourcesController(DataSources dataSources) {
		this.dataSources = dataSources;
	}

	@Operation(summary = "Register a data source",
			description = "Checks the JDBC URL for its type (`validation_failed` on field `jdbc_url` with codes such as "
					+ "`forbidden_parameter`, `credentials_in_url`, `invalid_format`, `own_store`) but does not connect: "
					+ "use the test operation. Needs `datasources:write`.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<DataSourceView> create(@Valid @RequestBody DataSourceRequest request) {
		Caller caller = Authz.require(Permission.DATASOURCES_WRITE);
		DataSourceView created = this.dataSources.create(request, caller.reference());
		return ResponseEntity.created(URI.create("/api/v1/data-sources/" + created.id())).body(created);
	}

	@Operation(summary = "List data sources", description = "Oldest first. Needs `datasources:read`.")
	@GetMapping
	ListResponse<DataSourceView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.DATASOURCES_READ);
		return this.dataSources.list(paging, response);
	}

	@Operation(summary = "Show a data source", description = "Never includes the password. Needs `datasources:read`.")
	@GetMapping("/{id}")
	DataSourceView show(@Parameter(description = "Data source id.") @PathVariable String id) {
		Authz.require(Permission.DATASOURCES_READ);
		return this.dataSources.get(id);
	}

	@Operation(summary = "Update a data source",
			description = "Changes the fields present; `type` cannot change. When `jdbc_url` or `username` changes, "
					+ "`password` must be given again (`\"\"` for none), so a stored password never follows a data "
					+ "source to a new host. Needs `datasources:write`.")
	@PatchMapping("/{id}")
	DataSourceView update(@Parameter(description = "Data source id.") @PathVariable String id,
			@Valid @RequestBody DataSourceRequest request) {
		Authz.require(Permission.DATASOURCES_WRITE);
		return this.dataSources.update(id, request);
	}

	@Operation(summary = "Delete a data source",
			description = "Removes it with its catalogued columns, their classifications, tags and proposals. Needs `datasources:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Data source id.") @PathVariable String id) {
		Authz.require(Permission.DATASOURCES_WRITE);
		this.dataSources.delete(id);
	}

	@Operation(summary = "Test a data source's connection",
			description = "Connects read-only and reads the database's product and version. A failure is a "
					+ "`connection_failed` problem with `reason` (`host_unreachable`, `timeout`, `auth_failed`, "
					+ "`database_not_found`, `tls_failed`, `busy`, `driver_error`). Needs `datasources:read`.")
	@PostMapping("/{id}/test")
	ConnectionTestView test(@Parameter(description = "Data source id.") @PathVariable String id) {
		Authz.require(Permission.DATASOURCES_READ);
		return this.dataSources.test(this.dataSources.definition(id));
	}

	@Operation(summary = "Test an unsaved data source definition",
			description = "Checks and tests a definition (as for registration; `name` is not needed) without storing "
					+ "it. Answers like the test of a registered data source. Needs `datasources:write`.")
	@PostMapping("/connection-test")
	ConnectionTestView testDefinition(@Valid @RequestBody DataSourceRequest request) {
		Authz.require(Permission.DATASOURCES_WRITE);
		return this.dataSources.test(this.dataSources.definition(request));
	}
}
