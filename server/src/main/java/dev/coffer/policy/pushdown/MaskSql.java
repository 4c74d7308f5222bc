package dev.coffer.policy.pushdown;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import dev.coffer.policy.MaskingType;
import dev.coffer.policy.PushDownPolicies.Mask;

/**
 * A Coffer mask as an SQL expression over one column, for one database. Each expression gives what
 * the Java mask ({@code dev.coffer.policy.Masks}) gives for the value the database would hand
 * Coffer, keeps the column's type where the Java mask does, and passes NULL through. Where a mask
 * cannot be written in SQL (tokenize and detokenize need the vault, a keyed date shift needs a key
 * that never leaves Coffer) the expression is NULL and {@link Rendered#note()} says why.
 */
abstract class MaskSql {

	/**
	 * An expression.
	 *
	 * @param text whether it gives text although the column is of another type (the hashes)
	 * @param note why it is not exactly the Java mask, or {@code null}
	 */
	record Rendered(String sql, boolean text, String note) {

		static Rendered of(String sql) {
			return new Rendered(sql, false, null);
		}
	}

	/** The mask over {@code x}, an expression of the column's value. */
	final Rendered render(Mask mask, String x, SourceColumn column) {
		TypeFamily family = column.family();
		return switch (mask.type()) {
			case NO_MASK -> Rendered.of(x);
			case NULL -> Rendered.of(nullOf(column));
			case FULL_MASK -> Rendered.of(fullMask(x, column));
			case EMAIL -> family == TypeFamily.TEXT ? Rendered.of(email(x)) : Rendered.of(fullMask(x, column));
			case LAST_FOUR -> lastFour(x, column);
			case FIRST_FOUR -> firstFour(x, column);
			case CONSTANT -> Rendered.of(constant(mask, x, column));
			case CONSTANT_DATE -> Rendered.of(constantDate(mask.date(), x, column));
			case FULL_MASK_HASH -> hashed(sha(asText(x, family)), column);
			case EMAIL_HASH -> hashed(family == TypeFamily.TEXT ? "CASE WHEN " + isEmail(x) + " THEN "
					+ sha(substr(x, "1", position(x) + " - 1")) + " || " + substr(x, position(x)) + " ELSE " + sha(x) + " END"
					: sha(asText(x, family)), column);
			case LAST_FOUR_HASH -> {
				String t = asText(x, family);
				yield hashed("CASE WHEN " + length(t) + " <= 4 THEN " + sha(t) + " ELSE " + sha(substr(t, "1", length(t) + " - 4"))
						+ " || " + right(t, 4) + " END", column);
			}
			case YEAR_ONLY -> yearOnly(x, column);
			case ROUND -> round(mask.roundTo(), x, column);
			case DATE_SHIFT -> dateShift(mask, x, column);
			case REGEX_REPLACE -> regexReplace(mask, x, column);
			case TOKENIZE, DETOKENIZE -> new Rendered(nullOf(column), false, mask.type().value()
					+ " needs Coffer's token vault, which the database cannot call: NULL");
		};
	}

	// ---- what each dialect writes its own way

	abstract String literal(String text);

	/** A built-in function's name as the dialect writes it (PostgreSQL: qualified with {@code pg_catalog}). */
	abstract String fn(String name);

	/** NULL of the column's type. */
	abstract String nullOf(SourceColumn column);

	/** A literal of the column's type written as text (a date, a timestamp, a number). */
	abstract String typed(String text, SourceColumn column);

	abstract String length(String x);

	abstract String repeatStars(String count);

	/** 1-based position of the {@code @} in {@code x}. */
	abstract String position(String x);

	abstract String substr(String x, String from);

	abstract String substr(String x, String from, String count);

	abstract String right(String x, int count);

	abstract String left(String x, int count);

	/** Lowercase hex SHA-256 of the UTF-8 bytes of text {@code x}. */
	abstract String sha(String x);

	/** A value as the text Coffer hashes (numbers plain, dates ISO). */
	abstract String asText(String x, TypeFamily family);

	/** A number column's value as an exact decimal for arithmetic. */
	abstract String number(String x);

	/** A number expression converted back to the column's type. */
	abstract String backToType(String number, SourceColumn column);

	/** Whether text {@code x} is an ISO date {@code yyyy-mm-dd} (no cast: a malformed value must not fail a query). */
	abstract String isIsoDate(String x);

	/** Whether text {@code x} is a plain decimal number; {@code null} where the dialect does not round text. */
	abstract String isDecimal(String x);

	abstract String numberFromText(String x);

	abstract String yearStart(String x, TypeFamily family);

	abstract String plusDays(String x, int days, TypeFamily family);

	/** {@code regexp_replace} of every match, or {@code null} when the pattern or replacement cannot be written here. */
	abstract String regexReplace(String x, String pattern, String replacement);

	/** Whether hashes on a non-text column may give text (a view may; a Snowflake masking policy keeps its type). */
	abstract boolean textFromOtherTypes();

	// ---- shared

