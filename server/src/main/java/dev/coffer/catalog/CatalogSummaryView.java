package dev.coffer.catalog;

import java.time.OffsetDateTime;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** Counts over a data source's catalogued columns. */
@Schema(name = "DataSourceSummary")
record CatalogSummaryView(
		@Schema(description = "The data source.") String dataSourceId,
		@Schema(description = "Catalogued tables.") long tables,
		@Schema(description = "Catalogued columns.") long columns,
		@Schema(description = "Columns classified at least once.") long columnsClassified,
		@Schema(description = "Columns whose latest classification found a type.") long columnsSensitive,
		@Schema(description = "Columns per detected type, e.g. `{\"email\": 3}`.") Map<String, Long> types,
		@Schema(description = "Columns per tag, e.g. `{\"PII\": 5}`.") Map<String, Long> tags,
		@Schema(description = "Tag proposals awaiting a decision.") long pendingProposals,
		@Schema(description = "The latest classification job; absent before the first.") LastJob lastClassification) {

	/** The latest classification job of the data source. */
	@Schema(name = "DataSourceSummaryJob")
	record LastJob(
			@Schema(description = "Job id.") String jobId,
			@Schema(description = "Job status.") String status,
			@Schema(description = "When it was started.") OffsetDateTime createdAt,
			@Schema(description = "When it ended; absent while it runs.") OffsetDateTime finishedAt,
			@Schema(description = "Its result once it succeeded (see the classification operation).") Map<String, Object> result) {
	}
}
