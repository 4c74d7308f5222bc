package dev.coffer.catalog;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** One rule of the detected-type-to-tag mapping. */
@Schema(name = "TagMapping")
record TagMappingView(
		@Schema(description = "Identifier.") String id,
		@Schema(description = "The detected type this rule applies to, e.g. `email`.") String detectedType,
		@Schema(description = "The tag proposed for a column of that type.") String tag,
		@Schema(description = "The value the tag is proposed with; absent for none.") String value,
		@Schema(description = "When several rules of one detected type give the same tag, the highest priority applies (ties: the oldest).") int priority,
		@Schema(description = "When the rule was created (or seeded).") OffsetDateTime createdAt,
		@Schema(description = "When it last changed.") OffsetDateTime updatedAt) {
}
