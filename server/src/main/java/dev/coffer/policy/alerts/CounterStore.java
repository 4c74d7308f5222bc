package dev.coffer.policy.alerts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code access_counters} table: protected values per rule, principal and time bucket, shared
 * by every node. A rate rule's window of {@code W} seconds is counted in buckets of
 * {@code max(1, W / 12)} seconds; the current bucket and the ones before it that fit the window are
 * summed, a sliding window whose length is within one bucket of {@code W}. Each addition is one
 * atomic {@code UPDATE ... SET hits = hits + n} (the row lock serializes nodes), preceded by an
 * {@code INSERT ... ON CONFLICT DO NOTHING} only when the bucket is new; both stores support both.
 */
@Component
class CounterStore {

	/** Sub-buckets per window. */
	static final int BUCKETS = 12;

	private final JdbcClient jdbc;

	CounterStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds {@code amount} at {@code epochSecond} and answers the total within the window ending then.
	 */
	long add(String ruleId, String principal, long amount, long windowSeconds, long epochSecond) {
		Buckets buckets = Buckets.of(windowSeconds, epochSecond);
		if (increment(ruleId, principal, buckets.current(), amount) == 0) {
			int inserted = this.jdbc.sql("""
					INSERT INTO access_counters (rule_id, principal_ref, bucket_start, hits, expires_at)
					VALUES (:rule, :principal, :bucket, :amount, :expires)
					ON CONFLICT DO NOTHING""")
				.param("rule", ruleId)
				.param("principal", principal)
				.param("bucket", buckets.current())
				.param("amount", amount)
				.param("expires", buckets.expiresAt())
				.update();
			if (inserted == 0) {
				// another node created the bucket in between: add to its row
				increment(ruleId, principal, buckets.current(), amount);
			}
		}
		return this.jdbc.sql("""
				SELECT COALESCE(SUM(hits), 0) FROM access_counters
				WHERE rule_id = :rule AND principal_ref = :principal AND bucket_start >= :from""")
			.param("rule", ruleId)
			.param("principal", principal)
			.param("from", buckets.oldest())
			.query(Long.class)
			.single();
	}

	/** Forgets the counts of one principal under one rule (its alert was resolved). */
	void reset(String ruleId, String principal) {
		this.jdbc.sql("DELETE FROM access_counters WHERE rule_id = :rule AND principal_ref = :principal")
			.param("rule", ruleId)
			.param("principal", principal)
			.update();
	}

	/** Forgets every count of a rule (its window or target changed). */
	void reset(String ruleId) {
		this.jdbc.sql("DELETE FROM access_counters WHERE rule_id = :rule").param("rule", ruleId).update();
	}

	/** Deletes the buckets that no longer count at {@code epochSecond}; answers how many. */
	int prune(long epochSecond) {
		return this.jdbc.sql("DELETE FROM access_counters WHERE expires_at < :now").param("now", epochSecond).update();
	}

	private int increment(String ruleId, String principal, long bucket, long amount) {
		return this.jdbc.sql("""
				UPDATE access_counters SET hits = hits + :amount
				WHERE rule_id = :rule AND principal_ref = :principal AND bucket_start = :bucket""")
			.param("amount", amount)
			.param("rule", ruleId)
			.param("principal", principal)
			.param("bucket", bucket)
			.update();
	}

	/**
	 * The buckets of a window at one moment: the current bucket's start, the oldest bucket start
	 * still counted, and when the current bucket stops counting (all in epoch seconds).
	 */
	record Buckets(long size, long current, long oldest, long expiresAt) {

		static Buckets of(long windowSeconds, long epochSecond) {
			long size = Math.max(1, windowSeconds / BUCKETS);
			long count = (windowSeconds + size - 1) / size;
			long current = epochSecond - Math.floorMod(epochSecond, size);
			return new Buckets(size, current, current - (count - 1) * size, current + count * size);
		}
	}
}
