package dev.coffer.identity;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** An API key as the API shows it: never its secret. */
@Schema(name = "ApiKey")
record ApiKeyView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "Key name: the HTTP Basic username.") String name,
		@Schema(description = "The principal the key belongs to.") String principalId,
		@Schema(description = "Free text.") String description,
		@Schema(description = "Roles the key carries.") List<String> roles,
		@Schema(description = "`active`, `disabled`, `revoked`, or `expired` once past `expires_at`.",
				allowableValues = { "active", "disabled", "revoked", "expired" }) String status,
		@Schema(description = "When the key stops working; absent for no expiry.") OffsetDateTime expiresAt,
		@Schema(description = "Creation time.") OffsetDateTime createdAt,
		@Schema(description = "Last change.") OffsetDateTime updatedAt,
		@Schema(description = "Last successful authentication (recorded at most once a minute per node).") OffsetDateTime lastUsedAt,
		@Schema(description = "When the key was revoked.") OffsetDateTime revokedAt,
		@Schema(description = "During a rotation overlap: when the previous secret stops working.") OffsetDateTime previousSecretExpiresAt,
		@Schema(description = "Free-form data roles (lower case) that masking and row policies match, besides the platform `roles`.",
				example = "[\"analyst\"]") List<String> dataRoles) {
}
