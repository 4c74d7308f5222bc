package dev.coffer.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled masking type with its parameters, applied to a column's values. Values are typed:
 * {@link String} (text), {@link java.math.BigDecimal} (numbers; other {@link Number}s are
 * converted), {@link java.time.LocalDate}, {@link java.time.LocalDateTime},
 * {@link java.time.OffsetDateTime}, {@link Boolean}, or {@code null}; a {@code double} NaN or infinity
 * stays a {@link Double} and binary values ({@code byte[]}) stay as they are: {@code no_mask} shows
 * them, the hashes and {@code tokenize} see their text ({@code NaN}, {@code Infinity}; binary values
 * as lowercase hex), other masks give NULL. A mask keeps the value's type
 * where it can (a date mask gives a date, {@code round} a number); a value a mask cannot treat
 * (an email mask on a number, a date mask on text that is no ISO date) gets {@code full_mask}
 * instead, which keeps the type. Hashes give text (lowercase hex SHA-256 of UTF-8).
 */
public interface ValueMask {

	/** The masking type. */
	MaskingType type();

	/** The masked value of one value. */
	Object apply(Object value);

	/** The masked values, in order: one call for a column's batch (tokenizing masks call the vault once). */
	default List<Object> applyAll(List<?> values) {
		List<Object> out = new ArrayList<>(values.size());
		for (Object value : values) {
			out.add(apply(value));
		}
		return out;
	}
}
