package dev.coffer.tokenization;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/**
 * {@code /api/v1/tokens}: metadata of vaulted tokens, the live check, deletion by token and
 * forgetting a value. Each single-token operation has a batch form with per-item results.
 */
@Tag(name = "Tokens", description = "Vaulted tokens themselves: metadata, live check, delete, forget a value, expired-token purge.")
@RestController
class TokensController {

	/** How a token travels in a URL path; said once for every single-token operation. */
	static final String PATH_TOKEN = "The token, percent-encoded as a URL path segment (RFC 3986, UTF-8): a space is `%20`, "
			+ "`?` is `%3F`, `#` is `%23`; `+`, `(`, `)`, `@` and the other sub-delimiters may stay as they are or be "
			+ "encoded. A token that holds `/`, `\\`, `%` or `;` cannot travel in a path (refused with 400 even encoded, "
			+ "against path-confusion attacks; of the built-in formats only an `email` token can, through its domain): "
			+ "use the batch form. Proxies often log paths; the batch forms keep tokens in the body.";

	private final TokenManagement tokens;

	private final TokenFormatRegistry formats;

	TokensController(TokenManagement tokens, TokenFormatRegistry formats) {
		this.tokens = tokens;
		this.formats = formats;
	}

	@Operation(summary = "Show a token's metadata",
			description = "The token's format, mode, key version and its status, creation and expiry times, the caller's "
					+ "`metadata` and a `status` (`live`, `expired`, `key_destroyed`, `key_disabled`); never the value. "
					+ "An expired token keeps answering until the purge job deletes it (`tokens.expired_grace_hours`). "
					+ "404 `token_not_found` for a token the vault does not hold, including vaultless FPE tokens "
					+ "(`digits-fpe`, `card-fpe`), which are stored nowhere. Audited with counts as `tokens.metadata_read`. "
					+ "Needs `tokens:read`.")
	@GetMapping("/api/v1/tokens/{token}/metadata")
	TokenMetadata metadata(@Parameter(description = PATH_TOKEN, example = "4111%201111%201111%201111") @PathVariable String token) {
		Authz.require(Permission.TOKENS_READ);
		TokenManagement.Batch<TokenMetadata> result = this.tokens.metadata(List.of(token));
		if (result.items().get(0) == null) {
			throw new ApiException(ErrorCode.TOKEN_NOT_FOUND, "No such token exists");
		}
		return result.items().get(0);
	}

	@Operation(summary = "Show the metadata of tokens",
			description = "The batch form of `GET /api/v1/tokens/{token}/metadata`: one entry per token, in order; a token "
					+ "the vault does not hold gets `null` and an entry in `errors` (`token_not_found`; `invalid_value` for "
					+ "null or empty). At most " + Batches.MAX_ITEMS + " tokens (413 `payload_too_large`). Needs `tokens:read`.")
	@PostMapping("/api/v1/tokens/metadata")
	MetadataResponse metadataBatch(@RequestBody TokensRequest request) {
		Authz.require(Permission.TOKENS_READ);
		Batches.checkSize("tokens", request.tokens());
		TokenManagement.Batch<TokenMetadata> result = this.tokens.metadata(request.tokens());
		return new MetadataResponse(result.items(), result.errors());
	}

	@Operation(summary = "Check whether strings are live tokens",
			description = "One result per string, in order: `live` true when it is a vaulted token that detokenizes now; "
					+ "`status` says why not (`expired`, `key_destroyed`, `key_disabled`, or `not_found` for a string that "
					+ "is not a token of the vault, null and empty included). Cheap: nothing is decrypted. Vaultless FPE "
					+ "tokens are stored nowhere and answer `not_found` (any string of their shape decrypts). At most "
					+ Batches.MAX_ITEMS + " strings (413 `payload_too_large`). Audited with counts as `tokens.checked`. "
					+ "Needs `tokens:read`.")
	@PostMapping("/api/v1/tokens/check")
	CheckResponse check(@RequestBody TokensRequest request) {
		Authz.require(Permission.TOKENS_READ);
		Batches.checkSize("tokens", request.tokens());
		return new CheckResponse(this.tokens.check(request.tokens()));
	}

	@Operation(summary = "Delete a token",
			description = "Deletes the token and its encrypted value: detokenize answers `token_not_found` from now on. "
					+ "Deleting a deterministic token frees its value: the next deterministic tokenize of it issues a new "
					+ "token. Answers 204; 404 `token_not_found` if the vault holds no such token (vaultless FPE tokens are "
					+ "stored nowhere and cannot be deleted). Audited with counts as `tokens.deleted`. Needs `tokens:delete`.")
	@DeleteMapping("/api/v1/tokens/{token}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = PATH_TOKEN, example = "4111%201111%201111%201111") @PathVariable String token) {
		Authz.require(Permission.TOKENS_DELETE);
		if (!this.tokens.delete(List.of(token)).items().get(0)) {
			throw new ApiException(ErrorCode.TOKEN_NOT_FOUND, "No such token exists");
		}
	}

