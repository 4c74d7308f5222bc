package dev.coffer.webhooks;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A webhook subscription as the API shows it: never its secret. */
@Schema(name = "WebhookSubscription")
record SubscriptionView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "Where deliveries are POSTed (http or https).", example = "https://hooks.example.com/coffer") String url,
		@Schema(description = "Event types this subscription receives.", example = "[\"job.succeeded\", \"job.failed\"]") List<String> eventTypes,
		@Schema(description = "Free text.") String description,
		@Schema(description = "`active` receives events; `disabled` receives none.", allowableValues = { "active", "disabled" }) String status,
		@Schema(description = "Creation time.") OffsetDateTime createdAt,
		@Schema(description = "Last change.") OffsetDateTime updatedAt,
		@Schema(description = "Who created it, e.g. `administrator:0191...`.") String createdBy,
		@Schema(description = "During a secret rotation overlap: when the previous secret stops signing.") OffsetDateTime previousSecretExpiresAt) {
}
