package dev.coffer.tokenization;

import java.util.List;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;

/** The checks every tokenization request shares: batch size and format name. */
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

	/** The named vaulted format; {@code null} when optional and absent. Check {@link FpeFormats} first. */
	static TokenFormat format(String name, boolean required) {
		if (name == null) {
			if (required) {
				throw ValidationFailedException.of("format", "required", "is required");
			}
			return null;
		}
		return TokenFormats.find(name)
			.orElseThrow(() -> ValidationFailedException.of("format", "unknown_format",
					"is not a known format; one of " + String.join(", ", TokenFormats.names()) + ", "
							+ String.join(", ", FpeFormats.names())));
	}
}