	final String nullGuard(String x, String then) {
		return "CASE WHEN " + x + " IS NULL THEN NULL ELSE " + then + " END";
	}

	final String stars(String x) {
		return repeatStars(length(x));
	}

	final String isEmail(String x) {
		return "(" + x + " LIKE '_%@%_' AND " + x + " NOT LIKE '%@%@%')";
	}

	final String email(String x) {
		return "CASE WHEN " + isEmail(x) + " THEN " + repeatStars(position(x) + " - 1") + " || " + substr(x, position(x))
				+ " ELSE " + stars(x) + " END";
	}

	/** {@code MaskValues.fullMask}: stars, 0, 1970-01-01, false; NULL for other types. */
	final String fullMask(String x, SourceColumn column) {
		return switch (column.family()) {
			case TEXT -> stars(x);
			case NUMBER -> nullGuard(x, typed("0", column));
			case DATE -> nullGuard(x, typed("1970-01-01", column));
			case TIMESTAMP -> nullGuard(x, typed("1970-01-01 00:00:00", column));
			case TIMESTAMPTZ -> nullGuard(x, typed("1970-01-01 00:00:00+00:00", column));
			case BOOLEAN -> nullGuard(x, "FALSE");
			case OTHER -> nullOf(column);
		};
	}

	private Rendered hashed(String sql, SourceColumn column) {
		if (column.family() == TypeFamily.TEXT) {
			return Rendered.of(sql);
		}
		if (!textFromOtherTypes()) {
			return new Rendered(nullOf(column), false,
					"a hash is text, and a masking policy must return the column's own type: NULL on this column");
		}
		String note = column.family() == TypeFamily.NUMBER || column.family() == TypeFamily.DATE ? null
				: "the hash is of the database's text of the value, which may differ from the ISO text Coffer hashes";
		return new Rendered(sql, true, note);
	}

	private Rendered lastFour(String x, SourceColumn column) {
		if (column.family() == TypeFamily.TEXT) {
			return Rendered.of("CASE WHEN " + length(x) + " <= 4 THEN " + stars(x) + " ELSE " + repeatStars(length(x) + " - 4")
					+ " || " + right(x, 4) + " END");
		}
		if (column.family() == TypeFamily.NUMBER) {
			String n = number(x);
			return Rendered.of("CASE WHEN " + x + " IS NULL THEN NULL WHEN " + n + " <> " + fn("TRUNC") + "(" + n + ") OR " + fn("ABS") + "(" + n
					+ ") < 10000 THEN " + typed("0", column) + " ELSE " + backToType(fn("MOD") + "(" + fn("TRUNC") + "(" + n + "), 10000)", column)
					+ " END");
		}
		return Rendered.of(fullMask(x, column));
	}

	private Rendered firstFour(String x, SourceColumn column) {
		if (column.family() == TypeFamily.TEXT) {
			return Rendered.of("CASE WHEN " + length(x) + " <= 4 THEN " + stars(x) + " ELSE " + left(x, 4) + " || "
					+ repeatStars(length(x) + " - 4") + " END");
		}
		if (column.family() == TypeFamily.NUMBER) {
			String n = number(x);
			String digits = length(asText(fn("TRUNC") + "(" + fn("ABS") + "(" + n + "))", TypeFamily.NUMBER));
			return Rendered.of("CASE WHEN " + x + " IS NULL THEN NULL WHEN " + n + " <> " + fn("TRUNC") + "(" + n + ") OR " + fn("ABS") + "(" + n
					+ ") < 10000 THEN " + typed("0", column) + " ELSE " + backToType(fn("TRUNC") + "(" + n + ", 4 - " + digits + ")", column)
					+ " END");
		}
		return Rendered.of(fullMask(x, column));
	}

	private String constant(Mask mask, String x, SourceColumn column) {
		Object temporal = mask.constantTemporal();
		String value = switch (column.family()) {
			case TEXT -> literal(mask.constant());
			case NUMBER -> mask.constantNumber() == null ? null : typed(mask.constantNumber().toPlainString(), column);
			case DATE -> temporal instanceof LocalDate date ? typed(date.toString(), column) : null;
			case TIMESTAMP -> temporal instanceof LocalDateTime dateTime ? typed(dateTime.toString().replace('T', ' '), column)
					: temporal instanceof LocalDate date ? typed(date + " 00:00:00", column) : null;
			case TIMESTAMPTZ -> temporal instanceof OffsetDateTime offset ? typed(offset.toString().replace('T', ' '), column)
					: temporal instanceof LocalDate date ? typed(date + " 00:00:00+00:00", column) : null;
			case BOOLEAN, OTHER -> null;
		};
		return value == null ? nullOf(column) : nullGuard(x, value);
	}

	private String constantDate(LocalDate date, String x, SourceColumn column) {
		return switch (column.family()) {
			case DATE -> nullGuard(x, typed(date.toString(), column));
			case TIMESTAMP -> nullGuard(x, typed(date + " 00:00:00", column));
			case TIMESTAMPTZ -> nullGuard(x, typed(date + " 00:00:00+00:00", column));
			case TEXT -> nullGuard(x, literal(date.toString()));
			default -> fullMask(x, column);
		};
	}

