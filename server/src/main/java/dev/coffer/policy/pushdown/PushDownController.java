package dev.coffer.policy.pushdown;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/data-sources/{id}/push-down}: Coffer's policies as the database's own. */
@Tag(name = "Policy push-down", description = "Coffer's column, tag and row policies as native policies of the data "
		+ "source, for databases queried without Coffer. PostgreSQL: per protected table a view in schema "
		+ "`<view_schema_prefix><schema>` (same table name) whose masked columns pick the mask by `pg_has_role`, whose rows "
		+ "pass the row policies, granted to the mapped roles (every privilege on the base table revoked from them), plus "
		+ "row-level security on base tables with row policies (roles Coffer does not map are left as they were). "
		+ "Snowflake: tag-based masking policies (`ALTER TAG ... SET MASKING POLICY`), column masking policies "
		+ "(`ALTER TABLE ... MODIFY COLUMN ... SET MASKING POLICY`) and row access policies, chosen by "
		+ "`IS_ROLE_IN_SESSION`. Masks are SQL expressions equal to Coffer's (hashes: lowercase hex SHA-256 of UTF-8); "
		+ "`tokenize`, `detokenize` and keyed `date_shift` cannot run in the database and give NULL (listed in `notes`). "
		+ "A database user in several mapped roles gets the most permissive of their masks.")
@RestController
class PushDownController {

	private final PushDownService pushDown;

	PushDownController(PushDownService pushDown) {
		this.pushDown = pushDown;
	}

	@Operation(summary = "Generate the native policies as SQL",
			description = "Reads the data source's tables (its catalog, never its data) and answers the script that makes "
					+ "the current policies native, with the policy revision and a fingerprint; changes nothing. "
					+ "PostgreSQL and Snowflake data sources (else 422 `push_down_unsupported`). Audited as "
					+ "`policy.push_down_generated`. Needs `policies:read` and `datasources:read`.")
	@PostMapping("/api/v1/data-sources/{id}/push-down")
	PushDownScriptView generate(@Parameter(description = "Data source id.") @PathVariable String id,
			@RequestBody(required = false) PushDownRequest request) {
		Authz.require(Permission.POLICIES_READ);
		Authz.require(Permission.DATASOURCES_READ);
		return this.pushDown.generate(id, request);
	}

	@Operation(summary = "Apply the native policies (PostgreSQL)",
			description = "Generates the script as the generate endpoint does and runs it on the data source in one "
					+ "transaction, as the data source's user (who must be allowed to create schemas, views and policies "
					+ "and to grant on the tables: their owner or a superuser). Re-applying replaces what an earlier apply "
					+ "made. With `expected_fingerprint`, applies only that reviewed script (409 `push_down_changed`). A "
					+ "refused statement or a missing database role rolls everything back (422 `push_down_failed` with "
					+ "`statement_index` and `sqlstate`); other types: 422 `push_down_unsupported`. Audited as "
					+ "`policy.pushed_down`. Needs `policies:push_down` (admin).")
	@PostMapping("/api/v1/data-sources/{id}/push-down/apply")
	PushDownScriptView apply(@Parameter(description = "Data source id.") @PathVariable String id,
			@RequestBody(required = false) PushDownRequest request) {
		Authz.require(Permission.POLICIES_PUSH_DOWN);
		return this.pushDown.apply(id, request);
	}
}
