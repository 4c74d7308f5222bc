package dev.coffer.webhooks;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** One attempt to deliver a webhook. */
@Schema(name = "WebhookAttempt")
record AttemptView(
		@Schema(description = "1 for the first attempt.") int number,
		@Schema(description = "When the attempt started.") OffsetDateTime attemptedAt,
		@Schema(description = "The receiver's HTTP status; absent when no response came.") Integer httpStatus,
		@Schema(description = "Why the attempt failed: `http_status` (not 2xx), `timeout`, `connection_failed`, `webhook_target_forbidden`, `send_failed`; absent on success.") String errorCode,
		@Schema(description = "A short description of the failure.") String errorText,
		@Schema(description = "How long the attempt took, in milliseconds.") long durationMs) {
}
