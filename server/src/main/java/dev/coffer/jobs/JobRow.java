package dev.coffer.jobs;

import java.time.OffsetDateTime;

/** One row of the {@code jobs} table; JSON columns as text. */
record JobRow(String id, String type, JobStatus status, String params, long progressDone, long progressTotal,
		String checkpoint, String result, String error, int attempts, OffsetDateTime runAfter, String leaseOwner,
		OffsetDateTime leaseExpiresAt, boolean cancelRequested, String createdBy, String notifyUrl,
		OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {

	@Override
	public String toString() {
		// params, checkpoint and result may describe data: keep them out of logs
		return "JobRow[id=" + this.id + ", type=" + this.type + ", status=" + this.status.value() + ", attempts="
				+ this.attempts + "]";
	}
}
