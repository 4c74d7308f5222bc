package dev.coffer.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Locale;

import dev.coffer.policy.AccessDecision;
import dev.coffer.policy.AsciiTextMask;
import dev.coffer.policy.MaskingType;
import dev.coffer.policy.ValueMask;
import dev.coffer.query.QueryAnalyzer.Origin;

/**
 * One column of a governed query's result: its name and type as the database answers them, where
 * it comes from, and the mask its values get on the way out. Values are read in the types the
 * masks know ({@link ValueMask}): text, numbers, dates and timestamps, booleans, bytes; anything
 * else (arrays, JSON, UUIDs, intervals) as its text.
 */
final class ResultColumn {

	private enum Reader {
		TEXT, OBJECT, DATE, TIMESTAMP, TIMESTAMP_TZ, BYTES, NUMBER_TEXT, NUMBER_BYTES, TEXT_BYTES
	}

	final String name;

	final String type;

	final Origin origin;

	private final Reader reader;

	/** The mask to apply, or {@code null} for values shown as stored. */
	private ValueMask mask;

	private AccessDecision decision;

	/**
	 * @param driverText whether the driver hands this column's values over as the database's own text,
	 * so that {@link ResultSet#getBytes} gives the UTF-8 bytes {@link ResultSet#getString} would decode
	 * (PostgreSQL's text format; pgjdbc switches some types to binary once a statement is prepared on
	 * the server, and then this is {@code false})
	 */
	ResultColumn(String name, String type, int jdbcType, Origin origin, boolean driverText) {
		this.name = name;
		this.type = type == null ? "" : type.toLowerCase(Locale.ROOT);
		this.origin = origin;
		this.decision = origin.decision();
		this.mask = this.decision == null || this.decision.maskingType() == MaskingType.NO_MASK ? null : this.decision.mask();
		Reader typed = reader(jdbcType, this.type);
		// a value shown as stored is copied as the database's text: no number or date to parse and print again
		boolean numeric = typed == Reader.OBJECT && jdbcType != Types.BIT && jdbcType != Types.BOOLEAN;
		boolean text = jdbcType == Types.CHAR || jdbcType == Types.VARCHAR || jdbcType == Types.LONGVARCHAR
				|| jdbcType == Types.NCHAR || jdbcType == Types.NVARCHAR || jdbcType == Types.LONGNVARCHAR;
		// text masked by a mask that works on ASCII bytes is read as bytes too (ResultStream masks them as such)
		boolean asStored = this.mask == null;
		// money prints with the locale's currency sign and separators: never trusted as a number's text
		this.reader = asStored && numeric ? (driverText && !this.type.equals("money") ? Reader.NUMBER_BYTES : Reader.NUMBER_TEXT)
				: (asStored || this.mask instanceof AsciiTextMask) && text ? Reader.TEXT_BYTES
				: asStored && driverText && (typed == Reader.DATE || typed == Reader.TEXT) ? Reader.TEXT_BYTES
				: asStored && typed == Reader.DATE ? Reader.TEXT : typed;
	}

	private static Reader reader(int jdbcType, String typeName) {
		return switch (jdbcType) {
			case Types.DATE -> Reader.DATE;
			case Types.TIMESTAMP -> typeName.contains("tz") ? Reader.TIMESTAMP_TZ : Reader.TIMESTAMP;
			case Types.TIMESTAMP_WITH_TIMEZONE -> Reader.TIMESTAMP_TZ;
			case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Reader.BYTES;
			case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.REAL,
					Types.FLOAT, Types.DOUBLE, Types.BIT, Types.BOOLEAN -> Reader.OBJECT;
			default -> Reader.TEXT;
		};
	}

	Object read(ResultSet rs, int index) throws SQLException {
		return switch (this.reader) {
			case TEXT -> rs.getString(index);
			case OBJECT -> rs.getObject(index);
			case DATE -> rs.getObject(index, LocalDate.class);
			case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
			case TIMESTAMP_TZ -> rs.getObject(index, OffsetDateTime.class);
			case BYTES -> rs.getBytes(index);
			case TEXT_BYTES -> {
				// both drivers deliver text as UTF-8 (pgjdbc's client_encoding, MariaDB's utf8mb4)
				byte[] bytes = rs.getBytes(index);
				yield bytes == null ? null : Utf8Text.of(bytes);
			}
			case NUMBER_TEXT -> {
				String text = rs.getString(index);
				yield text == null ? null : NumberText.of(text);
			}
			case NUMBER_BYTES -> {
				byte[] bytes = rs.getBytes(index);
				yield bytes == null ? null : NumberText.postgres(bytes);
			}
		};
	}

