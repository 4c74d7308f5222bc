package dev.coffer.tokenization;

import io.swagger.v3.oas.annotations.media.Schema;

/** Whether one string is a live token of the vault. */
@Schema(name = "TokenCheck", description = "Whether a string is a live token of the vault.")
record TokenCheck(
		@Schema(description = "True when the string is a vaulted token that detokenizes now (status `live`).") boolean live,
		@Schema(description = "`live`, `expired`, `key_destroyed`, `key_disabled`, or `not_found` for a string that is not "
				+ "a token of the vault (never issued, deleted, purged, or a vaultless FPE token, which is stored nowhere).",
				allowableValues = { TokenManagement.LIVE, TokenManagement.EXPIRED, TokenManagement.KEY_DESTROYED,
						TokenManagement.KEY_DISABLED, TokenManagement.NOT_FOUND }, example = "live") String status) {
}
