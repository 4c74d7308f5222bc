package dev.coffer.jobs;

import java.time.OffsetDateTime;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** A job as the API shows it ({@code GET /api/v1/jobs/{id}}). */
@Schema(name = "Job")
public record JobView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "Job type, e.g. `jobs.purge`.") String type,
		@Schema(description = "`queued` (waiting, also between retries), `running`, or a final status: `succeeded`, `failed`, `cancelled`.",
				allowableValues = { "queued", "running", "succeeded", "failed", "cancelled" }) String status,
		@Schema(description = "How far the job got.") Progress progress,
		@Schema(description = "When the job was submitted.") OffsetDateTime createdAt,
		@Schema(description = "When the job first started running; absent while it has not.") OffsetDateTime startedAt,
		@Schema(description = "When the job reached a final status; absent before.") OffsetDateTime finishedAt,
		@Schema(description = "What the job produced, once `succeeded` (its shape depends on the type).") Map<String, Object> result,
		@Schema(description = "Why the job failed (or its last transient failure, while it is retried): a problem object with `type`, `code`, `message`.")
		Map<String, Object> error,
		@Schema(description = "How often the job was started; a retry or a restart after a crash adds one.") int attempts,
		@Schema(description = "Whether a cancellation was requested; a running job stops at its next check.") boolean cancelRequested,
		@Schema(description = "URL that receives the job, signed, when it ends; absent if none was given.") String notifyUrl) {

	/** The job's progress; {@code fraction} is 1 once the job succeeded. */
	@Schema(name = "JobProgress")
	public record Progress(
			@Schema(description = "Items done.") long done,
			@Schema(description = "Items in all; 0 while unknown.") long total,
			@Schema(description = "Share done, 0 to 1.") double fraction) {

		static Progress of(long done, long total, JobStatus status) {
			double fraction = status == JobStatus.SUCCEEDED ? 1.0
					: total > 0 ? Math.min(1.0, Math.max(0.0, (double) done / total)) : 0.0;
			return new Progress(done, total, fraction);
		}
	}
}
