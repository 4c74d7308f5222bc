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
		+ "source, for databases queried without Coffer. PostgreSQL: the script pins `search_path` to `pg_catalog, pg_temp` "
		+ "and a 5 s `lock_timeout`, and qualifies every function with `pg_catalog`; per protected table a view in schema "
		+ "`<view_schema_prefix><schema>` (same table name, `security_barrier`) whose masked columns are a `CASE` over "
		+ "`pg_catalog.pg_has_role(...)` with one branch per policy rule in the decision engine's order, so a database user "
		+ "in several mapped roles gets exactly what `POST /api/v1/access/evaluate` gives those roles together; its rows pass "
		+ "the row policies, compared as values of the column's type (never as session-formatted text). Every privilege on "
		+ "the view is revoked from PUBLIC, the mapped roles and whoever default privileges gave it to, then SELECT is "
		+ "granted to the mapped roles; every privilege on the base table is revoked from them. Tables with row policies "
		+ "also get row-level security: a RESTRICTIVE `coffer_rows` (`NOT <member of a mapped role> OR <row condition>`) and "
		+ "the permissive `coffer_permit` that keeps other roles as they were. Snowflake: tag-based masking policies for "
		+ "every data type, column masking policies and row access policies (a new one made first, then swapped in one "
		+ "`ALTER TABLE ... DROP ROW ACCESS POLICY ..., ADD ROW ACCESS POLICY ...`), chosen by `IS_ROLE_IN_SESSION`; "
		+ "policies Coffer did not make are never dropped or forced over (listed in `notes`). Masks are SQL expressions "
		+ "equal to Coffer's (hashes: lowercase hex SHA-256 of UTF-8); `tokenize`, `detokenize` and keyed `date_shift` "
		+ "cannot run in the database and give NULL (listed in `notes`).")
@RestController
class PushDownController {

	private final PushDownService pushDown;

	PushDownController(PushDownService pushDown) {
		this.pushDown = pushDown;
	}

	@Operation(summary = "Generate the native policies as SQL",
			description = "Reads the data source's tables (its catalog, never its data) and answers the script that makes "
					+ "the current policies native, with the policy revision and a fingerprint; changes nothing. What "
					+ "would make applying refuse (`push_down_unsafe`) is listed in `notes`. "
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
					+ "made. `expected_fingerprint` is required (400 `validation_failed` without it): only that reviewed "
					+ "script is applied (409 `push_down_changed`, audited). Fails closed with 422 `push_down_unsafe` and "
					+ "`reasons`, nothing applied, when the database's state means the script could not enforce the "
					+ "policies: a mapped role is a superuser or BYPASSRLS; a mapped role or a member of one (superusers "
					+ "aside) could still read a protected table, its partitions or inheritance children after the "
					+ "revokes, through a role it inherits or can SET ROLE to, PUBLIC, `pg_read_all_data` or ownership "
					+ "(checked in the transaction after the script ran); the table has row-level security or policies "
					+ "Coffer did not make; the view schema exists and belongs to another role; a view would give more "
					+ "than SELECT to anyone; or `roles` leaves out a role the policies name. A refused statement or a "
					+ "missing database role rolls everything back (422 `push_down_failed` with `statement_index` and "
					+ "`sqlstate`); other types: 422 `push_down_unsupported`. Audited as `policy.pushed_down`. Needs "
					+ "`policies:push_down` (admin).")
	@PostMapping("/api/v1/data-sources/{id}/push-down/apply")
	PushDownScriptView apply(@Parameter(description = "Data source id.") @PathVariable String id,
			@RequestBody(required = false) PushDownRequest request) {
		Authz.require(Permission.POLICIES_PUSH_DOWN);
		return this.pushDown.apply(id, request);
	}
}
