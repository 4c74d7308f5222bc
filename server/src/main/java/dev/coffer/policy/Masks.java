package dev.coffer.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The pure masks, one class per type. Each takes a normalized value ({@link MaskValues#normalize})
 * and keeps its type where it can; what a mask cannot treat gets {@link MaskValues#fullMask}.
 * Text is handled by code points, so a character outside the BMP counts once and is never split.
 */
final class Masks {

	private Masks() {
	}

	/** Base of the masks: normalizes the value and passes NULL through (a mask never invents a value). */
	abstract static class Base implements ValueMask {

		private final MaskingType type;

		Base(MaskingType type) {
			this.type = type;
		}

		@Override
		public MaskingType type() {
			return this.type;
		}

		@Override
		public final Object apply(Object value) {
			Object normalized = MaskValues.normalize(value);
			if (normalized == null) {
				return null;
			}
			try {
				return mask(normalized);
			}
			catch (ArithmeticException ex) {
				return MaskValues.fullMask(normalized);
			}
		}

		abstract Object mask(Object value);

		@Override
		public String toString() {
			return "ValueMask[" + this.type.value() + "]";
		}
	}

	/** {@code no_mask} (ALTR 10000): the value as it is. */
	static final class NoMask extends Base {

		NoMask() {
			super(MaskingType.NO_MASK);
		}

		@Override
		Object mask(Object value) {
			return value;
		}
	}

	/** {@code null}: always NULL. */
	static final class NullMask extends Base {

		NullMask() {
			super(MaskingType.NULL);
		}

		@Override
		Object mask(Object value) {
			return null;
		}
	}

	/** {@code full_mask} (ALTR 10001): see {@link MaskValues#fullMask}. */
	static final class FullMask extends Base implements AsciiTextMask {

		FullMask() {
			super(MaskingType.FULL_MASK);
		}

		@Override
		Object mask(Object value) {
			return MaskValues.fullMask(value);
		}

		@Override
		public void maskAsciiInPlace(byte[] ascii) {
			java.util.Arrays.fill(ascii, (byte) '*');
		}
	}

	/** {@code email} (ALTR 10002): {@code jane.doe@example.com} → {@code ********@example.com}. */
	static final class EmailMask extends Base implements AsciiTextMask {

		EmailMask() {
			super(MaskingType.EMAIL);
		}

		@Override
		public void maskAsciiInPlace(byte[] ascii) {
			int at = -1;
			for (int i = 0; i < ascii.length; i++) {
				if (ascii[i] == '@') {
					if (at >= 0) {
						at = -1;
						break;
					}
					at = i;
				}
			}
			java.util.Arrays.fill(ascii, 0, at <= 0 || at == ascii.length - 1 ? ascii.length : at, (byte) '*');
		}

		@Override
		Object mask(Object value) {
			if (!(value instanceof String text) || MaskValues.emailAt(text) < 0) {
				return MaskValues.fullMask(value);
			}
			int at = MaskValues.emailAt(text);
			return MaskValues.stars(text.codePointCount(0, at)) + text.substring(at);
		}
	}

	/**
	 * {@code last_four} (ALTR 10003): text longer than four characters shows its last four
	 * ({@code ************1111}), shorter text is fully masked; integers keep their last four digits
	 * ({@code 123456789} → {@code 6789}), integers of four digits or fewer become 0.
	 */
	static final class LastFour extends Base implements AsciiTextMask {

		LastFour() {
			super(MaskingType.LAST_FOUR);
		}

		@Override
		public void maskAsciiInPlace(byte[] ascii) {
			int n = ascii.length;
			java.util.Arrays.fill(ascii, 0, n <= 4 ? n : n - 4, (byte) '*');
		}

		@Override
		Object mask(Object value) {
			if (value instanceof String text) {
				int count = text.codePointCount(0, text.length());
				if (count <= 4) {
					return MaskValues.stars(count);
				}
				return MaskValues.stars(count - 4) + text.substring(text.offsetByCodePoints(0, count - 4));
			}
			if (value instanceof BigDecimal number && integral(number)) {
				BigDecimal whole = number.setScale(0, RoundingMode.UNNECESSARY);
				return whole.abs().precision() <= 4 ? BigDecimal.ZERO : whole.remainder(TEN_THOUSAND);
			}
			return MaskValues.fullMask(value);
		}
	}

	/**
	 * {@code first_four}: text longer than four characters shows its first four, shorter text is
	 * fully masked; integers keep their four leading digits and magnitude ({@code 123456789} →
	 * {@code 123400000}), integers of four digits or fewer become 0.
	 */
	static final class FirstFour extends Base implements AsciiTextMask {

		FirstFour() {
			super(MaskingType.FIRST_FOUR);
		}

		@Override
		public void maskAsciiInPlace(byte[] ascii) {
			int n = ascii.length;
			java.util.Arrays.fill(ascii, n <= 4 ? 0 : 4, n, (byte) '*');
		}

		@Override
		Object mask(Object value) {
			if (value instanceof String text) {
				int count = text.codePointCount(0, text.length());
				if (count <= 4) {
					return MaskValues.stars(count);
				}
				return text.substring(0, text.offsetByCodePoints(0, 4)) + MaskValues.stars(count - 4);
			}
			if (value instanceof BigDecimal number && integral(number)) {
				BigDecimal whole = number.setScale(0, RoundingMode.UNNECESSARY);
				int digits = whole.abs().precision();
				if (digits <= 4) {
					return BigDecimal.ZERO;
				}
				BigDecimal unit = BigDecimal.TEN.pow(digits - 4);
				return whole.divide(unit, 0, RoundingMode.DOWN).multiply(unit);
			}
			return MaskValues.fullMask(value);
		}
	}

	/**
	 * {@code constant} (ALTR 10004): the configured constant. On numbers, dates and timestamps it is
	 * used when it parses as that type, else the value becomes NULL: never a value of another type.
	 */
	static final class Constant extends Base {

		private final String text;

		private final BigDecimal number;

		private final Object temporal;

		Constant(String constant) {
			super(MaskingType.CONSTANT);
			this.text = constant;
			this.number = MaskValues.parseNumber(constant);
			this.temporal = MaskValues.parseTemporal(constant);
		}

		@Override
		Object mask(Object value) {
			if (value instanceof String) {
				return this.text;
			}
			if (value instanceof BigDecimal) {
				return this.number;
			}
			if (value instanceof LocalDate) {
				return this.temporal instanceof LocalDate date ? date : null;
			}
			if (value instanceof LocalDateTime) {
				return this.temporal instanceof LocalDateTime dateTime ? dateTime
						: this.temporal instanceof LocalDate date ? date.atStartOfDay() : null;
			}
			if (value instanceof OffsetDateTime) {
				return this.temporal instanceof OffsetDateTime offset ? offset
						: this.temporal instanceof LocalDate date ? date.atStartOfDay().atOffset(ZoneOffset.UTC) : null;
			}
			return null;
		}
	}

	/**
	 * {@code constant_date} (ALTR 10009): the configured date; timestamps get it at midnight (UTC
	 * for offset timestamps), text the ISO date, numbers 0.
	 */
	static final class ConstantDate extends Base {

		private final LocalDate date;

		ConstantDate(LocalDate date) {
			super(MaskingType.CONSTANT_DATE);
			this.date = date;
		}

		@Override
		Object mask(Object value) {
			if (value instanceof LocalDate) {
				return this.date;
			}
			if (value instanceof LocalDateTime) {
				return this.date.atStartOfDay();
			}
			if (value instanceof OffsetDateTime) {
				return this.date.atStartOfDay().atOffset(ZoneOffset.UTC);
			}
			if (value instanceof String) {
				return this.date.toString();
			}
			return MaskValues.fullMask(value);
		}
	}

	/** {@code full_mask_hash} (ALTR 10006): SHA-256 of the whole value's text, lowercase hex. */
	static final class FullMaskHash extends Base {

		FullMaskHash() {
			super(MaskingType.FULL_MASK_HASH);
		}

		@Override
		Object mask(Object value) {
			return MaskValues.sha256Hex(MaskValues.text(value));
		}
	}

	/**
	 * {@code email_hash} (ALTR 10007): the local part becomes its SHA-256 and the domain stays, as
	 * the email mask keeps it ({@code <sha256 of jane.doe>@example.com}): one user joins across
	 * tables, domains still group. A value that is no email address is hashed whole.
	 */
	static final class EmailHash extends Base {

		EmailHash() {
			super(MaskingType.EMAIL_HASH);
		}

		@Override
		Object mask(Object value) {
			String text = MaskValues.text(value);
			int at = value instanceof String ? MaskValues.emailAt(text) : -1;
			if (at < 0) {
				return MaskValues.sha256Hex(text);
			}
			return MaskValues.sha256Hex(text.substring(0, at)) + text.substring(at);
		}
	}

	/**
	 * {@code last_four_hash} (ALTR 10008): the part the last-four mask hides becomes its SHA-256,
	 * the last four stay ({@code <sha256 of 411111111111>1111}); four characters or fewer are hashed
	 * whole.
	 */
	static final class LastFourHash extends Base {

		LastFourHash() {
			super(MaskingType.LAST_FOUR_HASH);
		}

		@Override
		Object mask(Object value) {
			String text = MaskValues.text(value);
			int count = text.codePointCount(0, text.length());
			if (count <= 4) {
				return MaskValues.sha256Hex(text);
			}
			int cut = text.offsetByCodePoints(0, count - 4);
			return MaskValues.sha256Hex(text.substring(0, cut)) + text.substring(cut);
		}
	}

	/**
	 * {@code year_only}: a date or timestamp becomes the first day of its year (timestamps at
	 * midnight, keeping their offset); ISO dates in text likewise, as text.
	 */
	static final class YearOnly extends Base {

		YearOnly() {
			super(MaskingType.YEAR_ONLY);
		}

		@Override
		Object mask(Object value) {
			if (value instanceof String text) {
				Object parsed = MaskValues.parseTemporal(text);
				return parsed == null ? MaskValues.fullMask(value) : mask(parsed).toString();
			}
			if (value instanceof LocalDate date) {
				return LocalDate.of(date.getYear(), 1, 1);
			}
			if (value instanceof LocalDateTime dateTime) {
				return LocalDate.of(dateTime.getYear(), 1, 1).atStartOfDay();
			}
			if (value instanceof OffsetDateTime offset) {
				return LocalDate.of(offset.getYear(), 1, 1).atStartOfDay().atOffset(offset.getOffset());
			}
			return MaskValues.fullMask(value);
		}
	}

	/**
	 * {@code round}: numbers rounded half up to the nearest multiple of {@code round_to}
	 * ({@code 1234.56} to 100 → {@code 1200}); numbers in text likewise, as text.
	 */
	static final class Round extends Base {

		private final BigDecimal to;

		Round(BigDecimal to) {
			super(MaskingType.ROUND);
			this.to = to;
		}

		@Override
		Object mask(Object value) {
			if (value instanceof BigDecimal number && MaskValues.usableNumber(number)) {
				return round(number);
			}
			if (value instanceof String text) {
				BigDecimal number = MaskValues.parseNumber(text);
				return number == null ? MaskValues.fullMask(value) : round(number).toPlainString();
			}
			return MaskValues.fullMask(value);
		}

		private BigDecimal round(BigDecimal number) {
			try {
				BigDecimal rounded = number.divide(this.to, 0, RoundingMode.HALF_UP).multiply(this.to);
				return rounded.signum() == 0 ? BigDecimal.ZERO : rounded.setScale(Math.max(0, rounded.scale()));
			}
			catch (ArithmeticException ex) {
				return BigDecimal.ZERO;
			}
		}
	}

	/**
	 * {@code date_shift}: dates and timestamps moved by a number of days, fixed or derived per
	 * value ({@link DateShift}); ISO dates in text likewise, as text. A date the shift would move
	 * past year 999999999 gets the full mask.
	 */
	static final class DateShiftMask extends Base {

		private final DateShift shift;

		DateShiftMask(DateShift shift) {
			super(MaskingType.DATE_SHIFT);
			this.shift = shift;
		}

		@Override
		Object mask(Object value) {
			try {
				if (value instanceof String text) {
					Object parsed = MaskValues.parseTemporal(text);
					return parsed == null ? MaskValues.fullMask(value) : mask(parsed).toString();
				}
				if (value instanceof LocalDate date) {
					return date.plusDays(this.shift.days(value));
				}
				if (value instanceof LocalDateTime dateTime) {
					return dateTime.plusDays(this.shift.days(value));
				}
				if (value instanceof OffsetDateTime offset) {
					return offset.plusDays(this.shift.days(value));
				}
			}
			catch (DateTimeException ex) {
				// past the supported range
			}
			return MaskValues.fullMask(value);
		}
	}

	private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

	/** An integer within {@link MaskValues#MAX_EXPONENT} (others are no number to the masks). */
	private static boolean integral(BigDecimal number) {
		return MaskValues.usableNumber(number) && (number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0);
	}
}
