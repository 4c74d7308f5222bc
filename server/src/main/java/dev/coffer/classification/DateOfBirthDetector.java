package dev.coffer.classification;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date that can be a date of birth: a real calendar date, not in the future, with a year from
 * 1900 on; ISO ({@code 1985-03-12}, also with a midnight-style time as databases print dates),
 * numeric day/month orders ({@code 03/12/1985}, {@code 12.03.1985}) or with the month's English
 * name ({@code March 12, 1985}, {@code 12 Mar 1985}). Every date is weak: timestamps and order
 * dates look the same, so a date of birth needs the column name or a context word.
 */
final class DateOfBirthDetector implements Detector {

	private static final Pattern ISO = Pattern.compile(
			"(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?");

	private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})");

	private static final Pattern MONTH_FIRST = Pattern.compile("([A-Za-z]{3,9})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})");

	private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\\.?,? (\\d{4})");

	private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("january", 1), Map.entry("jan", 1),
			Map.entry("february", 2), Map.entry("feb", 2), Map.entry("march", 3), Map.entry("mar", 3),
			Map.entry("april", 4), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("june", 6), Map.entry("jun", 6),
			Map.entry("july", 7), Map.entry("jul", 7), Map.entry("august", 8), Map.entry("aug", 8),
			Map.entry("september", 9), Map.entry("sep", 9), Map.entry("sept", 9), Map.entry("october", 10),
			Map.entry("oct", 10), Map.entry("november", 11), Map.entry("nov", 11), Map.entry("december", 12),
			Map.entry("dec", 12));

	static final int MIN_YEAR = 1900;

	@Override
	public DetectedType type() {
		return DetectedType.DATE_OF_BIRTH;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.digits >= 5 && shape.length >= 8 && shape.length <= 35 && shape.spaces <= 3;
	}

	@Override
	public Match check(String value) {
		// each pattern runs only on values that have its fixed characters where it needs them
		int n = value.length();
		boolean digitFirst = digit(value, 0);
		boolean yearLast = digit(value, n - 1) && digit(value, n - 2) && digit(value, n - 3) && digit(value, n - 4);
		if (digitFirst && digit(value, 1) && digit(value, 2) && digit(value, 3) && separator(value, 4)) {
			Matcher m = ISO.matcher(value);
			if (m.matches()) {
				return plausible(num(m, 1), num(m, 3), num(m, 4)) ? Match.WEAK : Match.NONE;
			}
		}
		if (digitFirst && yearLast && n <= 10 && (separator(value, 1) || separator(value, 2))) {
			Matcher m = NUMERIC.matcher(value);
			if (m.matches()) {
				int a = num(m, 1);
				int b = num(m, 3);
				int year = num(m, 4);
				return plausible(year, a, b) || plausible(year, b, a) ? Match.WEAK : Match.NONE;
			}
		}
		if (yearLast && !digitFirst) {
			Matcher m = MONTH_FIRST.matcher(value);
			if (m.matches()) {
				Integer month = MONTHS.get(m.group(1).toLowerCase(Locale.ROOT));
				return month != null && plausible(num(m, 3), month, num(m, 2)) ? Match.WEAK : Match.NONE;
			}
		}
		if (yearLast && digitFirst) {
			Matcher m = DAY_FIRST.matcher(value);
			if (m.matches()) {
				Integer month = MONTHS.get(m.group(2).toLowerCase(Locale.ROOT));
				return month != null && plausible(num(m, 3), month, num(m, 1)) ? Match.WEAK : Match.NONE;
			}
		}
		return Match.NONE;
	}

	/** An ASCII digit at {@code i} ({@code \d} of the patterns). */
	private static boolean digit(String value, int i) {
		return i >= 0 && i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9';
	}

	private static boolean separator(String value, int i) {
		if (i >= value.length()) {
			return false;
		}
		char c = value.charAt(i);
		return c == '-' || c == '/' || c == '.';
	}

	private static int num(Matcher m, int group) {
		return Integer.parseInt(m.group(group));
	}

	static boolean plausible(int year, int month, int day) {
		if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > 31) {
			return false;
		}
		try {
			return !LocalDate.of(year, month, day).isAfter(LocalDate.now(ZoneOffset.UTC));
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	@Override
	public String validator() {
		return "calendar:past_date";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("dob", "birth", "birthday", "birthdate", "born", "bday", "dateofbirth", "geburtsdatum");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("date", "dt", "day", "on", "at", "d");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("dob", "birth", "born", "birthday", "birthdate", "bday", "b");
	}

	@Override
	public double baseScore() {
		return 0.0;
	}

	@Override
	public double contextScore() {
		return 0.85;
	}

	@Override
	public int maxTokens() {
		return 3;
	}
}
