package dev.coffer.policy.pushdown;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A row policy's allowed values as typed literals of the reference column's type, so the database
 * compares values, never text whose format session settings choose ({@code DateStyle},
 * {@code extra_float_digits}, {@code TimeZone}; Snowflake's {@code DATE_OUTPUT_FORMAT} and the like).
 * Each value is read in one fixed format (numbers as plain decimals, dates {@code yyyy-mm-dd},
 * timestamps ISO, with an offset for time-zoned ones, booleans {@code true}/{@code false}); a value
 * that does not read as the column's type can equal no row and is left out. Columns of other types
 * are not compared at all: the condition is false (no rows), and a note says so.
 */
final class RowValues {

	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,100}(\\.[0-9]{1,100})?([eE][-+]?[0-9]{1,4})?");

	private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT);

	private static final DateTimeFormatter PG_LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

	private static final DateTimeFormatter PG_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx", Locale.ROOT);

	private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS xxx", Locale.ROOT);

	/**
	 * Literals in one dialect, or {@code comparable == false} when the column's type is not compared.
	 *
	 * @param column the column as the condition compares it
	 * @param unreadable how many values do not read as the column's type
	 */
	record Typed(boolean comparable, String column, List<String> literals, int unreadable) {
	}

	private RowValues() {
	}

	static Typed postgres(SourceColumn column, String x, List<String> values) {
		boolean uuid = column.family() == TypeFamily.OTHER && column.type().equals("uuid");
		if (column.family() == TypeFamily.OTHER && !uuid) {
			return new Typed(false, x, List.of(), 0);
		}
		List<String> literals = new ArrayList<>();
		int unreadable = 0;
		for (String value : values) {
			String literal = switch (column.family()) {
				case TEXT -> Sql.pgLiteral(value);
				case NUMBER -> !DECIMAL.matcher(value).matches() ? null
						: floating(column) ? (finite(value, column.type().equals("real"))
								? "CAST(" + Sql.pgLiteral(value) + " AS " + column.type() + ")" : null)
								: "CAST(" + Sql.pgLiteral(value) + " AS pg_catalog.numeric)";
				case DATE -> date(value) == null ? null : "CAST(" + Sql.pgLiteral(date(value).toString()) + " AS pg_catalog.date)";
				case TIMESTAMP -> local(value) == null || local(value).getNano() % 1000 != 0 ? null
						: "CAST(" + Sql.pgLiteral(PG_LOCAL.format(local(value))) + " AS pg_catalog.timestamp)";
				case TIMESTAMPTZ -> offset(value) == null || offset(value).getNano() % 1000 != 0 ? null
						: "CAST(" + Sql.pgLiteral(PG_OFFSET.format(offset(value))) + " AS pg_catalog.timestamptz)";
				case BOOLEAN -> bool(value);
				case OTHER -> UUID.matcher(value).matches() ? "CAST(" + Sql.pgLiteral(value) + " AS pg_catalog.uuid)" : null;
			};
			if (literal == null) {
				unreadable++;
			}
			else if (!literals.contains(literal)) {
				literals.add(literal);
			}
		}
		String compared = column.family() == TypeFamily.TEXT ? "CAST(" + x + " AS pg_catalog.text)" : x;
		return new Typed(true, compared, literals, unreadable);
	}

	static Typed snowflake(SourceColumn column, String x, List<String> values) {
		if (column.family() == TypeFamily.OTHER) {
			return new Typed(false, x, List.of(), 0);
		}
		List<String> literals = new ArrayList<>();
		int unreadable = 0;
		for (String value : values) {
			String literal = switch (column.family()) {
				case TEXT -> Sql.sfLiteral(value);
				case NUMBER -> DECIMAL.matcher(value).matches() ? value : null;
				case DATE -> date(value) == null ? null : "TO_DATE(" + Sql.sfLiteral(date(value).toString()) + ", 'YYYY-MM-DD')";
				case TIMESTAMP -> local(value) == null ? null
						: "TO_TIMESTAMP_NTZ(" + Sql.sfLiteral(LOCAL.format(local(value))) + ", 'YYYY-MM-DD HH24:MI:SS.FF9')";
				case TIMESTAMPTZ -> offset(value) == null ? null
						: "TO_TIMESTAMP_TZ(" + Sql.sfLiteral(OFFSET.format(offset(value))) + ", 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')";
				case BOOLEAN -> bool(value);
				case OTHER -> null;
			};
			if (literal == null) {
				unreadable++;
			}
			else if (!literals.contains(literal)) {
				literals.add(literal);
			}
		}
		return new Typed(true, x, literals, unreadable);
	}

	/** {@code real} and {@code double precision} compare with a literal of their own type (as numeric they would round). */
	private static boolean floating(SourceColumn column) {
		return column.type().equals("real") || column.type().equals("double precision");
	}

	private static boolean finite(String value, boolean single) {
		return single ? Float.isFinite(Float.parseFloat(value)) : Double.isFinite(Double.parseDouble(value));
	}

	private static LocalDate date(String value) {
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static LocalDateTime local(String value) {
		try {
			return value.length() == 10 ? LocalDate.parse(value).atStartOfDay() : LocalDateTime.parse(value.replace(' ', 'T'));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static OffsetDateTime offset(String value) {
		try {
			return OffsetDateTime.parse(value.replace(' ', 'T'));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String bool(String value) {
		return value.equalsIgnoreCase("true") ? "TRUE" : value.equalsIgnoreCase("false") ? "FALSE" : null;
	}
}