	/**
	 * Text shown as stored, kept as the driver's UTF-8 bytes and written to the response without
	 * decoding and encoding it again; anything but plain ASCII is decoded (invalid bytes become
	 * U+FFFD, as the driver's own decoding does), so the response is always valid UTF-8.
	 */
	record Utf8Text(byte[] ascii) {

		static Object of(byte[] bytes) {
			for (byte b : bytes) {
				if (b < 0) {
					return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
				}
			}
			return new Utf8Text(bytes);
		}

		/** A value read from a data source: never its text (it may be a protected value). */
		@Override
		public String toString() {
			return "Utf8Text[" + this.ascii.length + " bytes]";
		}
	}

	/**
	 * A number as the database printed it, in ASCII; written as a JSON number when it is one
	 * ({@code NaN}, {@code Infinity} as text).
	 */
	record NumberText(byte[] ascii, boolean canonical) {

		NumberText(String text, boolean canonical) {
			this(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), canonical);
		}

		NumberText(String text) {
			this(text, false);
		}

		/** A number's text from the driver; anything but ASCII (never seen from a number) is kept as text. */
		static Object of(String text) {
			for (int i = 0; i < text.length(); i++) {
				if (text.charAt(i) >= 0x80) {
					return text;
				}
			}
			return new NumberText(text, false);
		}

		/**
		 * A number PostgreSQL printed, as the driver's bytes of its text format: always ASCII, and
		 * either a JSON number or {@code NaN}, {@code Infinity}, {@code -Infinity} (PostgreSQL never
		 * pads with zeros), so neither needs scanning.
		 */
		static NumberText postgres(byte[] bytes) {
			return new NumberText(bytes, true);
		}

		/** Whether the text is a JSON number: decimals and floats may be NaN or Infinity, integers zero-filled. */
		boolean isJsonNumber() {
			byte[] text = this.ascii;
			int n = text.length;
			if (this.canonical && n > 0) {
				// a number PostgreSQL printed: a digit first (after a minus), or NaN / Infinity
				return digit(text[0]) || (text[0] == '-' && n > 1 && digit(text[1]));
			}
			int i = 0;
			if (i < n && text[i] == '-') {
				i++;
			}
			int digits = i;
			while (i < n && digit(text[i])) {
				i++;
			}
			if (i == digits || (text[digits] == '0' && i - digits > 1)) {
				// no digits, or a leading zero (MariaDB's ZEROFILL prints 0007): JSON has no such number
				return false;
			}
			if (i < n && text[i] == '.') {
				int fraction = ++i;
				while (i < n && digit(text[i])) {
					i++;
				}
				if (i == fraction) {
					return false;
				}
			}
			if (i < n && (text[i] == 'e' || text[i] == 'E')) {
				i++;
				if (i < n && (text[i] == '+' || text[i] == '-')) {
					i++;
				}
				int exponent = i;
				while (i < n && digit(text[i])) {
					i++;
				}
				if (i == exponent) {
					return false;
				}
			}
			return i == n;
		}

		private static boolean digit(byte c) {
			return c >= '0' && c <= '9';
		}

		/** A value read from a data source: never its text (it may be a protected value). */
		@Override
		public String toString() {
			return "NumberText[" + this.ascii.length + " bytes]";
		}
	}

	ValueMask mask() {
		return this.mask;
	}

	AccessDecision decision() {
		return this.decision;
	}

	/** Whether its non-NULL values count as protected values read ({@link dev.coffer.policy.alerts.AccessMonitor#record}). */
	boolean countsAsProtected() {
		return this.origin.protectedSource() && (this.decision == null || !"null".equals(this.decision.disposition()));
	}

	/** From now on the column is NULL: its reader was blocked by an alert while the rows streamed. */
	void block() {
		if (this.origin.protectedSource()) {
			this.mask = QueryPlanner.BLOCKED;
			if (this.decision != null) {
				this.decision = QueryPlanner.blocked(this.decision);
			}
		}
	}
}
