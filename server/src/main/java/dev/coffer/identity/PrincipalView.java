package dev.coffer.identity;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A principal as the API shows it. */
@Schema(name = "Principal")
record PrincipalView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "Kind of principal.", allowableValues = { "administrator", "service_account" }) String kind,
		@Schema(description = "Unique name within its kind.") String name,
		@Schema(description = "Display name (administrators).") String displayName,
		@Schema(description = "E-mail address (administrators).") String email,
		@Schema(description = "Free text.") String description,
		@Schema(description = "`active` or `disabled`; a disabled principal's keys are refused.", allowableValues = { "active", "disabled" }) String status,
		@Schema(description = "Creation time.") OffsetDateTime createdAt,
		@Schema(description = "Last change.") OffsetDateTime updatedAt) {
}
