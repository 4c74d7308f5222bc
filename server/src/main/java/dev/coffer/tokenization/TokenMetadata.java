package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the vault knows about one token, never its value. */
@Schema(name = "TokenMetadata", description = "What the vault knows about a token; never its value.")
record TokenMetadata(
		@Schema(description = "The format the token was issued in.", example = "card") String format,
		@Schema(description = "`random` (a new token per tokenize call) or `deterministic` (one token per value and format).",
				allowableValues = { "random", "deterministic" }, example = "random") String mode,
		@Schema(description = "The version of keyring `tokens` whose data key encrypts the value.", example = "1") int keyVersion,
		@Schema(description = "That version's status now: `active`, `decrypt_only`, `disabled` or `destroyed`.",
				allowableValues = { "active", "decrypt_only", "disabled", "destroyed" }, example = "active") String keyStatus,
		@Schema(description = "`live` (detokenizes), `expired` (past `expires_at`: detokenize answers `token_expired`), "
				+ "`key_destroyed` or `key_disabled` (its key version is; detokenize answers the same code).",
				allowableValues = { TokenManagement.LIVE, TokenManagement.EXPIRED, TokenManagement.KEY_DESTROYED,
						TokenManagement.KEY_DISABLED }, example = "live") String status,
		@Schema(description = "When the token was issued (UTC).") OffsetDateTime createdAt,
		@Schema(description = "When the token expires (UTC); absent for tokens issued without `ttl_seconds`.") OffsetDateTime expiresAt,
		@Schema(description = "The JSON object given as `metadata` when the token was issued; absent if none.")
		Map<String, Object> metadata) {

	/** The caller's metadata is theirs: never printed. */
	@Override
	public String toString() {
		return "TokenMetadata[format=" + this.format + ", " + this.mode + ", v" + this.keyVersion + ", " + this.status
				+ ", redacted]";
	}
}
