package dev.coffer.policy;

import java.util.Locale;

/**
 * A tag on a column, as the catalog keeps it: a name and an optional value (e.g. {@code pii} with
 * value {@code email}). Both compare case-insensitively (kept in lower case).
 */
public record ColumnTag(String name, String value) {

	public ColumnTag {
		name = name == null ? null : name.trim().toLowerCase(Locale.ROOT);
		value = value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
	}
}
