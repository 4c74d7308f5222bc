package dev.coffer.policy.alerts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

import dev.coffer.api.error.ValidationFailedException.FieldError;

/**
 * When access is allowed: on {@code days}, from {@code start} (inclusive) to {@code end}
 * (exclusive), wall-clock time in {@code zone}. A window whose end is not after its start wraps
 * midnight and belongs to the day it starts on: {@code FRI 22:00-06:00} runs from Friday 22:00 to
 * Saturday 06:00. Daylight-saving changes follow the zone's rules (local time is what counts).
 */
final class TimeWindow {

	static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

	private static final DateTimeFormatter HH_MM_FORMAT = DateTimeFormatter.ofPattern("HH:mm");

	private final Set<DayOfWeek> days;

	private final LocalTime start;

	private final LocalTime end;

	private final ZoneId zone;

	private TimeWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
		Assert.notEmpty(days, "days cannot be empty");
		Assert.isTrue(!start.equals(end), "start and end cannot be equal");
		this.days = EnumSet.copyOf(days);
		this.start = start;
		this.end = end;
		this.zone = zone;
	}

	/**
	 * Checks the API's fields (under {@code prefix}, e.g. {@code time_window}) and adds an error per
	 * bad field to {@code errors}; answers the window when every field is valid, else {@code null}.
	 */
	static TimeWindow parse(String prefix, List<String> days, String start, String end, String timeZone,
			List<FieldError> errors) {
		int before = errors.size();
		Set<DayOfWeek> parsedDays = EnumSet.noneOf(DayOfWeek.class);
		if (days == null || days.isEmpty()) {
			errors.add(new FieldError(prefix + ".days", "required", "must name at least one day (MON to SUN)"));
		}
		else if (days.size() > 7) {
			errors.add(new FieldError(prefix + ".days", "invalid", "names at most the seven days MON to SUN"));
		}
		else {
			for (int i = 0; i < days.size(); i++) {
				DayOfWeek day = day(days.get(i));
				if (day == null) {
					errors.add(new FieldError(prefix + ".days[" + i + "]", "invalid_value", "must be one of MON, TUE, WED, THU, FRI, SAT, SUN"));
				}
				else {
					parsedDays.add(day);
				}
			}
		}
		LocalTime from = time(prefix + ".start", start, errors);
		LocalTime to = time(prefix + ".end", end, errors);
		if (from != null && from.equals(to)) {
			errors.add(new FieldError(prefix + ".end", "invalid_value", "must differ from start (a window of no time allows nothing)"));
		}
		ZoneId zone = null;
		if (timeZone == null || timeZone.isBlank()) {
			errors.add(new FieldError(prefix + ".time_zone", "required", "is required: an IANA time zone such as Europe/Berlin or UTC"));
		}
		else if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
			errors.add(new FieldError(prefix + ".time_zone", "invalid_value", "is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)"));
		}
		else {
			zone = ZoneId.of(timeZone);
		}
		return errors.size() == before ? new TimeWindow(parsedDays, from, to, zone) : null;
	}

	/** A window read back from the store, where it was stored valid. */
	static TimeWindow stored(String days, String start, String end, String timeZone) {
		Set<DayOfWeek> parsed = EnumSet.noneOf(DayOfWeek.class);
		Arrays.stream(days.split(",")).map(TimeWindow::day).forEach(parsed::add);
		return new TimeWindow(parsed, LocalTime.parse(start), LocalTime.parse(end), ZoneId.of(timeZone));
	}

	/** Whether access at {@code instant} is inside the window. */
	boolean contains(Instant instant) {
		ZonedDateTime local = instant.atZone(this.zone);
		LocalTime time = local.toLocalTime();
		DayOfWeek day = local.getDayOfWeek();
		if (this.start.isBefore(this.end)) {
			return this.days.contains(day) && !time.isBefore(this.start) && time.isBefore(this.end);
		}
		// wraps midnight: the evening part on a listed day, the morning part on the day after one
		return (this.days.contains(day) && !time.isBefore(this.start))
				|| (this.days.contains(day.minus(1)) && time.isBefore(this.end));
	}

	/** The local day and time of {@code instant} in this window's zone, e.g. {@code SAT 03:12}. */
	String localTime(Instant instant) {
		ZonedDateTime local = instant.atZone(this.zone);
		return code(local.getDayOfWeek()) + " " + local.toLocalTime().format(HH_MM_FORMAT);
	}

	/** E.g. {@code MON,TUE,WED,THU,FRI 08:00-18:00 Europe/Berlin}. */
	String describe() {
		return daysText() + " " + startText() + "-" + endText() + " " + this.zone.getId();
	}

	List<String> dayCodes() {
		List<String> codes = new ArrayList<>();
		this.days.forEach(day -> codes.add(code(day)));
		return codes;
	}

	String daysText() {
		return String.join(",", dayCodes());
	}

	String startText() {
		return this.start.format(HH_MM_FORMAT);
	}

	String endText() {
		return this.end.format(HH_MM_FORMAT);
	}

	String zoneId() {
		return this.zone.getId();
	}

	@Override
	public String toString() {
		return "TimeWindow[" + describe() + "]";
	}

	static String code(DayOfWeek day) {
		return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
	}

	private static DayOfWeek day(String code) {
		if (code == null) {
			return null;
		}
		for (DayOfWeek day : DayOfWeek.values()) {
			if (code(day).equalsIgnoreCase(code)) {
				return day;
			}
		}
		return null;
	}

	private static LocalTime time(String field, String text, List<FieldError> errors) {
		if (text == null) {
			errors.add(new FieldError(field, "required", "is required: HH:MM, 24-hour"));
			return null;
		}
		if (!HH_MM.matcher(text).matches()) {
			errors.add(new FieldError(field, "invalid_value", "must be HH:MM, 24-hour (00:00 to 23:59)"));
			return null;
		}
		return LocalTime.parse(text);
	}
}
