package dev.coffer.catalog;

import io.swagger.v3.oas.annotations.media.Schema;

/** The shapes the live catalog of a data source is browsed in. */
final class CatalogModel {

	private CatalogModel() {
	}

	/** A schema (for MariaDB and MySQL: a database). */
	@Schema(name = "CatalogSchema")
	record SchemaInfo(@Schema(description = "Schema name (for MariaDB and MySQL, the database name).") String name) {
	}

	/** A table or view of a schema. */
	@Schema(name = "CatalogTable")
	record TableInfo(
			@Schema(description = "Schema name.") String schema,
			@Schema(description = "Table name.") String name,
			@Schema(description = "`table`, `partitioned_table`, `view`, `materialized_view`, `foreign_table` or `external_table`.") String type) {

		boolean baseTable() {
			return this.type.equals("table") || this.type.equals("partitioned_table");
		}
	}

	/** A column of a table, as the database describes it. */
	@Schema(name = "CatalogColumn")
	record ColumnInfo(
			@Schema(description = "Column name.") String name,
			@Schema(description = "The database's type name, lower case (e.g. `varchar`, `int4`).") String dataType,
			@Schema(description = "The JDBC type code (java.sql.Types).") int jdbcType,
			@Schema(description = "Whether the column accepts NULL.") boolean nullable,
			@Schema(description = "Position in the table, from 1.") int ordinal) {

		/** Binary and large-object columns are classified by name and type only: their values are not sampled. */
		boolean binary() {
			return switch (this.jdbcType) {
				case java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY, java.sql.Types.BLOB -> true;
				default -> this.dataType.equals("bytea") || this.dataType.contains("blob") || this.dataType.equals("binary")
						|| this.dataType.equals("varbinary");
			};
		}
	}

	/** A table named in a classification scope. */
	record TableRef(String schema, String table) implements Comparable<TableRef> {

		String key() {
			return this.schema + "\u0000" + this.table;
		}

		@Override
		public int compareTo(TableRef other) {
			int bySchema = this.schema.compareTo(other.schema);
			return bySchema != 0 ? bySchema : this.table.compareTo(other.table);
		}
	}

	static String tableType(String jdbcType) {
		if (jdbcType == null) {
			return "table";
		}
		return switch (jdbcType.toUpperCase(java.util.Locale.ROOT)) {
			case "TABLE", "BASE TABLE" -> "table";
			case "PARTITIONED TABLE" -> "partitioned_table";
			case "VIEW" -> "view";
			case "MATERIALIZED VIEW" -> "materialized_view";
			case "FOREIGN TABLE" -> "foreign_table";
			case "EXTERNAL TABLE" -> "external_table";
			default -> null;
		};
	}
}
