package dev.coffer.tokenization;

import java.util.List;
import java.util.Map;
import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.Times;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/** {@code POST /api/v1/tokenize}: replaces sensitive values by tokens kept in the vault. */
@Tag(name = "Tokenization", description = "Vaulted tokens: values are encrypted in the vault, callers keep only tokens.")
@RestController
class TokenizeController {

	static final long MAX_TTL_SECONDS = 10L * 366 * 24 * 3600;

	static final int MAX_METADATA_CHARS = 4096;

	private final Vault vault;

	private final VaultlessTokens vaultless;

	private final JsonMapper json;

	private final TokenFormatRegistry formats;

	TokenizeController(Vault vault, VaultlessTokens vaultless, JsonMapper json, TokenFormatRegistry formats) {
		this.vault = vault;
		this.vaultless = vaultless;
		this.json = json;
		this.formats = formats;
	}

	@Operation(summary = "Tokenize values",
			description = "Answers one token per value, in order; a value that fails gets `null` and an entry in `errors` "
					+ "(`invalid_value`, `token_space_exhausted`, `domain_too_small`) while the others are tokenized. Duplicate values in one "
					+ "request get one token. Formats: `uuid`, `alphanumeric` (24 characters), `digits` (1 to 64 digits, "
					+ "same length), `card` (13 to 19 digits, separators and last four kept, Luhn valid), `ssn` "
					+ "(ddd-dd-dddd or 9 digits, last four kept), `email` (random local part, domain kept), `phone` "
					+ "(country code, separators and last two digits kept). Vaultless formats, FF1-AES-256 (NIST SP 800-38G), "
					+ "nothing stored: `digits-fpe` (6 to 64 digits, same length; shorter values get `domain_too_small`) and "
					+ "`card-fpe` (13 to 19 digits, separators and last four kept; a token may or may not pass Luhn, so Luhn cannot tell tokens from cards, and with the card prefix and last four known a token can be guessed back in few tries: use the vaulted `card` format where that matters); always deterministic, "
					+ "without `ttl_seconds` or `metadata`. Custom formats (`/api/v1/token-formats`): their own alphabet, length, "
					+ "kept prefix and suffix, separators and Luhn, in the mode they were created with: `random` (refuses "
					+ "`deterministic: true`), `deterministic` (refuses `deterministic: false` and `ttl_seconds`) or `fpe` "
					+ "(vaultless like `digits-fpe`). At most " + Batches.MAX_ITEMS
					+ " values (413 `payload_too_large`). Needs `tokens:tokenize`.")
	@PostMapping("/api/v1/tokenize")
	TokenizeResponse tokenize(@RequestBody TokenizeRequest request) {
		Authz.require(Permission.TOKENIZE);
		ResolvedFormat format = this.formats.resolve(request.format(), true);
		if (format.isVaultless()) {
			return tokenizeVaultless(format, request);
		}
		Batches.checkSize("values", request.values());
		boolean deterministic = format.deterministic("deterministic", request.deterministic());
		OffsetDateTime expiresAt = null;
		if (request.ttlSeconds() != null) {
			if (deterministic) {
				throw ValidationFailedException.of("ttl_seconds", "conflict",
						"cannot be combined with deterministic: a deterministic token is shared and does not expire");
			}
			if (request.ttlSeconds() < 1 || request.ttlSeconds() > MAX_TTL_SECONDS) {
				throw ValidationFailedException.of("ttl_seconds", "out_of_range",
						"must be between 1 and " + MAX_TTL_SECONDS);
			}
			expiresAt = Times.now().plusSeconds(request.ttlSeconds());
		}
		String metadata = null;
		if (request.metadata() != null) {
			metadata = this.json.writeValueAsString(request.metadata());
			if (metadata.length() > MAX_METADATA_CHARS) {
				throw ValidationFailedException.of("metadata", "too_long",
						"must serialize to at most " + MAX_METADATA_CHARS + " characters of JSON");
			}
		}
		Vault.Result result = deterministic
				? this.vault.tokenize(format.vaulted(), request.values(), true, expiresAt, metadata)
				: this.vault.tokenizeShared(format.vaulted(), request.values(), expiresAt, metadata);
		return new TokenizeResponse(result.items(), result.errors());
	}

	/** FF1 tokens are deterministic and stored nowhere: no random mode, no expiry, no metadata. */
	private TokenizeResponse tokenizeVaultless(ResolvedFormat format, TokenizeRequest request) {
		Batches.checkSize("values", request.values());
		format.deterministic("deterministic", request.deterministic());
		if (request.ttlSeconds() != null) {
			throw ValidationFailedException.of("ttl_seconds", "not_supported",
					"is not supported for format '" + format.name() + "': vaultless tokens are stored nowhere and cannot expire");
		}
		if (request.metadata() != null) {
			throw ValidationFailedException.of("metadata", "not_supported",
					"is not supported for format '" + format.name() + "': vaultless tokens are stored nowhere");
		}
		Vault.Result result = this.vaultless.tokenize(format.vaultless(), request.values());
		return new TokenizeResponse(result.items(), result.errors());
	}

	/** What to tokenize. */
	record TokenizeRequest(
			@Schema(description = "Token format: uuid, alphanumeric, digits, card, ssn, email, phone (vaulted), digits-fpe, card-fpe (vaultless FF1), or a custom format's name (GET /api/v1/token-formats).", example = "card",
					requiredMode = Schema.RequiredMode.REQUIRED) String format,
			@Schema(description = "The values, at most 10000.", example = "[\"4111 1111 1111 1111\"]",
					requiredMode = Schema.RequiredMode.REQUIRED) List<String> values,
			@Schema(description = "Same value and format give the same token on every call (default false: a new random token each call). A custom format's mode decides it: mode random refuses true, modes deterministic and fpe refuse false.")
			Boolean deterministic,
			@Schema(description = "Seconds until the tokens expire (detokenize then answers `token_expired`); not with deterministic.",
					example = "86400") Long ttlSeconds,
			@Schema(description = "A JSON object stored with each token (at most 4096 characters as JSON); never logged or audited.")
			Map<String, Object> metadata) {

		@Override
		public String toString() {
			return "TokenizeRequest[format=" + this.format + ", redacted]";
		}
	}

	/** The tokens, in the order of the values. */
	record TokenizeResponse(
			@Schema(description = "One token per value, in order; null where the value failed.") List<String> tokens,
			@Schema(description = "The values that failed, by index.") List<ItemError> errors) {

		/** Tokens can carry part of a value (a card's last four): never printed. */
		@Override
		public String toString() {
			return "TokenizeResponse[" + this.tokens.size() + " tokens, " + this.errors.size() + " errors, redacted]";
		}
	}
}
