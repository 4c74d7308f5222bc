package dev.coffer.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A column name cut into lower-case whole words: on {@code _}, {@code -}, {@code .}, spaces,
 * camelCase humps and letter/digit changes ({@code billingAddress2} is {@code billing address 2}).
 * A name word counts only as a whole word, never as a substring: {@code lic} is not in
 * {@code public}, {@code zip} is not in {@code zipper}.
 */
final class ColumnName {

	/** Words that may follow a type's name word without changing what the column holds. */
	static final Set<String> GENERIC_SUFFIXES = Set.of("number", "num", "no", "nr", "nbr", "value", "val", "txt", "text",
			"str", "string", "raw", "plain", "clear", "full", "primary", "secondary", "main", "alt", "alternate",
			"home", "work", "personal", "business", "mobile", "other", "old", "new", "current", "prev", "previous");

	/**
	 * Last words that make a column describe something about a sensitive value rather than hold it:
	 * {@code email_verified}, {@code zip_count}, {@code phone_type}, {@code card_hash}, {@code created_at}.
	 */
	static final Set<String> DECOY_HEADS = Set.of("count", "cnt", "counter", "total", "sum", "qty", "quantity",
			"amount", "avg", "min", "max", "id", "ids", "uuid", "guid", "key", "hash", "hashed", "md5", "sha",
			"sha1", "sha256", "sha512", "checksum", "digest", "crc", "version", "ver", "rev", "revision",
			"verified", "confirmed", "enabled", "disabled", "valid", "validated", "active", "flag", "opt", "optin",
			"optout", "consent", "at", "ts", "time", "timestamp", "created", "updated", "modified", "deleted",
			"type", "kind", "status", "state", "format", "length", "len", "size", "sku", "seq", "sequence", "index",
			"idx", "rank", "score", "attempts", "retries", "port", "mask", "masked", "last4", "suffix", "prefix",
			"domain", "provider", "brand", "country", "region", "source", "label", "category", "expiry", "exp",
			"year", "month", "day");

	/** Words that make a column a flag or a measure whatever it is about ({@code is_email}, {@code has_phone}). */
	static final Set<String> DECOY_LEADS = Set.of("is", "has", "num", "count", "total", "n", "nb", "no");

	private final List<String> words;

	private ColumnName(List<String> words) {
		this.words = words;
	}

	static ColumnName of(String name) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		char previous = 0;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!Character.isLetterOrDigit(c)) {
				flush(word, words);
			}
			else {
				boolean hump = Character.isUpperCase(c) && previous != 0 && (Character.isLowerCase(previous)
						|| (Character.isUpperCase(previous) && i + 1 < name.length()
								&& Character.isLowerCase(name.charAt(i + 1))));
				boolean digitChange = previous != 0 && Character.isLetterOrDigit(previous)
						&& Character.isDigit(c) != Character.isDigit(previous);
				if (hump || digitChange) {
					flush(word, words);
				}
				word.append(Character.toLowerCase(c));
			}
			previous = Character.isLetterOrDigit(c) ? c : 0;
		}
		flush(word, words);
		return new ColumnName(List.copyOf(words));
	}

	private static void flush(StringBuilder word, List<String> words) {
		if (!word.isEmpty()) {
			words.add(word.toString().toLowerCase(Locale.ROOT));
			word.setLength(0);
		}
	}

	List<String> words() {
		return this.words;
	}

	/**
	 * The name word of {@code detector} that this column name ends with (allowing the detector's own
	 * and the generic suffixes after it), or null. {@code email_address} and {@code phone_number_2}
	 * name their type; {@code email_verified} and {@code zip_count} do not.
	 */
	String hint(Detector detector) {
		Set<String> names = detector.nameWords();
		Set<String> suffixes = detector.nameSuffixes();
		for (int i = this.words.size() - 1; i >= 0; i--) {
			String word = this.words.get(i);
			if (names.contains(word)) {
				if (i > 0 && (DECOY_LEADS.contains(this.words.get(0))
						|| detector.nameBlockers().contains(this.words.get(i - 1)))) {
					return null;
				}
				return word;
			}
			boolean suffix = suffixes.contains(word) || GENERIC_SUFFIXES.contains(word) || isNumber(word);
			if (!suffix) {
				return null;
			}
		}
		return null;
	}

	/** The last word when it makes the column about a value rather than the value ({@code verified}). */
	String decoyHead() {
		if (this.words.isEmpty()) {
			return null;
		}
		String last = this.words.get(this.words.size() - 1);
		if (DECOY_HEADS.contains(last)) {
			return last;
		}
		return this.words.size() > 1 && DECOY_LEADS.contains(this.words.get(0)) ? this.words.get(0) : null;
	}

	private static boolean isNumber(String word) {
		for (int i = 0; i < word.length(); i++) {
			if (!Character.isDigit(word.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return String.join("_", this.words);
	}
}
