package dev.coffer.identity;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.RateLimitedException;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Slows down credential guessing: each failed authentication takes a token from the bucket of the
 * client address and of the key name; an empty bucket refuses further attempts (429 with
 * Retry-After) until it refills. Limits come from the {@code auth.failures_per_minute_*} settings.
 * Buckets are per node, so N nodes allow at most N times the limit.
 */
@Component
class AuthFailureLimiter {

	private final Settings settings;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	AuthFailureLimiter(Settings settings) {
		this.settings = settings;
	}

	/** @throws RateLimitedException if the address or the key name has no attempts left */
	void checkAllowed(String address, String keyName) {
		check(addressBucket(address));
		if (keyName != null) {
			check(keyBucket(keyName));
		}
	}

	void recordFailure(String address, String keyName) {
		addressBucket(address).tryConsume(1);
		if (keyName != null) {
			keyBucket(keyName).tryConsume(1);
		}
	}

	private Bucket addressBucket(String address) {
		long limit = this.settings.getLong(SettingKey.AUTH_FAILURES_PER_MINUTE_PER_ADDRESS);
		return bucket("address|" + limit + "|" + address, limit);
	}

	private Bucket keyBucket(String keyName) {
		long limit = this.settings.getLong(SettingKey.AUTH_FAILURES_PER_MINUTE_PER_KEY);
		return bucket("key|" + limit + "|" + keyName, limit);
	}

	private Bucket bucket(String id, long perMinute) {
		return this.buckets.get(id, any -> Bucket.builder()
			.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
			.build());
	}

	private static void check(Bucket bucket) {
		if (bucket.getAvailableTokens() < 1) {
			long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
			throw new RateLimitedException(ErrorCode.TOO_MANY_FAILED_AUTHENTICATIONS,
					"Too many failed authentication attempts; retry later",
					TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
		}
	}
}
