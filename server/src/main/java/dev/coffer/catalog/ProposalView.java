package dev.coffer.catalog;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A tag a classification proposed for a column. */
@Schema(name = "TagProposal")
record ProposalView(
		@Schema(description = "Identifier.") String id,
		@Schema(description = "The data source.") String dataSourceId,
		@Schema(description = "The catalogued column.") String columnId,
		@Schema(description = "Schema name.") String schema,
		@Schema(description = "Table name.") String table,
		@Schema(description = "Column name.") String column,
		@Schema(description = "Proposed tag.") String tag,
		@Schema(description = "Proposed value; absent for none.") String value,
		@Schema(description = "The detected type behind the proposal.") String detectedType,
		@Schema(description = "The classification's confidence, 0 to 1.") Double confidence,
		@Schema(description = "`pending` (awaits a decision), `approved`, `rejected` (not proposed again while the detected type stays), or `applied` (applied automatically).",
				allowableValues = { "pending", "approved", "rejected", "applied" }) String status,
		@Schema(description = "The classification job that made it.") String jobId,
		@Schema(description = "When it was proposed.") OffsetDateTime proposedAt,
		@Schema(description = "When it was decided.") OffsetDateTime decidedAt,
		@Schema(description = "Who decided it (a principal reference, or `system`).") String decidedBy) {
}
