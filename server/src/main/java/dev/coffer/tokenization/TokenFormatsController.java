package dev.coffer.tokenization;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/token-formats}: the built-in formats and custom ones. */
@Tag(name = "Token formats", description = "The shapes tokens take. Built-in formats always exist; custom formats define an "
		+ "alphabet, a length, characters kept in clear at the start and end, separators kept in place, Luhn-valid tokens and "
		+ "a mode: `random` or `deterministic` (vaulted) or `fpe` (vaultless FF1-AES-256). Every format, built-in or "
		+ "custom, can require a `reason` to detokenize its tokens. Tokenize and detokenize see a change at once on the "
		+ "node that made it and within 2 seconds on other nodes.")
@RestController
@RequestMapping("/api/v1/token-formats")
class TokenFormatsController {

	private final TokenFormatService formats;

	TokenFormatsController(TokenFormatService formats) {
		this.formats = formats;
	}

	@Operation(summary = "Create a custom token format",
			description = "Defines a format by its shape; `name` is then usable as `format` in tokenize, detokenize and the "
					+ "warehouse functions. A value is read character by character: a character of `separators` is kept where "
					+ "it is, every other one must belong to the alphabet (`alphabet`, a named set, or `alphabet_characters`, "
					+ "2 to 1024 distinct printable characters, in numeral order). `length`, or `min_length` and `max_length` "
					+ "(default 1 to 128), count the alphabet characters only. The first `preserve_prefix` and last "
					+ "`preserve_suffix` of them stay in clear; the others are tokenized. A value that does not fit gets "
					+ "`invalid_value` for its item. `luhn` (alphabet `digits` only) makes tokens pass the Luhn check; with "
					+ "mode `fpe` the values must pass it too (FF1 encrypts the tokenized digits but the last, which becomes the check digit again). "
					+ "`mode`: `random` (default; vaulted, a new token each call; a request's `deterministic: true` is refused), "
					+ "`deterministic` (vaulted, one token per value through the vault's keyed HMAC index; `deterministic: false` "
					+ "and `ttl_seconds` are refused) or `fpe` (vaultless FF1-AES-256 over the alphabet, radix = its size; a key "
					+ "of its own derived from the root key, the name and a random salt; tweak: the name and the characters kept "
					+ "in clear; nothing stored; detokenize needs `format`). The shortest allowed value must leave enough to "
					+ "tokenize: FF1 needs radix^(tokenized length) of at least 1,000,000 (`domain_too_small`, a tenth of that "
					+ "counts with Luhn), a vaulted format at least setting `token_formats.min_token_space` possible tokens "
					+ "(`token_space_too_small`). Unknown fields are refused (`unknown_field`). 409 `name_taken` for an existing "
					+ "name. Audited as `token_format.created`. Needs `token_formats:write`.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreateTokenFormat.class))),
			responses = @ApiResponse(responseCode = "201", description = "The format was created.",
					content = @Content(schema = @Schema(implementation = TokenFormatView.class))))
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<TokenFormatView> create(@RequestBody Map<String, Object> body) {
		Caller caller = Authz.require(Permission.TOKEN_FORMATS_WRITE);
		TokenFormatView created = this.formats.create(body, caller.reference());
		return ResponseEntity.created(URI.create("/api/v1/token-formats/" + created.name())).body(created);
	}

