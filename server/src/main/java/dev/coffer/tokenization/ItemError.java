package dev.coffer.tokenization;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.coffer.api.error.ErrorCode;

/** Why one item of a batch failed; the other items are unaffected. Never holds a value or a token. */
@Schema(name = "TokenItemError", description = "A failed item of a batch: its index, a stable code (documented at /api/errors/{code}) and a message.")
record ItemError(
		@Schema(description = "Zero-based index of the item in the request.", example = "3") int index,
		@Schema(description = "Stable error code.", example = "invalid_value") String code,
		@Schema(description = "What is wrong; never echoes the value or the token.") String message) {

	static ItemError of(int index, ErrorCode code, String message) {
		return new ItemError(index, code.code(), message);
	}
}
