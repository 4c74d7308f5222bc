package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * A custom format as stored: its shape never changes after creation, only {@code description} and
 * {@code detokenizeRequiresReason} do. Lengths count the alphabet's characters of a value; kept
 * separators are not counted. Holds no secret (the FPE salt is read separately).
 *
 * @param id time-ordered id (list order)
 * @param alphabetName the named set the alphabet came from, or {@code null} for explicit characters
 * @param alphabet the alphabet's characters, in numeral order
 */
record TokenFormatDefinition(String id, String name, String description, String alphabetName, String alphabet,
		int minLength, int maxLength, int preservePrefix, int preserveSuffix, String separators, boolean luhn,
		Mode mode, boolean detokenizeRequiresReason, OffsetDateTime createdAt, String createdBy,
		OffsetDateTime updatedAt, String updatedBy) {

	/** How a custom format issues tokens; fixed at creation. */
	enum Mode {

		/** Vaulted; a new random token on every call. */
		RANDOM,
		/** Vaulted; one token per value, found through the vault's keyed HMAC index. */
		DETERMINISTIC,
		/** Vaultless; the token is the FF1 encryption of the value, nothing is stored. */
		FPE;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Optional<Mode> fromValue(String value) {
			for (Mode mode : values()) {
				if (mode.value().equals(value)) {
					return Optional.of(mode);
				}
			}
			return Optional.empty();
		}
	}
}
