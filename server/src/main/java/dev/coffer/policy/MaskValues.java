package dev.coffer.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/** Helpers the masks share: typed values, the typed full mask, hashing, code points. */
final class MaskValues {

	static final LocalDate EPOCH_DATE = LocalDate.of(1970, 1, 1);

	/**
	 * The largest power of ten masks treat as a number, either way: a number with more than this
	 * many digits after the point ({@code scale}) or before it ({@code precision - scale}), such as
	 * {@code 1e999999999}, would take gigabytes as plain digits or overflow {@link BigDecimal}'s
	 * arithmetic. Such a value is no number to the masks (full mask) nor to the preview.
	 */
	static final int MAX_EXPONENT = 1000;

	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	});

	private MaskValues() {
	}

	/** The value in one of the types masks handle (see {@link ValueMask}); other types unchanged. */
	static Object normalize(Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return BigDecimal.valueOf(((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			// NaN and the infinities are no decimal: kept as they are (no_mask shows them, other masks give NULL)
			return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : Double.valueOf(d);
		}
		if (value instanceof BigInteger big) {
			return new BigDecimal(big);
		}
		if (value instanceof Instant instant) {
			return instant.atOffset(ZoneOffset.UTC);
		}
		if (value instanceof java.sql.Timestamp timestamp) {
			return timestamp.toLocalDateTime();
		}
		if (value instanceof java.sql.Date date) {
			return date.toLocalDate();
		}
		return value;
	}

	/**
	 * The strictest mask short of NULL, keeping the type: text gets one {@code *} per character
	 * (code point), numbers 0 (with their scale), dates 1970-01-01, timestamps 1970-01-01T00:00
	 * (UTC), booleans false; other types NULL.
	 */
	static Object fullMask(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof String text) {
			return stars(text.codePointCount(0, text.length()));
		}
		if (value instanceof BigDecimal number) {
			return usableNumber(number) ? BigDecimal.ZERO.setScale(Math.max(0, number.scale())) : BigDecimal.ZERO;
		}
		if (value instanceof LocalDate) {
			return EPOCH_DATE;
		}
		if (value instanceof LocalDateTime) {
			return EPOCH_DATE.atStartOfDay();
		}
		if (value instanceof OffsetDateTime) {
			return EPOCH_DATE.atStartOfDay().atOffset(ZoneOffset.UTC);
		}
		if (value instanceof Boolean) {
			return Boolean.FALSE;
		}
		return null;
	}

	static String stars(int count) {
		return "*".repeat(Math.max(0, count));
	}

	/** Lowercase hex SHA-256 of the UTF-8 bytes, as the warehouses' {@code SHA2(x, 256)}. */
	static String sha256Hex(String text) {
		MessageDigest digest = SHA256.get();
		digest.reset();
		return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The value as text: numbers in plain notation (past {@link #MAX_EXPONENT}, in scientific
	 * notation, which stays short), dates and timestamps in ISO 8601, binary values in lowercase hex.
	 */
	static String text(Object value) {
		if (value instanceof BigDecimal number) {
			return usableNumber(number) ? number.toPlainString() : number.toString();
		}
		if (value instanceof byte[] bytes) {
			return HexFormat.of().formatHex(bytes);
		}
		return String.valueOf(value);
	}

	/** The index of the {@code @} of an email address ({@code local@domain}, one {@code @}), or -1. */
	static int emailAt(String text) {
		int at = text.indexOf('@');
		if (at <= 0 || at != text.lastIndexOf('@') || at == text.length() - 1) {
			return -1;
		}
		return at;
	}

	/** An ISO 8601 date, date-time or offset date-time in text, or {@code null} when it is none. */
	static Object parseTemporal(String text) {
		if (text.length() < 10 || text.length() > 40) {
			return null;
		}
		try {
			if (text.length() == 10) {
				return LocalDate.parse(text);
			}
			char last = text.charAt(text.length() - 1);
			boolean offset = last == 'Z' || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10;
			return offset ? OffsetDateTime.parse(text) : LocalDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** A decimal number in text within {@link #MAX_EXPONENT}, or {@code null}. */
	static BigDecimal parseNumber(String text) {
		if (text.isEmpty() || text.length() > 100) {
			return null;
		}
		try {
			BigDecimal number = new BigDecimal(text.trim());
			return usableNumber(number) ? number : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Whether masks treat {@code number} as a number: at most {@link #MAX_EXPONENT} digits either side of the point. */
	static boolean usableNumber(BigDecimal number) {
		long scale = number.scale();
		return Math.abs(scale) <= MAX_EXPONENT && (long) number.precision() - scale <= MAX_EXPONENT;
	}
}
