package dev.coffer.identity;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.RateLimitedException;
import dev.coffer.api.security.Caller;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Per-key request rate limit (setting {@code rate_limit.requests_per_second_per_key}): a token
 * bucket per API key (or OIDC subject) per node, refilled every second; an empty bucket answers
 * 429 with Retry-After.
 */
@Component
class RequestRateLimiter {

	private final Settings settings;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	RequestRateLimiter(Settings settings) {
		this.settings = settings;
	}

	void check(Caller caller) {
		long perSecond = this.settings.getLong(SettingKey.RATE_LIMIT_REQUESTS_PER_SECOND_PER_KEY);
		String who = caller.keyName() != null ? "key|" + caller.keyName() : "principal|" + caller.reference();
		Bucket bucket = this.buckets.get(who + "|" + perSecond, any -> Bucket.builder()
			.addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new RateLimitedException(ErrorCode.RATE_LIMITED,
					"Rate limit of " + perSecond + " requests per second exceeded for this key",
					TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
		}
	}
}
