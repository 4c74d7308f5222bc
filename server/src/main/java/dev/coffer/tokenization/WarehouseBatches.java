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

	private final AccessMonitor access;

	WarehouseBatches(Vault vault, VaultlessTokens vaultless, AccessMonitor access) {
		this.vault = vault;
		this.vaultless = vaultless;
		this.access = access;
	}

	/** One token per value, in order; {@code null} where the value failed. */
	List<String> tokenize(String field, String format, boolean deterministic, List<String> values) {
		java.util.Optional<FpeFormats.FpeFormat> fpe = FpeFormats.find(format);
		if (fpe.isPresent()) {
			// FF1 is deterministic by nature: the joins warehouses want
			Batches.checkSize(field, values);
			return this.vaultless.tokenize(fpe.get(), values).items();
		}
		TokenFormat tokenFormat = Batches.format(format, true);
		Batches.checkSize(field, values);
		return this.vault.tokenize(tokenFormat, values, deterministic, null, null).items();
	}

	/**
	 * One value per token, in order; {@code null} where the token failed. A principal blocked by an
	 * alert rule is refused ({@code access_blocked}) before anything is revealed.
	 */
	List<String> detokenize(String field, String format, List<String> tokens) {
		java.util.Optional<FpeFormats.FpeFormat> fpe = FpeFormats.find(format);
		if (fpe.isPresent()) {
			Batches.checkSize(field, tokens);
			this.access.admit(Caller.current(), tokens);
			return this.vaultless.detokenize(fpe.get(), tokens).items();
		}
		TokenFormat tokenFormat = Batches.format(format, false);
		Batches.checkSize(field, tokens);
		this.access.admit(Caller.current(), tokens);
		return this.vault.detokenize(tokens, tokenFormat).items();
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

	/** {@code true}, {@code false} or absent (false); anything else is refused. */
	static boolean flag(String name, String value) {
		if (value == null || value.isEmpty()) {
			return false;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
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
