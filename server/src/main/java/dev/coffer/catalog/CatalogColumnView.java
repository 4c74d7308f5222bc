package dev.coffer.catalog;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A catalogued column with its latest classification and its tags. */
@Schema(name = "DataSourceColumn")
record CatalogColumnView(
		@Schema(description = "Identifier of the catalogued column.") String id,
		@Schema(description = "Schema name (for MariaDB and MySQL, the database).") String schema,
		@Schema(description = "Table name.") String table,
		@Schema(description = "Column name.") String column,
		@Schema(description = "The database's type name, lower case.") String dataType,
		@Schema(description = "The latest classification; absent while the column was never classified.") Classification classification,
		@Schema(description = "The column's tags, by name, each with where it came from.") List<ColumnTagView> tags) {

	CatalogColumnView withTags(List<ColumnTagView> tags) {
		return new CatalogColumnView(this.id, this.schema, this.table, this.column, this.dataType, this.classification, tags);
	}

	/** What the latest classification found. Sampled values are never stored. */
	@Schema(name = "ColumnClassification")
	record Classification(
			@Schema(description = "The detected type (e.g. `email`), or null when the column was not found sensitive.") String type,
			@Schema(description = "Confidence in the type, 0 to 1 (0 without a type).") double confidence,
			@Schema(description = "Share of the non-null sampled values that matched the type, 0 to 1.") double matchRate,
			@Schema(description = "Non-null values sampled.") int sampleSize,
			@Schema(description = "Sampled rows where the column was NULL.") int nullCount,
			@Schema(description = "What the verdict used, e.g. `value_pattern`, `checksum:luhn`, `column_name:email`, `data_type:varchar`; never a value.") List<String> evidence,
			@Schema(description = "When the column was classified.") OffsetDateTime classifiedAt,
			@Schema(description = "The classification job.") String jobId) {
	}

	/** A tag on the column and its origin. */
	@Schema(name = "ColumnTag")
	record ColumnTagView(
			@Schema(description = "Tag name.") String name,
			@Schema(description = "The tag's value on this column; absent for none.") String value,
			@Schema(description = "`manual` (assigned by hand), `classification` (applied automatically) or `proposal` (a proposal someone approved).",
					allowableValues = { "manual", "classification", "proposal" }) String source,
			@Schema(description = "The detected type that led to the tag (classification and proposal only).") String detectedType,
			@Schema(description = "The classification job that led to the tag (classification and proposal only).") String jobId,
			@Schema(description = "Who assigned or approved it (a principal reference), or `system` for a classification.") String assignedBy,
			@Schema(description = "When.") OffsetDateTime assignedAt) {
	}
}
