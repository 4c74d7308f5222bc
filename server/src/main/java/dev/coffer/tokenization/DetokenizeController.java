package dev.coffer.tokenization;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.policy.alerts.AccessMonitor;

/** {@code POST /api/v1/detokenize}: reveals the values of tokens. */
@Tag(name = "Tokenization")
@RestController
class DetokenizeController {

	private final Vault vault;

	private final VaultlessTokens vaultless;

	private final TokenFormatRegistry formats;

	private final DetokenizeReasons reasons;

	private final AccessMonitor access;

	DetokenizeController(Vault vault, VaultlessTokens vaultless, TokenFormatRegistry formats, DetokenizeReasons reasons,
			AccessMonitor access) {
		this.vault = vault;
		this.vaultless = vaultless;
		this.formats = formats;
		this.reasons = reasons;
		this.access = access;
	}

	@Operation(summary = "Detokenize tokens",
			description = "Answers one value per token, in order; a token that fails gets `null` and an entry in `errors` "
					+ "(`token_not_found`, `token_expired`, `format_mismatch`, `reason_required`, `key_disabled`, `key_destroyed`, `decryption_failed`) while the others are "
					+ "revealed. Tokens of the vaultless formats (`digits-fpe`, `card-fpe`, custom formats in mode `fpe`) are decrypted only when `format` names "
					+ "that format (without it they are looked up in the vault: `token_not_found`); FF1 has no integrity, so an "
					+ "altered FPE token decrypts to another value instead of failing. A format can require a `reason` "
					+ "(`detokenize_requires_reason`, see `/api/v1/token-formats`): without `format`, tokens of such formats fail "
					+ "with `reason_required` and the others are revealed; with `format` naming such a format, the whole request "
					+ "fails with 400 `reason_required` and nothing is revealed. The reason is recorded in the call's audit "
					+ "event. At most " + Batches.MAX_ITEMS + " tokens (413 `payload_too_large`). Needs `tokens:detokenize`.")
	@PostMapping("/api/v1/detokenize")
	DetokenizeResponse detokenize(@RequestBody DetokenizeRequest request) {
		Authz.require(Permission.DETOKENIZE);
		String reason = DetokenizeReasons.checked("reason", request.reason());
		ResolvedFormat format = this.formats.resolve(request.format(), false);
		Batches.checkSize("tokens", request.tokens());
		this.reasons.require(format, reason, request.tokens().size());
		this.access.admit(Caller.current(), request.tokens());
		Vault.Result result;
		if (format != null && format.isVaultless()) {
			result = this.vaultless.detokenize(format.vaultless(), request.tokens(), reason);
		}
		else {
			result = this.vault.detokenize(request.tokens(), format == null ? null : format.vaulted(), reason,
					reason != null ? name -> false : this.formats::requiresReason);
		}
		return new DetokenizeResponse(result.items(), result.errors());
	}

	/** What to reveal. */
	record DetokenizeRequest(
			@Schema(description = "The tokens, at most 10000.", requiredMode = Schema.RequiredMode.REQUIRED) List<String> tokens,
			@Schema(description = "If given, every token must have been issued in this format (else `format_mismatch`); required for the vaultless formats (`digits-fpe`, `card-fpe`, custom `fpe` formats).",
					example = "card") String format,
			@Schema(description = "Why the values are needed (1 to 500 printable characters), recorded in the audit event of the call; required by formats with `detokenize_requires_reason`.",
					example = "Chargeback dispute, ticket OPS-1234") String reason) {

		@Override
		public String toString() {
			return "DetokenizeRequest[format=" + this.format + ", redacted]";
		}
	}

	/** The values, in the order of the tokens. */
	record DetokenizeResponse(
			@Schema(description = "One value per token, in order; null where the token failed.") List<String> values,
			@Schema(description = "The tokens that failed, by index.") List<ItemError> errors) {

		@Override
		public String toString() {
			return "DetokenizeResponse[" + this.values.size() + " values, redacted]";
		}
	}
}
