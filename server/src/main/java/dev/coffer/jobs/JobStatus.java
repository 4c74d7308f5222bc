package dev.coffer.jobs;

import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life: {@code queued} and {@code running} are live, the others final. */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	/** The status as the API and the store spell it, e.g. {@code succeeded}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether the job has ended and will not change again. */
	public boolean finished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	public static Optional<JobStatus> fromValue(String value) {
		for (JobStatus status : values()) {
			if (status.value().equals(value)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}
}
