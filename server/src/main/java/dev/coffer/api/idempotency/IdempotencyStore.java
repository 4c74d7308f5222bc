package dev.coffer.api.idempotency;

import dev.coffer.api.Times;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.keys.RootKey;

/**
 * Idempotency records in the store, so every node replays the same response. A record is claimed
 * ({@code in_progress}) before the handler runs and completed with the response, whose body is
 * sealed under the root key bound to the caller and key.
 */
@Component
class IdempotencyStore {

	static final String IN_PROGRESS = "in_progress";

	static final String COMPLETED = "completed";

	/** A claim older than this is from a node that died mid-request and may be taken over. */
	static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

	private final JdbcClient jdbc;

	private final RootKey rootKey;

	IdempotencyStore(JdbcClient jdbc, RootKey rootKey) {
		this.jdbc = jdbc;
		this.rootKey = rootKey;
	}

	/**
	 * Claims the key for this request. A claim older than {@link #ABANDONED_AFTER} is taken over,
	 * but only by a retry of the same request (same hash), so a different body still gets its 422.
	 * @return the claim's time if this request now owns the key, else the record that does
	 */
	Claim claim(String caller, String key, String requestHash) {
		OffsetDateTime now = Times.now();
		try {
			this.jdbc.sql("""
					INSERT INTO idempotency_records (caller, idempotency_key, request_hash, state, created_at)
					VALUES (:caller, :key, :hash, :state, :now)""")
				.param("caller", caller)
				.param("key", key)
				.param("hash", requestHash)
				.param("state", IN_PROGRESS)
				.param("now", now)
				.update();
			return new Claim(now, null);
		}
		catch (DuplicateKeyException exists) {
			Optional<Record> existing = find(caller, key);
			if (existing.isEmpty()) {
				return claim(caller, key, requestHash);
			}
			Record record = existing.get();
			if (record.abandoned(now) && record.requestHash().equals(requestHash)) {
				int taken = this.jdbc.sql("""
						UPDATE idempotency_records SET created_at = :now
						WHERE caller = :caller AND idempotency_key = :key AND state = :state AND created_at = :created
						  AND request_hash = :hash""")
					.param("now", now)
					.param("caller", caller)
					.param("key", key)
					.param("state", IN_PROGRESS)
					.param("created", record.createdAt())
					.param("hash", requestHash)
					.update();
				if (taken == 1) {
					return new Claim(now, null);
				}
				return new Claim(null, find(caller, key).orElse(record));
			}
			return new Claim(null, record);
		}
	}

	/** Stores the response, if this request still owns the claim it made at {@code claimedAt}. */
	void complete(String caller, String key, OffsetDateTime claimedAt, int status, String headers, byte[] body) {
		byte[] sealed = this.rootKey.encrypt(body, associatedData(caller, key));
		this.jdbc.sql("""
				UPDATE idempotency_records
				SET state = :completed, response_status = :status, response_headers = :headers, response_body = :body,
				    completed_at = :now
				WHERE caller = :caller AND idempotency_key = :key AND state = :inProgress AND created_at = :claimedAt""")
			.param("completed", COMPLETED)
			.param("status", status)
			.param("headers", headers)
			.param("body", sealed)
			.param("now", Times.now())
			.param("caller", caller)
			.param("key", key)
			.param("inProgress", IN_PROGRESS)
			.param("claimedAt", claimedAt)
			.update();
	}

	/** Gives up this request's claim (made at {@code claimedAt}) so the key can be retried. */
	void release(String caller, String key, OffsetDateTime claimedAt) {
		this.jdbc.sql("""
				DELETE FROM idempotency_records
				WHERE caller = :caller AND idempotency_key = :key AND state = :state AND created_at = :claimedAt""")
			.param("caller", caller)
			.param("key", key)
			.param("state", IN_PROGRESS)
			.param("claimedAt", claimedAt)
			.update();
	}

	byte[] openBody(Record record, String caller, String key) {
		return this.rootKey.decrypt(record.body(), associatedData(caller, key));
	}

	int purgeOlderThan(OffsetDateTime cutoff) {
		return this.jdbc.sql("DELETE FROM idempotency_records WHERE created_at < :cutoff")
			.param("cutoff", cutoff)
			.update();
	}

	private Optional<Record> find(String caller, String key) {
		return this.jdbc.sql("""
				SELECT request_hash, state, response_status, response_headers, response_body, created_at
				FROM idempotency_records WHERE caller = :caller AND idempotency_key = :key""")
			.param("caller", caller)
			.param("key", key)
			.query((rs, n) -> new Record(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
					rs.getBytes(5), rs.getObject(6, OffsetDateTime.class)))
			.optional();
	}

	private static byte[] associatedData(String caller, String key) {
		return ("idempotency_records/" + caller + "/" + key).getBytes(StandardCharsets.UTF_8);
	}

	/** The outcome of {@link #claim}: {@code claimedAt} when this request owns the key, else {@code existing}. */
	record Claim(OffsetDateTime claimedAt, Record existing) {
	}

	/** A stored record; {@code body} is sealed. Not printed: it may hold a secret shown once. */
	static final class Record {

		private final String requestHash;

		private final String state;

		private final int status;

		private final String headers;

		private final byte[] body;

		private final OffsetDateTime createdAt;

		Record(String requestHash, String state, int status, String headers, byte[] body, OffsetDateTime createdAt) {
			this.requestHash = requestHash;
			this.state = state;
			this.status = status;
			this.headers = headers;
			this.body = body;
			this.createdAt = createdAt;
		}

		String requestHash() {
			return this.requestHash;
		}

		boolean completed() {
			return COMPLETED.equals(this.state);
		}

		int status() {
			return this.status;
		}

		String headers() {
			return this.headers;
		}

		byte[] body() {
			return this.body;
		}

		OffsetDateTime createdAt() {
			return this.createdAt;
		}

		boolean abandoned(OffsetDateTime now) {
			return !completed() && this.createdAt.plus(ABANDONED_AFTER).isBefore(now);
		}

		@Override
		public String toString() {
			return "IdempotencyRecord[state=" + this.state + ", status=" + this.status + "]";
		}
	}
}
