package dev.coffer.policy.alerts;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.coffer.api.error.ValidationFailedException.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/** The allowed-window arithmetic of time-window rules and the buckets of rate rules, on fixed instants. */
class TimeWindowTest {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	@Test
	void officeHoursContainWeekdayDaytimeOnlyInTheirOwnZone() {
		TimeWindow office = window(List.of("MON", "TUE", "WED", "THU", "FRI"), "08:00", "18:00", "Europe/Berlin");
		// Wednesday 2025-01-15
		assertThat(office.contains(at(2025, 1, 15, 8, 0, BERLIN))).isTrue();
		assertThat(office.contains(at(2025, 1, 15, 17, 59, BERLIN))).isTrue();
		assertThat(office.contains(at(2025, 1, 15, 18, 0, BERLIN))).as("end is exclusive").isFalse();
		assertThat(office.contains(at(2025, 1, 15, 7, 59, BERLIN))).isFalse();
		assertThat(office.contains(at(2025, 1, 18, 12, 0, BERLIN))).as("Saturday").isFalse();
		// 07:30 UTC is 08:30 in Berlin (winter): inside; 17:30 UTC is 18:30 in Berlin: outside
		assertThat(office.contains(Instant.parse("2025-01-15T07:30:00Z"))).isTrue();
		assertThat(office.contains(Instant.parse("2025-01-15T17:30:00Z"))).isFalse();
		// summer time: 06:30 UTC is 08:30 in Berlin
		assertThat(office.contains(Instant.parse("2025-07-16T06:30:00Z"))).isTrue();
	}

	@Test
	void aWindowEndingBeforeItStartsWrapsMidnightIntoTheNextDay() {
		TimeWindow night = window(List.of("FRI"), "22:00", "06:00", "UTC");
		// Friday 2025-01-17 22:30 and Saturday 05:59 belong to Friday's window
		assertThat(night.contains(Instant.parse("2025-01-17T22:30:00Z"))).isTrue();
		assertThat(night.contains(Instant.parse("2025-01-18T05:59:00Z"))).isTrue();
		assertThat(night.contains(Instant.parse("2025-01-18T06:00:00Z"))).isFalse();
		assertThat(night.contains(Instant.parse("2025-01-17T05:00:00Z"))).as("Friday morning belongs to Thursday").isFalse();
		assertThat(night.contains(Instant.parse("2025-01-18T22:30:00Z"))).as("Saturday evening").isFalse();
		TimeWindow toMidnight = window(List.of("SUN"), "20:00", "00:00", "UTC");
		assertThat(toMidnight.contains(Instant.parse("2025-01-19T23:59:00Z"))).isTrue();
		assertThat(toMidnight.contains(Instant.parse("2025-01-20T00:00:00Z"))).isFalse();
	}

	@Test
	void describesTheWindowAndTheLocalTimeOfAnAccess() {
		TimeWindow office = window(List.of("fri", "MON"), "08:00", "18:00", "Europe/Berlin");
		assertThat(office.describe()).isEqualTo("MON,FRI 08:00-18:00 Europe/Berlin");
		assertThat(office.localTime(Instant.parse("2025-01-18T02:12:00Z"))).isEqualTo("SAT 03:12");
	}

	@Test
	void everyBadFieldIsNamed() {
		List<FieldError> errors = new ArrayList<>();
		TimeWindow parsed = TimeWindow.parse("time_window", List.of("MON", "FUNDAY"), "8:00", "24:00", "Mars/Olympus", errors);
		assertThat(parsed).isNull();
		assertThat(errors).extracting(FieldError::field)
			.containsExactly("time_window.days[1]", "time_window.start", "time_window.end", "time_window.time_zone");
		errors.clear();
		assertThat(TimeWindow.parse("w", List.of("MON"), "08:00", "08:00", "+02:00", errors)).isNull();
		assertThat(errors).extracting(FieldError::field).containsExactly("w.end", "w.time_zone");
		errors.clear();
		assertThat(TimeWindow.parse("w", List.of(), null, null, null, errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsOnly("required");
	}

	@Test
	void rateBucketsCoverTheWindowWithinOneBucket() {
		CounterStore.Buckets hour = CounterStore.Buckets.of(3600, 1_000_000_123L);
		assertThat(hour.size()).isEqualTo(300);
		assertThat(hour.current()).isEqualTo(1_000_000_123L - 1_000_000_123L % 300);
		assertThat(hour.current() - hour.oldest()).isEqualTo(11 * 300);
		assertThat(hour.expiresAt() - hour.current()).isEqualTo(12 * 300);
		CounterStore.Buckets short_ = CounterStore.Buckets.of(5, 1_000L);
		assertThat(short_.size()).isEqualTo(1);
		assertThat(short_.oldest()).isEqualTo(996);
		CounterStore.Buckets odd = CounterStore.Buckets.of(100, 1_000L);
		long covered = odd.current() + odd.size() - odd.oldest();
		assertThat(covered).isBetween(100L - odd.size(), 100L + odd.size());
	}

	private static TimeWindow window(List<String> days, String start, String end, String zone) {
		List<FieldError> errors = new ArrayList<>();
		TimeWindow window = TimeWindow.parse("time_window", days, start, end, zone, errors);
		assertThat(errors).isEmpty();
		return window;
	}

	private static Instant at(int year, int month, int day, int hour, int minute, ZoneId zone) {
		return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, zone).toInstant();
	}
}
