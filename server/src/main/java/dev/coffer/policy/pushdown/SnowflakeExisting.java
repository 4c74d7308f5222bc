package dev.coffer.policy.pushdown;

import java.util.Map;

/**
 * The masking and row access policies already set directly on the source's protected tables, as
 * the generator read them from Snowflake ({@code INFORMATION_SCHEMA.POLICY_REFERENCES}), so the
 * script replaces only what Coffer made. When they could not be read ({@code known == false}) the
 * script replaces nothing: it sets without {@code FORCE} and adds without dropping, so Snowflake
 * refuses the statement where a policy is already set.
 *
 * @param rowPolicies by {@link #key(String, String)}
 * @param columnMasks by {@link #key(String, String, String)} (masking policies set on the column itself, not through a tag)
 */
record SnowflakeExisting(boolean known, Map<String, Policy> rowPolicies, Map<String, Policy> columnMasks) {

	/** A policy's database, schema and name as Snowflake stores them. */
	record Policy(String database, String schema, String name) {

		String qualified() {
			return (this.database == null ? "" : Sql.sfIdent(this.database) + ".") + Sql.sfIdent(this.schema) + "."
					+ Sql.sfIdent(this.name);
		}

		/** Whether Coffer made it: in the policy schema, with one of Coffer's name prefixes. */
		boolean madeByCoffer(String policySchema) {
			return this.schema.equals(policySchema) && (this.name.startsWith("COFFER_ROWS_") || this.name.startsWith("COFFER_MASK_"));
		}

		boolean sameAs(String policySchema, String name) {
			return this.schema.equals(policySchema) && this.name.equals(name);
		}
	}

	static SnowflakeExisting none() {
		return new SnowflakeExisting(true, Map.of(), Map.of());
	}

	static SnowflakeExisting unknown() {
		return new SnowflakeExisting(false, Map.of(), Map.of());
	}

	static String key(String schema, String table) {
		return schema + "\u0000" + table;
	}

	static String key(String schema, String table, String column) {
		return key(schema, table) + "\u0000" + column;
	}
}
