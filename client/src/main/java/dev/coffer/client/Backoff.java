package dev.coffer.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1 for the first) wait a uniformly
 * random time in {@code [0, min(cap, base * 2^(n-1))]}, so that many clients refused at once do
 * not come back at once.
 *
 * @see <a href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential backoff and jitter</a>
 */
final class Backoff {

	private final long baseNanos;

	private final long capNanos;

	Backoff(Duration base, Duration cap) {
		this.baseNanos = base.toNanos();
		this.capNanos = cap.toNanos();
	}

	/** The upper bound of the wait before retry {@code retry} (1-based). */
	Duration ceiling(int retry) {
		int shift = Math.min(Math.max(retry - 1, 0), 62);
		long ceiling = this.baseNanos > (this.capNanos >> shift) ? this.capNanos : this.baseNanos << shift;
		return Duration.ofNanos(Math.min(ceiling, this.capNanos));
	}

	/** A random wait in {@code [0, ceiling(retry)]}. */
	Duration jittered(int retry) {
		long ceiling = ceiling(retry).toNanos();
		return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

	/** A random wait in {@code [0, base]}, added to a server's Retry-After to spread the callers it named. */
	Duration spread() {
		return Duration.ofNanos(ThreadLocalRandom.current().nextLong(this.baseNanos + 1));
	}
}
