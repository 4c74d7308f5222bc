package dev.coffer.policy.pushdown;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A generated script, as the API shows it. */
@Schema(name = "PushDownScript", description = "Native policies generated from Coffer's policies, as SQL to review.")
record PushDownScriptView(
		@Schema(description = "The data source.") String dataSourceId,
		@Schema(description = "`postgresql` or `snowflake`.") String target,
		@Schema(description = "The policy revision the script reflects (it changes with every policy change).") long policyRevision,
		@Schema(description = "Lowercase hex SHA-256 of `script`: send it as `expected_fingerprint` to apply exactly "
				+ "what was reviewed.") String fingerprint,
		@Schema(description = "The Coffer roles generated for and the database role standing for each.") List<RoleView> roles,
		@Schema(description = "How many tables the script protects (tables with masked columns or row policies).") int tables,
		@Schema(description = "The statements, in the order they run (without the closing `;`).") List<String> statements,
		@Schema(description = "The whole script: each statement followed by `;` and a blank line.") String script,
		@Schema(description = "Where the database cannot do exactly what Coffer does (e.g. `tokenize` gives NULL, a "
				+ "mapped role that does not exist), and what would make applying refuse (`push_down_unsafe`), one sentence each.") List<String> notes,
		@Schema(description = "Whether Coffer ran the script on the data source (apply), in one transaction.") boolean applied) {

	/** A role mapping. */
	@Schema(name = "PushDownRole", description = "A Coffer policy role and the database role that stands for it.")
	record RoleView(@Schema(description = "Coffer policy role.", example = "analyst") String cofferRole,
			@Schema(description = "Database role.", example = "reporting_analyst") String databaseRole) {
	}

	/** The statements hold allowed row values: never printed. */
	@Override
	public String toString() {
		return "PushDownScriptView[" + this.dataSourceId + " " + this.target + " revision " + this.policyRevision + " "
				+ this.statements.size() + " statements]";
	}
}
