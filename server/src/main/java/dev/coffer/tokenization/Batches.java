package dev.coffer.tokenization;

import java.util.List;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;

/** The check every tokenization request shares: the batch size ({@link TokenFormatRegistry} finds formats). */
final class Batches {

	/** Items per tokenize or detokenize request. */
	static final int MAX_ITEMS = 10_000;

	private Batches() {
	}

	/** @throws ApiException {@code payload_too_large} above {@link #MAX_ITEMS}; {@code validation_failed} if absent */
	static void checkSize(String field, List<String> items) {
		if (items == null) {
			throw ValidationFailedException.of(field, "required", "is required");
		}
		if (items.size() > MAX_ITEMS) {
			throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
					"At most " + MAX_ITEMS + " " + field + " per request; this one has " + items.size());
		}
	}
}
