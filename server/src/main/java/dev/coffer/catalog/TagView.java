package dev.coffer.catalog;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A tag as the API shows it. */
@Schema(name = "Tag")
record TagView(
		@Schema(description = "Identifier.") String id,
		@Schema(description = "Name, unique regardless of case.", example = "PII") String name,
		@Schema(description = "Free text.") String description,
		@Schema(description = "The values an assignment may carry; absent when any value (or none) is accepted.") List<String> allowedValues,
		@Schema(description = "Built-in tags (`PII`, `PCI`, `PHI`, `CREDENTIAL`) cannot be deleted or restricted.") boolean builtIn,
		@Schema(description = "Columns carrying the tag.") long columnCount,
		@Schema(description = "When the tag was created.") OffsetDateTime createdAt,
		@Schema(description = "When it last changed.") OffsetDateTime updatedAt,
		@Schema(description = "Who created it.") String createdBy) {
}
