package dev.coffer.policy;

/** The three kinds of policy, each in its own table. */
enum PolicyKind {

	COLUMN("column", "column_policies", "Column policy"),
	TAG("tag", "tag_policies", "Tag policy"),
	ROW("row", "row_policies", "Row policy");

	private final String value;

	private final String table;

	private final String title;

	PolicyKind(String value, String table, String title) {
		this.value = value;
		this.table = table;
		this.title = title;
	}

	String value() {
		return this.value;
	}

	String table() {
		return this.table;
	}

	String title() {
		return this.title;
	}
}
