package dev.coffer.tokenization;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code vault_tokens} rows as token management sees them: what is known about a token
 * without its ciphertext, deletion, and the expired tokens the purge job deletes. Reads and
 * deletes up to {@value VaultStore#CHUNK} tokens per statement.
 */
@Component
class TokenRecords {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	TokenRecords(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/**
	 * What the store holds about the tokens that exist, never their ciphertext.
	 * @param withMetadata whether to read the caller's metadata too (the live check does not)
	 */
	Map<String, Entry> find(Collection<String> tokens, boolean withMetadata) {
		Map<String, Entry> found = new HashMap<>();
		String metadata = withMetadata ? "metadata" : "NULL";
		for (List<String> chunk : chunks(tokens)) {
			this.jdbc.sql("SELECT token, format, key_version, deterministic, " + metadata + ", created_at, expires_at "
					+ "FROM vault_tokens WHERE token IN (:tokens)")
				.param("tokens", chunk)
				.query((rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4),
						rs.getString(5), utc(rs.getObject(6, OffsetDateTime.class)),
						utc(rs.getObject(7, OffsetDateTime.class))))
				.list()
				.forEach(entry -> found.put(entry.token(), entry));
		}
		return found;
	}

	/**
	 * Deletes each token (and, through the foreign key, its deterministic slot); answers per token
	 * whether it existed. Call with distinct tokens, inside the transaction that audits it.
	 */
	boolean[] delete(List<String> tokens) {
		boolean[] deleted = new boolean[tokens.size()];
		for (int start = 0; start < tokens.size(); start += VaultStore.CHUNK) {
			List<String> chunk = tokens.subList(start, Math.min(tokens.size(), start + VaultStore.CHUNK));
			int[] counts = this.template.batchUpdate("DELETE FROM vault_tokens WHERE token = ?",
					new BatchPreparedStatementSetter() {

						@Override
						public void setValues(PreparedStatement ps, int i) throws SQLException {
							ps.setString(1, chunk.get(i));
						}

						@Override
						public int getBatchSize() {
							return chunk.size();
						}
					});
			for (int i = 0; i < counts.length; i++) {
				if (counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
					throw new IllegalStateException("the store driver hides per-row update counts");
				}
				deleted[start + i] = counts[i] > 0;
			}
		}
		return deleted;
	}

	/** Up to {@code limit} tokens that expired before {@code cutoff}, earliest first. */
	List<String> expiredBefore(OffsetDateTime cutoff, int limit) {
		return this.jdbc.sql("SELECT token FROM vault_tokens WHERE expires_at < :cutoff ORDER BY expires_at LIMIT :limit")
			.param("cutoff", cutoff)
			.param("limit", limit)
			.query(String.class)
			.list();
	}

	/** Whether any token expired before {@code cutoff}: one index probe. */
	boolean anyExpiredBefore(OffsetDateTime cutoff) {
		return !expiredBefore(cutoff, 1).isEmpty();
	}

	long countExpiredBefore(OffsetDateTime cutoff) {
		return this.jdbc.sql("SELECT count(*) FROM vault_tokens WHERE expires_at < :cutoff")
			.param("cutoff", cutoff)
			.query(Long.class)
			.single();
	}

	/**
	 * Deletes those of {@code tokens} that still expired before {@code cutoff}; answers how many
	 * went (fewer when another node purged some meanwhile).
	 */
	int deleteExpired(List<String> tokens, OffsetDateTime cutoff) {
		if (tokens.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM vault_tokens WHERE token IN (:tokens) AND expires_at < :cutoff")
			.param("tokens", tokens)
			.param("cutoff", cutoff)
			.update();
	}

	private static OffsetDateTime utc(OffsetDateTime time) {
		return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
	}

	private static List<List<String>> chunks(Collection<String> keys) {
		List<String> all = new ArrayList<>(keys);
		List<List<String>> chunks = new ArrayList<>();
		for (int start = 0; start < all.size(); start += VaultStore.CHUNK) {
			chunks.add(all.subList(start, Math.min(all.size(), start + VaultStore.CHUNK)));
		}
		return chunks;
	}

	/**
	 * One stored token without its ciphertext. Not a record: the token (which can carry part of a
	 * value) and the caller's metadata stay out of {@code toString()}.
	 */
	static final class Entry {

		private final String token;

		private final String format;

		private final int keyVersion;

		private final boolean deterministic;

		private final String metadata;

		private final OffsetDateTime createdAt;

		private final OffsetDateTime expiresAt;

		Entry(String token, String format, int keyVersion, boolean deterministic, String metadata,
				OffsetDateTime createdAt, OffsetDateTime expiresAt) {
			this.token = token;
			this.format = format;
			this.keyVersion = keyVersion;
			this.deterministic = deterministic;
			this.metadata = metadata;
			this.createdAt = createdAt;
			this.expiresAt = expiresAt;
		}

		String token() {
			return this.token;
		}

		String format() {
			return this.format;
		}

		int keyVersion() {
			return this.keyVersion;
		}

		boolean deterministic() {
			return this.deterministic;
		}

		/** The caller's metadata as JSON text, or {@code null}. */
		String metadata() {
			return this.metadata;
		}

		OffsetDateTime createdAt() {
			return this.createdAt;
		}

		OffsetDateTime expiresAt() {
			return this.expiresAt;
		}

		@Override
		public String toString() {
			return "Entry[format=" + this.format + ", v" + this.keyVersion + ", redacted]";
		}
	}
}
