package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A token format as the API shows it, built-in or custom. The shape fields describe the values a
 * format takes and the tokens it gives (the same shape); a built-in format whose shape they cannot
 * express (uuid, alphanumeric, email, phone's country code) leaves them null and says it in words.
 */
@Schema(name = "TokenFormat")
record TokenFormatView(
		@Schema(description = "The format's name, used as `format` in tokenize and detokenize.", example = "account-number") String name,
		@Schema(description = "True for the formats every Coffer has; only `detokenize_requires_reason` can be changed on them.") boolean builtin,
		@Schema(description = "Free text: what the format is for.") String description,
		@Schema(description = "The shape of values and tokens, in words.") String shape,
		@Schema(description = "`random` (vaulted, a new token each call), `deterministic` (vaulted, one token per value) or `fpe` (vaultless FF1, nothing stored).",
				allowableValues = { "random", "deterministic", "fpe" }) String mode,
		@Schema(description = "True when a tokenize request's `deterministic: true` switches to deterministic tokens (the built-in vaulted formats); custom formats fix their mode.")
		boolean deterministicOnRequest,
		@Schema(description = "True when nothing is stored: the token is an FF1 encryption and detokenize needs `format`.") boolean vaultless,
		@Schema(description = "The named alphabet (`digits`, `lower`, `upper`, `letters`, `alphanumeric`, `lower_alphanumeric`, `upper_alphanumeric`, `hex`, `upper_hex`), `custom` for explicit characters; null where it does not apply.",
				example = "digits") String alphabet,
		@Schema(description = "The alphabet's characters in numeral order (FF1 numeral i is the i-th character).", example = "0123456789")
		String alphabetCharacters,
		@Schema(description = "Fixed number of alphabet characters in a value (separators not counted); null when the length varies.", example = "12")
		Integer length,
		@Schema(description = "Fewest alphabet characters in a value.", example = "12") Integer minLength,
		@Schema(description = "Most alphabet characters in a value.", example = "12") Integer maxLength,
		@Schema(description = "Leading alphabet characters kept in clear in the token.", example = "0") Integer preservePrefix,
		@Schema(description = "Trailing alphabet characters kept in clear in the token.", example = "4") Integer preserveSuffix,
		@Schema(description = "Characters kept in place, not tokenized and not counted.", example = "-") String separators,
		@Schema(description = "Tokens pass the Luhn check (and, with `fpe`, values must).") Boolean luhn,
		@Schema(description = "Detokenizing a token of this format needs a `reason`; without one the item fails with `reason_required`.")
		boolean detokenizeRequiresReason,
		@Schema(description = "Creation time; null for built-in formats.") OffsetDateTime createdAt,
		@Schema(description = "Who created it; null for built-in formats.") String createdBy,
		@Schema(description = "Last change; null for a built-in format never changed.") OffsetDateTime updatedAt,
		@Schema(description = "Who changed it last.") String updatedBy) {

	private static final String DIGITS = Alphabets.DIGITS;

	private static final String ALPHANUMERIC = Alphabets.named("alphanumeric").orElseThrow();

	/** The built-in formats as documented in the tokenize operation, in that order; reason flags off. */
	static final List<TokenFormatView> BUILTINS = List.of(
			builtin("uuid", "Random UUID tokens for any value.", "Any non-empty value; the token is a random UUID (version 4).", null, null, null, null, null,
					null, null, null),
			builtin("alphanumeric", "Random alphanumeric tokens for any value.", "Any non-empty value; the token is 24 random characters [A-Za-z0-9].", "alphanumeric",
					ALPHANUMERIC, null, null, null, null, null, null),
			builtin("digits", "Digit strings of any length up to 64.", "1 to 64 digits; the token has as many random digits.", "digits", DIGITS, 1, 64, 0, 0, "",
					false),
			builtin("card", "Payment card numbers, vaulted.", "A payment card number: 13 to 19 digits, spaces and dashes kept in place, last four kept; tokens pass the Luhn check.",
					"digits", DIGITS, 13, 19, 0, 4, " -", true),
			builtin("ssn", "US social security numbers.", "A US social security number, ddd-dd-dddd or 9 digits; shape and last four kept.", "digits",
					DIGITS, 9, 9, 0, 4, "-", false),
			builtin("email", "Email addresses, domain kept.", "An email address: the local part becomes random lower-case letters and digits (at least 8), the domain is kept, lower-cased; at most 128 characters.",
					null, null, null, null, null, null, null, null),
			builtin("phone", "Phone numbers, country code kept.", "A phone number, E.164 (+ and country code) or national, with spaces, dashes, dots and parentheses: 7 to 15 digits; the +, the country code, every separator and the last two digits are kept.",
					"digits", DIGITS, 7, 15, null, 2, " ().-+", false),
			builtin("digits-fpe", "Digit strings, vaultless.", "Vaultless FF1-AES-256: 6 to 64 digits, the token is their encryption, same length.",
					"digits", DIGITS, 6, 64, 0, 0, "", false),
			builtin("card-fpe", "Payment card numbers, vaultless.", "Vaultless FF1-AES-256: a payment card number, 13 to 19 digits, spaces and dashes kept in place, last four kept; the digits before them are encrypted (tokens need not pass Luhn).",
					"digits", DIGITS, 13, 19, 0, 4, " -", false));

	private static TokenFormatView builtin(String name, String description, String shape, String alphabet, String characters,
			Integer minLength, Integer maxLength, Integer prefix, Integer suffix, String separators, Boolean luhn) {
		boolean fpe = name.endsWith("-fpe");
		Integer length = minLength != null && minLength.equals(maxLength) ? minLength : null;
		return new TokenFormatView(name, true, description, shape, fpe ? "fpe" : "random", !fpe, fpe, alphabet, characters, length,
				minLength, maxLength, prefix, suffix, separators, luhn, false, null, null, null, null);
	}

	/** A custom format's view. */
	static TokenFormatView of(TokenFormatDefinition d) {
		return new TokenFormatView(d.name(), false, d.description(), CustomShape.describe(d) + ".", d.mode().value(), false,
				d.mode() == TokenFormatDefinition.Mode.FPE, d.alphabetName() != null ? d.alphabetName() : "custom",
				d.alphabet(), d.minLength() == d.maxLength() ? d.minLength() : null, d.minLength(), d.maxLength(),
				d.preservePrefix(), d.preserveSuffix(), d.separators(), d.luhn(), d.detokenizeRequiresReason(),
				d.createdAt(), d.createdBy(), d.updatedAt(), d.updatedBy());
	}

	/** This built-in view with its stored settings. */
	TokenFormatView withSettings(TokenFormatStore.BuiltinSettings settings) {
		if (settings == null) {
			return this;
		}
		return new TokenFormatView(this.name, this.builtin, this.description, this.shape, this.mode, this.deterministicOnRequest,
				this.vaultless, this.alphabet, this.alphabetCharacters, this.length, this.minLength, this.maxLength,
				this.preservePrefix, this.preserveSuffix, this.separators, this.luhn, settings.detokenizeRequiresReason(),
				null, null, settings.updatedAt(), settings.updatedBy());
	}
}