	@Operation(summary = "List token formats",
			description = "The built-in formats first (`builtin: true`, in the order the tokenize operation documents them), "
					+ "then custom formats, oldest first. Needs `token_formats:read`.")
	@GetMapping
	ListResponse<TokenFormatView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.TOKEN_FORMATS_READ);
		return this.formats.list(paging, response);
	}

	@Operation(summary = "Show a token format", description = "A built-in or custom format by name. Needs `token_formats:read`.")
	@GetMapping("/{name}")
	TokenFormatView show(@Parameter(description = "Format name, e.g. `card` or a custom format's.") @PathVariable String name) {
		Authz.require(Permission.TOKEN_FORMATS_READ);
		return this.formats.get(name);
	}

	@Operation(summary = "Update a token format",
			description = "Changes only what is safe once tokens exist: `description` (custom formats; null clears it) and "
					+ "`detokenize_requires_reason` (every format, built-in ones included). Every field that shapes tokens "
					+ "(alphabet, lengths, kept prefix and suffix, separators, Luhn, mode) is refused with `immutable`: tokens "
					+ "already issued, and an FPE format's key and tweak, depend on it; create a new format instead. Audited "
					+ "as `token_format.updated`. Needs `token_formats:write`.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json", schema = @Schema(implementation = UpdateTokenFormat.class))))
	@PatchMapping("/{name}")
	TokenFormatView update(@Parameter(description = "Format name.") @PathVariable String name,
			@RequestBody Map<String, Object> body) {
		Caller caller = Authz.require(Permission.TOKEN_FORMATS_WRITE);
		return this.formats.update(name, body, caller.reference());
	}

	@Operation(summary = "Delete a custom token format",
			description = "A vaulted custom format (`random`, `deterministic`) is refused with 409 `format_in_use` while the "
					+ "vault holds any of its tokens, expired ones included; delete or purge them first. An FPE format stores "
					+ "no tokens, so Coffer cannot know where its tokens are: deleting it destroys its key (derived with a "
					+ "random salt that goes with it), and no token ever issued in it can be detokenized again, not even by a "
					+ "new format of the same name. It therefore needs `confirm` equal to its name (else 400 "
					+ "`validation_failed`, field `confirm`). Built-in formats cannot be deleted (409 `conflict`). Other nodes "
					+ "stop using the format within 2 seconds. Audited as `token_format.deleted`. Needs `token_formats:write`.")
	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Format name.") @PathVariable String name,
			@Parameter(description = "FPE formats only: the format's name again, to confirm that its tokens become irreversible.")
			@RequestParam(name = "confirm", required = false) String confirm) {
		Authz.require(Permission.TOKEN_FORMATS_WRITE);
		this.formats.delete(name, confirm);
	}

	/** The body of a create request (documentation; the body is read field by field). */
	@Schema(name = "CreateTokenFormat")
	record CreateTokenFormat(
			@Schema(description = "2 to 64 characters: lower-case letters, digits, `-`, `_`; not a built-in format's name.",
					example = "account-number", requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(description = "Free text, at most 1024 characters.", example = "Bank account numbers, last 4 kept") String description,
			@Schema(description = "A named alphabet: `digits`, `lower`, `upper`, `letters`, `alphanumeric`, `lower_alphanumeric`, "
					+ "`upper_alphanumeric`, `hex`, `upper_hex`. Either this or `alphabet_characters`.", example = "digits") String alphabet,
			@Schema(description = "Explicit alphabet: 2 to 1024 distinct printable characters (no whitespace), in numeral order.",
					example = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") String alphabetCharacters,
			@Schema(description = "Fixed number of alphabet characters per value (1 to 128); not with min_length/max_length.", example = "12")
			Integer length,
			@Schema(description = "Fewest alphabet characters per value (default 1).", example = "8") Integer minLength,
			@Schema(description = "Most alphabet characters per value (default 128).", example = "17") Integer maxLength,
			@Schema(description = "Leading alphabet characters kept in clear (default 0).", example = "0") Integer preservePrefix,
			@Schema(description = "Trailing alphabet characters kept in clear (default 0).", example = "4") Integer preserveSuffix,
			@Schema(description = "Characters kept in place, neither tokenized nor counted; none of them in the alphabet (default none).",
					example = " -") String separators,
			@Schema(description = "Tokens pass the Luhn check (alphabet digits only); with mode fpe values must pass it too.")
			Boolean luhn,
			@Schema(description = "`random` (default), `deterministic` or `fpe`.", allowableValues = { "random", "deterministic", "fpe" })
			String mode,
			@Schema(description = "Detokenizing this format's tokens needs a `reason` (default false).")
			Boolean detokenizeRequiresReason) {
	}

	/** The body of an update (documentation; the body is read field by field). */
	@Schema(name = "UpdateTokenFormat")
	record UpdateTokenFormat(
			@Schema(description = "Free text, at most 1024 characters; null clears it. Custom formats only.") String description,
			@Schema(description = "Detokenizing this format's tokens needs a `reason`.") Boolean detokenizeRequiresReason) {
	}
}
