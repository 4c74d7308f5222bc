package dev.coffer.policy;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.coffer.api.error.ValidationFailedException.FieldError;

/** A table of a data source; names compare case-insensitively (kept in lower case). */
@Schema(name = "TableRef", description = "A table of a data source.")
public record TableRef(
		@Schema(description = "The data source's id (a UUID).", requiredMode = Schema.RequiredMode.REQUIRED) String dataSourceId,
		@Schema(description = "Schema (case-insensitive).", example = "public", requiredMode = Schema.RequiredMode.REQUIRED) String schema,
		@Schema(description = "Table (case-insensitive).", example = "orders", requiredMode = Schema.RequiredMode.REQUIRED) String table) {

	public TableRef {
		dataSourceId = ColumnRef.lower(dataSourceId);
		schema = ColumnRef.lower(schema);
		table = ColumnRef.lower(table);
	}

	@Override
	public String toString() {
		return this.dataSourceId + "/" + this.schema + "." + this.table;
	}

	static void check(String field, TableRef ref, List<FieldError> errors) {
		if (ref == null) {
			errors.add(new FieldError(field, "required", "is required"));
			return;
		}
		ColumnRef.checkDataSource(field + ".data_source_id", ref.dataSourceId(), errors);
		ColumnRef.checkName(field + ".schema", ref.schema(), false, errors);
		ColumnRef.checkName(field + ".table", ref.table(), false, errors);
	}
}
