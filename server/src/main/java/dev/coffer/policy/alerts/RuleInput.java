package dev.coffer.policy.alerts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An alert rule as a client sends it: every field on creation (defaults aside), only the fields
 * to change on an update. Checked by {@link RuleService}, which names each bad field.
 */
@Schema(name = "AlertRuleInput")
record RuleInput(
		@Schema(description = "Unique name (1 to 128 characters). Required on creation.", example = "bulk reveal by ETL")
		String name,
		@Schema(description = "Free text, at most 1024 characters.") String description,
		@Schema(description = "`rate`: more than `rate.max_values` protected values within `rate.window_seconds` trips the rule. "
				+ "`time_window`: access outside `time_window` trips it. Required on creation.",
				allowableValues = { "rate", "time_window" }, example = "rate")
		String kind,
		@Schema(description = "The limit of a `rate` rule; required with kind `rate`, absent otherwise.") Rate rate,
		@Schema(description = "The allowed window of a `time_window` rule; required with kind `time_window`, absent otherwise.")
		Window timeWindow,
		@Schema(description = "Whom the rule watches: exactly one of `principal_id` or `role`. Required on creation.")
		Target target,
		@Schema(description = "`notify` opens an alert and sends webhook `alert.fired`; `block` also refuses the principal's "
				+ "detokenize and warehouse detokenize functions (403 `access_blocked`) until an administrator resolves the alert. "
				+ "Required on creation.", allowableValues = { "notify", "block" }, example = "block")
		String action,
		@Schema(description = "A disabled rule counts and trips nothing. Default true.") Boolean enabled) {

	/** A rate limit. */
	@Schema(name = "AlertRuleRate")
	record Rate(
			@Schema(description = "Protected values allowed within the window, 1 to 10^12; one more trips the rule.", example = "1000")
			Long maxValues,
			@Schema(description = "The window in seconds, 1 to 2592000 (30 days); a sliding window counted in about twelve "
					+ "sub-buckets, so its effective length is within one twelfth of this.", example = "3600")
			Long windowSeconds) {
	}

	/** An allowed time window. */
	@Schema(name = "AlertRuleTimeWindow")
	record Window(
			@Schema(description = "Days the window starts on: `MON` to `SUN`.", example = "[\"MON\", \"TUE\", \"WED\", \"THU\", \"FRI\"]")
			List<String> days,
			@Schema(description = "Start, `HH:MM` (24-hour), inclusive.", example = "08:00") String start,
			@Schema(description = "End, `HH:MM` (24-hour), exclusive. Not after `start` means the window wraps midnight into the next day "
					+ "(`22:00` to `06:00`); it must differ from `start`.", example = "18:00")
			String end,
			@Schema(description = "IANA time zone the times are in.", example = "Europe/Berlin") String timeZone) {
	}

	/** Whom a rule watches. */
	@Schema(name = "AlertRuleTarget")
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Target(
			@Schema(description = "A principal's id (administrator, service account, or an OIDC user's subject).")
			String principalId,
			@Schema(description = "A role: every principal whose key or token carries it is watched, each counted on its own.",
					example = "detokenizer")
			String role) {
	}
}
