package dev.coffer.policy.alerts;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A note on an alert. */
@Schema(name = "AlertNote")
record NoteView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "The alert.") String alertId,
		@Schema(description = "The note's text.") String text,
		@Schema(description = "Who wrote it, as a reference `kind:id`.") String author,
		@Schema(description = "The author's name.") String authorName,
		@Schema(description = "When it was written.") OffsetDateTime createdAt) {
}