	@Operation(summary = "Delete tokens",
			description = "The batch form of `DELETE /api/v1/tokens/{token}`: `deleted` holds one entry per token, in "
					+ "order; a token the vault does not hold gets `false` and an entry in `errors` (`token_not_found`; "
					+ "`invalid_value` for null or empty). A token listed twice is deleted once and reported `true` twice. "
					+ "At most " + Batches.MAX_ITEMS + " tokens (413 `payload_too_large`). Audited with counts as "
					+ "`tokens.deleted`. Needs `tokens:delete`.")
	@PostMapping("/api/v1/tokens/delete")
	DeleteResponse deleteBatch(@RequestBody TokensRequest request) {
		Authz.require(Permission.TOKENS_DELETE);
		Batches.checkSize("tokens", request.tokens());
		TokenManagement.Batch<Boolean> result = this.tokens.delete(request.tokens());
		return new DeleteResponse(result.items(), result.errors());
	}

	@Operation(summary = "Forget values (right to be forgotten)",
			description = "Deletes the deterministic token of each value in `format`, found through the value's keyed HMAC: "
					+ "`forgotten` holds one entry per value, in order, `true` where a token was deleted. A value without a "
					+ "deterministic token gets `false` and `token_not_found`; a value the format refuses gets `invalid_value`. "
					+ "Random-mode tokens carry no HMAC, by design (two random tokens of one value cannot be linked), so they "
					+ "cannot be found by value: delete them by token. A later deterministic tokenize of a forgotten value "
					+ "issues a new token. The vaultless formats `digits-fpe` and `card-fpe` store nothing and are refused "
					+ "(`validation_failed`). At most " + Batches.MAX_ITEMS + " values (413 `payload_too_large`). Audited with "
					+ "counts as `tokens.forgotten`. Needs `tokens:delete`.")
	@PostMapping("/api/v1/tokens/forget")
	ForgetResponse forget(@RequestBody ForgetRequest request) {
		Authz.require(Permission.TOKENS_DELETE);
		ResolvedFormat resolved = this.formats.resolve(request.format(), true);
		if (resolved.isVaultless()) {
			throw ValidationFailedException.of("format", "not_supported", "is a vaultless format: its tokens are stored "
					+ "nowhere, so there is nothing to delete (an FPE token decrypts as long as its format exists)");
		}
		TokenFormat format = resolved.vaulted();
		Batches.checkSize("values", request.values());
		TokenManagement.Batch<Boolean> result = this.tokens.forget(format, request.values());
		return new ForgetResponse(result.items(), result.errors());
	}

	/** Tokens to look at or delete. */
	record TokensRequest(
			@Schema(description = "The tokens, at most 10000.", requiredMode = Schema.RequiredMode.REQUIRED) List<String> tokens) {

		@Override
		public String toString() {
			return "TokensRequest[redacted]";
		}
	}

	/** The metadata of each token, in order. */
	record MetadataResponse(
			@Schema(description = "One entry per token, in order; null where the token failed.") List<TokenMetadata> items,
			@Schema(description = "The tokens that failed, by index.") List<ItemError> errors) {
	}

	/** Whether each string is a live token, in order. */
	record CheckResponse(@Schema(description = "One result per string, in order.") List<TokenCheck> results) {
	}

	/** Which tokens were deleted, in order. */
	record DeleteResponse(
			@Schema(description = "One entry per token, in order: whether it was deleted.") List<Boolean> deleted,
			@Schema(description = "The tokens that were not deleted, by index.") List<ItemError> errors) {
	}

	/** The values to forget. */
	record ForgetRequest(
			@Schema(description = "The format the values were tokenized in, deterministically.", example = "email",
					requiredMode = Schema.RequiredMode.REQUIRED) String format,
			@Schema(description = "The values, at most 10000.", example = "[\"jane.doe@example.com\"]",
					requiredMode = Schema.RequiredMode.REQUIRED) List<String> values) {

		@Override
		public String toString() {
			return "ForgetRequest[format=" + this.format + ", redacted]";
		}
	}

	/** Which values were forgotten, in order. */
	record ForgetResponse(
			@Schema(description = "One entry per value, in order: whether its deterministic token was deleted.") List<Boolean> forgotten,
			@Schema(description = "The values whose token was not deleted, by index.") List<ItemError> errors) {
	}
}
