package dev.coffer.policy.alerts;

import java.time.OffsetDateTime;

/**
 * An alert rule as stored: a {@code rate} rule ({@code maxValues} within {@code windowSeconds}) or
 * a {@code time_window} rule ({@code window}), for one principal ({@code principalId}) or every
 * principal carrying {@code role}, with action {@code notify} or {@code block}. Holds no value.
 */
record Rule(String id, String name, String description, String kind, Long maxValues, Long windowSeconds,
		TimeWindow window, String principalId, String role, String action, boolean enabled,
		OffsetDateTime createdAt, OffsetDateTime updatedAt, String createdBy) {

	static final String RATE = "rate";

	static final String TIME_WINDOW = "time_window";

	static final String NOTIFY = "notify";

	static final String BLOCK = "block";

	boolean isRate() {
		return RATE.equals(this.kind);
	}

	boolean blocks() {
		return BLOCK.equals(this.action);
	}

	/** Whether a change from {@code previous} to this rule invalidates the counts kept so far. */
	boolean countsDifferFrom(Rule previous) {
		return !this.kind.equals(previous.kind) || !java.util.Objects.equals(this.windowSeconds, previous.windowSeconds)
				|| !java.util.Objects.equals(this.principalId, previous.principalId)
				|| !java.util.Objects.equals(this.role, previous.role);
	}
}
