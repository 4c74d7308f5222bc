package dev.coffer.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.Assert;

/**
 * When a failed delivery is tried again: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, then
 * every 8 h, each with ±20 % random jitter so receivers recovering from an outage are not hit by
 * every retry at once. {@code scale} multiplies the schedule (property
 * {@code coffer.webhooks.backoff-scale}, 1 in production; tests use 0.01 to retry within seconds).
 */
final class Backoff {

	static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
			Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
			Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8));

	private static final double JITTER = 0.2;

	private final double scale;

	Backoff(double scale) {
		Assert.isTrue(scale > 0 && scale <= 1000, "scale must be in (0, 1000]");
		this.scale = scale;
	}

	/** The wait before attempt {@code failedAttempts + 1}, after {@code failedAttempts} (≥ 1) failures. */
	Duration delayAfter(int failedAttempts) {
		Duration base = SCHEDULE.get(Math.min(Math.max(failedAttempts, 1), SCHEDULE.size()) - 1);
		double factor = this.scale * (1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER));
		return Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor)));
	}
}