	private Rendered yearOnly(String x, SourceColumn column) {
		return switch (column.family()) {
			case DATE, TIMESTAMP, TIMESTAMPTZ -> Rendered.of(yearStart(x, column.family()));
			case TEXT -> new Rendered("CASE WHEN " + isIsoDate(x) + " THEN " + substr(x, "1", "4") + " || '-01-01' ELSE "
					+ stars(x) + " END", false,
					"on text, only ISO dates (yyyy-mm-dd) are cut to their year; other text, ISO date-times included, gets the full mask");
			default -> Rendered.of(fullMask(x, column));
		};
	}

	private Rendered round(BigDecimal to, String x, SourceColumn column) {
		String step = to.toPlainString();
		if (column.family() == TypeFamily.NUMBER) {
			return Rendered.of(backToType(fn("ROUND") + "(" + number(x) + " / " + step + ") * " + step, column));
		}
		if (column.family() == TypeFamily.TEXT) {
			String decimal = isDecimal(x);
			if (decimal == null) {
				return new Rendered(stars(x), false, "round on a text column is not written in this database's SQL: full mask");
			}
			return new Rendered("CASE WHEN " + decimal + " THEN " + asText(fn("ROUND") + "(" + numberFromText(x) + " / " + step + ") * "
					+ step, TypeFamily.NUMBER) + " ELSE " + stars(x) + " END", false,
					"on text, only plain decimals (digits, an optional sign and point) are rounded; other text gets the full mask");
		}
		return Rendered.of(fullMask(x, column));
	}

	private Rendered dateShift(Mask mask, String x, SourceColumn column) {
		if (mask.shiftDays() == null) {
			return new Rendered(nullOf(column), false,
					"date_shift with max_shift_days derives each shift with a key that never leaves Coffer: NULL");
		}
		return switch (column.family()) {
			case DATE, TIMESTAMP, TIMESTAMPTZ -> Rendered.of(plusDays(x, mask.shiftDays(), column.family()));
			case TEXT -> new Rendered(stars(x), false, "date_shift on a text column is not pushed down: full mask");
			default -> Rendered.of(fullMask(x, column));
		};
	}

	private Rendered regexReplace(Mask mask, String x, SourceColumn column) {
		if (column.family() != TypeFamily.TEXT) {
			return Rendered.of(fullMask(x, column));
		}
		String sql = regexReplace(x, mask.pattern(), mask.replacement());
		if (sql == null) {
			return new Rendered(nullOf(column), false, "the regex_replace pattern or replacement uses RE2 syntax this "
					+ "database does not share (only literals, classes, \\d \\w \\s, groups, | and greedy repeats are "
					+ "pushed down; replacement groups $0 to $9): NULL");
		}
		return Rendered.of(sql);
	}

	/**
	 * The replacement in the database's syntax ({@code \1} for {@code $1}, {@code \&} or {@code \0}
	 * for {@code $0}, a literal backslash doubled), or {@code null} for named or two-digit groups.
	 */
	static String replacement(String replacement, String wholeMatch) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < replacement.length(); i++) {
			char c = replacement.charAt(i);
			if (c == '\\' && i + 1 < replacement.length()) {
				char next = replacement.charAt(++i);
				out.append(next == '\\' ? "\\\\" : String.valueOf(next));
			}
			else if (c == '$') {
				if (i + 1 >= replacement.length() || !Character.isDigit(replacement.charAt(i + 1))
						|| (i + 2 < replacement.length() && Character.isDigit(replacement.charAt(i + 2)))) {
					return null;
				}
				char group = replacement.charAt(++i);
				out.append(group == '0' ? wholeMatch : "\\" + group);
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * Whether an RE2 pattern uses only syntax PostgreSQL's and Snowflake's regular expressions read
	 * the same way: literals, {@code .}, classes without POSIX names, {@code \d \w \s} and their
	 * negations, escaped punctuation, plain groups, {@code |}, anchors and greedy repeats.
	 */
	static boolean portable(String pattern) {
		boolean inClass = false;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '\\') {
				if (++i >= pattern.length()) {
					return false;
				}
				char e = pattern.charAt(i);
				if ("dDwWsS".indexOf(e) < 0 && (Character.isLetterOrDigit(e) || e > 127)) {
					return false;
				}
			}
			else if (inClass) {
				if (c == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == ':') {
					return false;
				}
				if (c == ']') {
					inClass = false;
				}
			}
			else if (c == '[') {
				inClass = true;
				if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
					i++;
				}
				if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
					i++;
				}
			}
			else if (c == '(' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '?') {
				return false;
			}
			else if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < pattern.length()
					&& (pattern.charAt(i + 1) == '?' || pattern.charAt(i + 1) == '+')) {
				return false;
			}
		}
		return !inClass;
	}

	/** The masks whose expression does not depend on the role (for tests). */
	static boolean expressible(MaskingType type) {
		return type != MaskingType.TOKENIZE && type != MaskingType.DETOKENIZE;
	}
}
