package dev.coffer.tokenization;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Caller;
import dev.coffer.policy.alerts.AccessMonitor;

/**
 * What the warehouse functions share: reading a warehouse's arguments as strings and running them
 * through the {@link Vault} like {@code /api/v1/tokenize} and {@code /api/v1/detokenize} do.
 *
 * <p>A warehouse has no per-row error, so an item that fails (an SQL {@code NULL}, a value the
 * format refuses, an unknown token) comes back as {@code null}, which the warehouse reads as SQL
 * {@code NULL}; the failures are still audited by the vault. A bad request as a whole (unknown
 * format, too many rows, a malformed row) is a 4xx problem.
 */
@Component
class WarehouseBatches {

	private final Vault vault;

	private final VaultlessTokens vaultless;

	private final TokenFormatRegistry formats;

	private final DetokenizeReasons reasons;

	private final AccessMonitor access;

	WarehouseBatches(Vault vault, VaultlessTokens vaultless, TokenFormatRegistry formats, DetokenizeReasons reasons,
			AccessMonitor access) {
		this.vault = vault;
		this.vaultless = vaultless;
		this.formats = formats;
		this.reasons = reasons;
		this.access = access;
	}

	/**
	 * One token per value, in order; {@code null} where the value failed. {@code deterministic} is
	 * {@code null} when the function did not say; a custom format's mode refuses the other value.
	 */
	List<String> tokenize(String field, String format, Boolean deterministic, List<String> values) {
		ResolvedFormat resolved = this.formats.resolve(format, true);
		Batches.checkSize(field, values);
		if (resolved.isVaultless()) {
			// FF1 is deterministic by nature: the joins warehouses want
			return this.vaultless.tokenize(resolved.vaultless(), values).items();
		}
		boolean isDeterministic = resolved.deterministic("deterministic", deterministic);
		return this.vault.tokenize(resolved.vaulted(), values, isDeterministic, null, null).items();
	}

	/**
	 * One value per token, in order; {@code null} where the token failed (a token of a format that
	 * needs a reason, when none was given, too). A named format that needs a reason refuses the
	 * whole batch without one ({@code reason_required}); a principal blocked by an alert rule is
	 * refused ({@code access_blocked}) before anything is revealed.
	 */
	List<String> detokenize(String field, String format, String reason, List<String> tokens) {
		String checked = DetokenizeReasons.checked("reason", reason);
		ResolvedFormat resolved = this.formats.resolve(format, false);
		Batches.checkSize(field, tokens);
		this.reasons.require(resolved, checked, tokens.size());
		this.access.admit(Caller.current(), tokens);
		if (resolved != null && resolved.isVaultless()) {
			return this.vaultless.detokenize(resolved.vaultless(), tokens, checked).items();
		}
		return this.vault.detokenize(tokens, resolved == null ? null : resolved.vaulted(), checked,
				checked != null ? name -> false : this.formats::requiresReason).items();
	}

	/**
	 * The argument at {@code column} of every row: strings as they are, integral numbers as their
	 * decimal digits (a warehouse sends a NUMBER column as a JSON number), anything else as {@code null}.
	 */
	static List<String> column(String field, List<List<Object>> rows, int column) {
		if (rows == null) {
			throw ValidationFailedException.of(field, "required", "is required");
		}
		List<String> values = new ArrayList<>(rows.size());
		for (int i = 0; i < rows.size(); i++) {
			List<Object> row = rows.get(i);
			if (row == null || row.size() <= column) {
				throw ValidationFailedException.of(field + "[" + i + "]", "invalid",
						"must be an array with at least " + (column + 1) + " element" + (column == 0 ? "" : "s"));
			}
			values.add(text(row.get(column)));
		}
		return values;
	}

	/** {@code true}, {@code false} or absent ({@code null}); anything else is refused. */
	static Boolean flag(String name, String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw ValidationFailedException.of(name, "invalid", "must be true or false");
		};
	}

	private static String text(Object argument) {
		if (argument instanceof String text) {
			return text;
		}
		if (argument instanceof Integer || argument instanceof Long || argument instanceof Short
				|| argument instanceof BigInteger) {
			return argument.toString();
		}
		if (argument instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
			return decimal.toBigIntegerExact().toString();
		}
		return null;
	}
}
