package dev.coffer.policy.alerts;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** An alert rule as the API shows it. */
@Schema(name = "AlertRule")
@JsonInclude(JsonInclude.Include.NON_NULL)
record RuleView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "Unique name.") String name,
		@Schema(description = "Free text.") String description,
		@Schema(description = "`rate` or `time_window`.", allowableValues = { "rate", "time_window" }) String kind,
		@Schema(description = "The limit of a `rate` rule.") RuleInput.Rate rate,
		@Schema(description = "The allowed window of a `time_window` rule.") RuleInput.Window timeWindow,
		@Schema(description = "Whom the rule watches: `principal_id` or `role`.") RuleInput.Target target,
		@Schema(description = "`notify` or `block`.", allowableValues = { "notify", "block" }) String action,
		@Schema(description = "Whether the rule counts and trips.") boolean enabled,
		@Schema(description = "Creation time.") OffsetDateTime createdAt,
		@Schema(description = "Last change.") OffsetDateTime updatedAt,
		@Schema(description = "Who created it, e.g. `administrator:0191...`.") String createdBy) {

	static RuleView of(Rule rule) {
		TimeWindow window = rule.window();
		return new RuleView(rule.id(), rule.name(), rule.description(), rule.kind(),
				rule.isRate() ? new RuleInput.Rate(rule.maxValues(), rule.windowSeconds()) : null,
				window == null ? null : new RuleInput.Window(window.dayCodes(), window.startText(), window.endText(), window.zoneId()),
				new RuleInput.Target(rule.principalId(), rule.role()), rule.action(), rule.enabled(), rule.createdAt(),
				rule.updatedAt(), rule.createdBy());
	}
}
