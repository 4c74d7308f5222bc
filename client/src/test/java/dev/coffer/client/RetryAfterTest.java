package dev.coffer.client;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
class RetryAfterTest {

	private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 23, 3, 0, 0, 0, ZoneOffset.UTC);

	@Test
	void delaySecondsAreReadAsSeconds() {
		assertThat(Problem.parseRetryAfter("3", NOW)).contains(Duration.ofSeconds(3));
		assertThat(Problem.parseRetryAfter(" 120 ", NOW)).contains(Duration.ofSeconds(120));
		assertThat(Problem.parseRetryAfter("0", NOW)).contains(Duration.ZERO);
	}

	@Test
	void anAbsurdlyLongDelayIsKeptLongSoThatTheClientGivesUp() {
		assertThat(Problem.parseRetryAfter("99999999999999999999", NOW)).hasValueSatisfying(
				wait -> assertThat(wait).isGreaterThan(Duration.ofDays(365)));
	}

	@Test
	void anHttpDateIsTheTimeUntilThen() {
		assertThat(Problem.parseRetryAfter("Mon, 23 Nov 2026 03:00:10 GMT", NOW)).contains(Duration.ofSeconds(10));
		assertThat(Problem.parseRetryAfter("Mon, 23 Nov 2026 02:59:00 GMT", NOW)).contains(Duration.ZERO);
	}

	@Test
	void anUnreadableValueIsIgnored() {
		assertThat(Problem.parseRetryAfter("soon", NOW)).isEmpty();
		assertThat(Problem.parseRetryAfter("-5", NOW)).isEmpty();
		assertThat(Problem.parseRetryAfter("", NOW)).isEmpty();
	}
}
