package dev.coffer.webhooks;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A webhook delivery: one event to one target. Lists leave out {@code payload} and
 * {@code attempt_history}; {@code GET /api/v1/webhooks/deliveries/{id}} fills them.
 */
@Schema(name = "WebhookDelivery")
record DeliveryView(
		@Schema(description = "Identifier (UUIDv7), sent as the `webhook-id` header: receivers use it to drop duplicates.") String id,
		@Schema(description = "The subscription; absent for a `notify_url` delivery.") String subscriptionId,
		@Schema(description = "The target URL.") String url,
		@Schema(description = "The event type.", example = "job.succeeded") String eventType,
		@Schema(description = "`pending` (waiting for its next attempt), `delivered` (a 2xx answer) or `failed` (retries given up after setting `webhooks.retry_hours`).",
				allowableValues = { "pending", "delivered", "failed" }) String status,
		@Schema(description = "Attempts made so far.") int attempts,
		@Schema(description = "When the next attempt is due, while pending.") OffsetDateTime nextAttemptAt,
		@Schema(description = "Creation time.") OffsetDateTime createdAt,
		@Schema(description = "When a 2xx answer came.") OffsetDateTime deliveredAt,
		@Schema(description = "The exact JSON body sent and signed (`{\"type\", \"timestamp\", \"data\"}`); only on a single delivery.")
		@JsonInclude(JsonInclude.Include.NON_NULL) String payload,
		@Schema(description = "Every attempt, oldest first; only on a single delivery.")
		@JsonInclude(JsonInclude.Include.NON_NULL) List<AttemptView> attemptHistory) {

	DeliveryView withDetail(String payload, List<AttemptView> attempts) {
		return new DeliveryView(this.id, this.subscriptionId, this.url, this.eventType, this.status, this.attempts,
				this.nextAttemptAt, this.createdAt, this.deliveredAt, payload, List.copyOf(attempts));
	}
}
