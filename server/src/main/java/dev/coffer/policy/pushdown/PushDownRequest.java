package dev.coffer.policy.pushdown;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** Options of a push-down script; every field may be left out. */
@Schema(name = "PushDownRequest", description = "Options of the generated native policies; send `{}` for the defaults.")
record PushDownRequest(
		@Schema(description = "`postgresql` or `snowflake`; must be the data source's own type (the default).",
				example = "postgresql", allowableValues = { "postgresql", "snowflake" }) String target,
		@Schema(description = "The Coffer policy roles to generate for (at most 100). Default: the keys of `role_map` when "
				+ "it is given, else every role the policies name. A database user holding none of them gets what the "
				+ "policies' `*` rules give (else NULL) in the masks, and is left as it was by the row-level security.",
				example = "[\"analyst\", \"support\"]") List<String> roles,
		@Schema(description = "Coffer role → database role that stands for it (at most 100). A role not listed maps to the "
				+ "database role of the same name (on Snowflake in upper case when it is a plain name).",
				example = "{\"analyst\": \"reporting_analyst\"}") Map<String, String> roleMap,
		@Schema(description = "PostgreSQL: the views of schema `s` go to schema `<prefix>s` (1 to 30 characters of "
				+ "a-z, 0-9 and `_`, starting with a letter or `_`). Default `coffer_`.", example = "coffer_") String viewSchemaPrefix,
		@Schema(description = "Snowflake: the schema (of the connection's database) that holds the tags and policies "
				+ "Coffer makes (1 to 100 characters of letters, digits, `_` and `$`). Default `coffer` (COFFER).",
				example = "coffer") String policySchema,
		@Schema(description = "Apply only: the `fingerprint` of the script that was reviewed; when the script Coffer "
				+ "would apply now differs, nothing is applied (409 `push_down_changed`).",
				example = "3f1c...") String expectedFingerprint) {

	static PushDownRequest empty() {
		return new PushDownRequest(null, null, null, null, null, null);
	}
}
