package dev.coffer.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

	@Test
	void theCeilingDoublesFromTheBaseUpToTheCap() {
		assertThat(this.backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.backoff.ceiling(6)).isEqualTo(Duration.ofMillis(3_200));
		assertThat(this.backoff.ceiling(7)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.backoff.ceiling(100)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void fullJitterSpreadsWaitsOverTheWholeRangeBelowTheCeiling() {
		Set<Long> seen = new HashSet<>();
		for (int i = 0; i < 1_000; i++) {
			Duration wait = this.backoff.jittered(3);
			assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(400));
			seen.add(wait.toMillis() / 100);
		}
		assertThat(seen).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
	}

	@Test
	void theSpreadAddedToARetryAfterIsAtMostTheBase() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.backoff.spread()).isBetween(Duration.ZERO, Duration.ofMillis(100));
		}
	}
}
