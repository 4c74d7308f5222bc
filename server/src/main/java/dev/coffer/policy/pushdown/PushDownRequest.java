package dev.coffer.policy.pushdown;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** Options of a push-down script; every field may be left out. */
@Schema(name = "PushDownRequest", description = "Options of the generated native policies; send `{}` for the defaults.")
record PushDownRequest(
		@Schema(description = "`postgresql` or `snowflake`; must be the data source's own type (the default).",
				example = "postgresql", allowableValues = { "postgresql", "snowflake" }) String target,
		@Schema(description = "The Coffer policy roles to generate for (at most 100). Default: every role named by the "
				+ "policies that reach the data source's tables, and the keys of `role_map`. Leaving out a role the "
				+ "policies name is noted, and applying refuses it (`push_down_unsafe`): a database user holding it would "
				+ "be treated as holding none, which can be looser than Coffer. A database user holding none of the roles "
				+ "gets what the policies' `*` rules give (else NULL) and is left as it was by the row-level security.",
				example = "[\"analyst\", \"support\"]") List<String> roles,
		@Schema(description = "Coffer role → database role that stands for it (at most 100); it maps, it does not narrow "
				+ "`roles`. A role not listed maps to the database role of the same name (on Snowflake in upper case when "
				+ "it is a plain name). PUBLIC, `none`, `current_user`, `session_user`, `current_role` and `pg_*` roles "
				+ "are refused (400).", example = "{\"analyst\": \"reporting_analyst\"}") Map<String, String> roleMap,
		@Schema(description = "PostgreSQL: the views of schema `s` go to schema `<prefix>s` (1 to 30 characters of "
				+ "a-z, 0-9 and `_`, starting with a letter or `_`). Default `coffer_`.", example = "coffer_") String viewSchemaPrefix,
		@Schema(description = "Snowflake: the schema (of the connection's database) that holds the tags and policies "
				+ "Coffer makes (1 to 100 characters of letters, digits, `_` and `$`). Default `coffer` (COFFER).",
				example = "coffer") String policySchema,
		@Schema(description = "Apply: required; the `fingerprint` of the script that was reviewed. When the script "
				+ "Coffer would apply now differs, nothing is applied (409 `push_down_changed`, audited).",
				example = "3f1c...") String expectedFingerprint) {

	static PushDownRequest empty() {
		return new PushDownRequest(null, null, null, null, null, null);
	}
}
