package dev.coffer.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * Every masking type, declared from the most permissive to the least: when several policies or
 * roles give a principal different masks for one column, the one declared first wins.
 *
 * <p>The order, and why: {@code no_mask} shows the stored value and {@code detokenize} the
 * original behind a token (both clear; {@code no_mask} first because it is the policy author's
 * "unrestricted"). Then the masks that keep the value usable for analysis: {@code date_shift}
 * (every detail, a few days off), {@code round}, {@code year_only}, {@code regex_replace} (partial,
 * author-defined). Then the masks that show part of the value in clear: {@code email} before
 * {@code last_four} because on the email columns both are meant for, the email mask shows the
 * whole domain while the last four characters are the end of that same domain, so it reveals a
 * superset; {@code last_four} before {@code first_four} because both show four characters and the
 * last four are the conventional display (PCI DSS, SSN) while the first four often identify the
 * issuer or area. Then the masks that reveal only equality (joins, counts) and perhaps a kept
 * part: {@code tokenize} (a format-preserving token may keep a card's last four), {@code email_hash}
 * (domain kept), {@code last_four_hash}, {@code full_mask_hash}. Then the masks that reveal
 * nothing but keep a usable value a steward chose, {@code constant_date} and {@code constant},
 * then {@code full_mask} (every character hidden) and finally {@code null}.
 *
 * <p>ALTR's numeric ids are accepted as aliases of the ALTR types.
 */
public enum MaskingType {

	NO_MASK("no_mask", 10000),
	DETOKENIZE("detokenize", null),
	DATE_SHIFT("date_shift", null),
	ROUND("round", null),
	YEAR_ONLY("year_only", null),
	REGEX_REPLACE("regex_replace", null),
	EMAIL("email", 10002),
	LAST_FOUR("last_four", 10003),
	FIRST_FOUR("first_four", null),
	TOKENIZE("tokenize", null),
	EMAIL_HASH("email_hash", 10007),
	LAST_FOUR_HASH("last_four_hash", 10008),
	FULL_MASK_HASH("full_mask_hash", 10006),
	CONSTANT_DATE("constant_date", 10009),
	CONSTANT("constant", 10004),
	FULL_MASK("full_mask", 10001),
	NULL("null", null);

	private final String value;

	private final Integer altrId;

	MaskingType(String value, Integer altrId) {
		this.value = value;
		this.altrId = altrId;
	}

	/** The type's name in the API, e.g. {@code last_four}. */
	public String value() {
		return this.value;
	}

	/** ALTR's numeric id of the type, or {@code null} for types ALTR does not have. */
	public Integer altrId() {
		return this.altrId;
	}

	/** 0 for the most permissive type; a smaller rank wins. */
	public int rank() {
		return ordinal();
	}

	/** How a column under this mask is shown: {@code clear}, {@code masked} or {@code null}. */
	public String disposition() {
		return switch (this) {
			case NO_MASK, DETOKENIZE -> "clear";
			case NULL -> "null";
			default -> "masked";
		};
	}

	/** By name ({@code last_four}, case-insensitive) or ALTR id ({@code 10003}, as text). */
	public static Optional<MaskingType> find(String nameOrId) {
		if (nameOrId == null) {
			return Optional.empty();
		}
		String wanted = nameOrId.trim().toLowerCase(Locale.ROOT);
		for (MaskingType type : values()) {
			if (type.value.equals(wanted) || (type.altrId != null && type.altrId.toString().equals(wanted))) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}
}
