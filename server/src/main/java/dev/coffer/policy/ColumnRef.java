package dev.coffer.policy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.coffer.api.error.ValidationFailedException.FieldError;

/**
 * A column of a data source: the catalog's {@code {data_source_id, schema, table, column}}. Names
 * compare case-insensitively (kept in lower case), as the warehouses fold unquoted identifiers. In
 * a column policy, {@code schema}, {@code table} and {@code column} may each be {@code *} (any),
 * e.g. {@code {schema: "*", table: "customers", column: "email"}}; {@code data_source_id} never.
 */
@Schema(name = "ColumnRef", description = "A column of a data source.")
public record ColumnRef(
		@Schema(description = "The data source's id (a UUID).", example = "0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
				requiredMode = Schema.RequiredMode.REQUIRED) String dataSourceId,
		@Schema(description = "Schema (case-insensitive); `*` for any schema in a column policy.", example = "public",
				requiredMode = Schema.RequiredMode.REQUIRED) String schema,
		@Schema(description = "Table (case-insensitive); `*` for any table in a column policy.", example = "customers",
				requiredMode = Schema.RequiredMode.REQUIRED) String table,
		@Schema(description = "Column (case-insensitive); `*` for every column in a column policy.", example = "email",
				requiredMode = Schema.RequiredMode.REQUIRED) String column) {

	static final String ANY = "*";

	static final int MAX_NAME = 255;

	static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	public ColumnRef {
		dataSourceId = lower(dataSourceId);
		schema = lower(schema);
		table = lower(table);
		column = lower(column);
	}

	/** The table of this column. */
	public TableRef tableRef() {
		return new TableRef(this.dataSourceId, this.schema, this.table);
	}

	@Override
	public String toString() {
		return this.dataSourceId + "/" + this.schema + "." + this.table + "." + this.column;
	}

	static String lower(String name) {
		return name == null ? null : name.toLowerCase(Locale.ROOT);
	}

	/** Adds the problems of {@code ref} under {@code field}; wildcards only when {@code wildcards}. */
	static void check(String field, ColumnRef ref, boolean wildcards, List<FieldError> errors) {
		if (ref == null) {
			errors.add(new FieldError(field, "required", "is required"));
			return;
		}
		checkDataSource(field + ".data_source_id", ref.dataSourceId(), errors);
		checkName(field + ".schema", ref.schema(), wildcards, errors);
		checkName(field + ".table", ref.table(), wildcards, errors);
		checkName(field + ".column", ref.column(), wildcards, errors);
	}

	static void checkDataSource(String field, String id, List<FieldError> errors) {
		if (id == null) {
			errors.add(new FieldError(field, "required", "is required"));
		}
		else if (!UUID.matcher(id).matches()) {
			errors.add(new FieldError(field, "invalid_format", "must be a data source id (a UUID)"));
		}
	}

	static void checkName(String field, String name, boolean wildcard, List<FieldError> errors) {
		if (name == null || name.isEmpty()) {
			errors.add(new FieldError(field, "required", "is required"));
		}
		else if (name.length() > MAX_NAME) {
			errors.add(new FieldError(field, "too_long", "must be at most " + MAX_NAME + " characters"));
		}
		else if (name.chars().anyMatch(Character::isISOControl)) {
			errors.add(new FieldError(field, "invalid_format", "must not contain control characters"));
		}
		else if (!wildcard && name.contains(ANY)) {
			errors.add(new FieldError(field, "wildcard_not_allowed", "must name one object; '*' is not allowed here"));
		}
		else if (wildcard && name.contains(ANY) && !name.equals(ANY)) {
			errors.add(new FieldError(field, "invalid_wildcard", "'*' must stand alone (the whole name), not inside a name"));
		}
	}
}
