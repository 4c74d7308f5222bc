package dev.coffer.policy.alerts;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** An alert as the API shows it. It holds counts and times, never a protected value. */
@Schema(name = "Alert")
record AlertView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "The rule that tripped (it may since have changed or been deleted).") String ruleId,
		@Schema(description = "The rule's name when the alert opened.") String ruleName,
		@Schema(description = "`rate` or `time_window`.", allowableValues = { "rate", "time_window" }) String kind,
		@Schema(description = "`notify` or `block`.", allowableValues = { "notify", "block" }) String action,
		@Schema(description = "The principal that tripped the rule, as a reference `kind:id`.", example = "service_account:0191...")
		String principal,
		@Schema(description = "The principal's id.") String principalId,
		@Schema(description = "`administrator`, `service_account` or `oidc_user`.") String principalKind,
		@Schema(description = "The principal's name.") String principalName,
		@Schema(description = "`open`, `acknowledged` (someone is on it; a block stays) or `resolved` (final; a block is lifted).",
				allowableValues = { "open", "acknowledged", "resolved" }) String status,
		@Schema(description = "Whether the principal is blocked by this alert now: action `block` and not resolved.") boolean blocking,
		@Schema(description = "What tripped the rule first, e.g. `1001 protected values within 3600 s (the rule allows 1000)`.")
		String reason,
		@Schema(description = "What tripped the rule most recently.") String lastReason,
		@Schema(description = "How often the rule tripped for this principal while the alert was not resolved (1 when it opened).")
		long hits,
		@Schema(description = "Rate rules: protected values counted in the window at the latest trip.") Long observedValues,
		@Schema(description = "Rate rules: the values the rule allowed.") Long maxValues,
		@Schema(description = "Rate rules: the window in seconds.") Long windowSeconds,
		@Schema(description = "When the rule first tripped.") OffsetDateTime openedAt,
		@Schema(description = "When the rule last tripped.") OffsetDateTime lastSeenAt,
		@Schema(description = "When it was acknowledged.") OffsetDateTime acknowledgedAt,
		@Schema(description = "Who acknowledged it.") String acknowledgedBy,
		@Schema(description = "When it was resolved.") OffsetDateTime resolvedAt,
		@Schema(description = "Who resolved it.") String resolvedBy,
		@Schema(description = "Why it was resolved, as the resolver wrote.") String resolution) {
}
