package dev.coffer.tokenization;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import dev.coffer.store.StoreProperties;

/**
 * The {@code vault_tokens} and {@code vault_deterministic} tables. Values arrive and leave
 * encrypted; every statement of the hot path is batched or reads up to {@value #CHUNK} keys at once
 * ({@value #EMBEDDED_LOOKUP_CHUNK} on the embedded store).
 */
@Component
class VaultStore {

	static final int CHUNK = 1000;

	/**
	 * Keys per {@code IN} lookup on the embedded store. H2 finds the rows of an {@code IN} list through
	 * the primary key, then evaluates the whole list again for each row found (n² comparisons: 13 % of
	 * the server's samples in embedded detokenize of 1,000 tokens); ten lookups of 100 cost about 0.65
	 * of one of 1,000 (bench/README.md). On PostgreSQL each chunk is a round trip, so 1,000 stays.
	 */
	static final int EMBEDDED_LOOKUP_CHUNK = 100;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final int lookupChunk;

	private static final String SELECT_STORED = "SELECT token, format, key_version, ciphertext, expires_at FROM vault_tokens";

	private static final RowMapper<StoredToken> STORED = (rs, n) -> new StoredToken(rs.getString(1), rs.getString(2),
			rs.getInt(3), rs.getBytes(4), rs.getObject(5, OffsetDateTime.class));

	/** PostgreSQL: rows of one shape are inserted by one {@code INSERT ... SELECT FROM unnest(...)}. */
	private final boolean postgres;

	VaultStore(JdbcClient jdbc, JdbcTemplate template, StoreProperties properties) {
		this.jdbc = jdbc;
		this.template = template;
		this.lookupChunk = properties.getStore().isEmbedded() ? EMBEDDED_LOOKUP_CHUNK : CHUNK;
		this.postgres = properties.getStore().isPostgres();
	}

	/**
	 * Inserts the rows whose token is still free; answers, per row, whether it was inserted (a row
	 * whose token is taken is skipped, not an error).
	 */
	boolean[] insertTokens(List<NewToken> rows) {
		if (this.postgres && rows.size() > 1 && oneShape(rows)) {
			return insertTokensUnnest(rows);
		}
		boolean[] inserted = new boolean[rows.size()];
		for (int start = 0; start < rows.size(); start += CHUNK) {
			List<NewToken> chunk = rows.subList(start, Math.min(rows.size(), start + CHUNK));
			int[] counts = this.template.batchUpdate("""
					INSERT INTO vault_tokens (token, format, key_version, value_hmac, deterministic, ciphertext,
					                          metadata, created_at, expires_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT DO NOTHING""", new BatchPreparedStatementSetter() {

				@Override
				public void setValues(PreparedStatement ps, int i) throws SQLException {
					NewToken row = chunk.get(i);
					ps.setString(1, row.token());
					ps.setString(2, row.format());
					ps.setInt(3, row.keyVersion());
					ps.setString(4, row.valueHmac());
					ps.setBoolean(5, row.deterministic());
					ps.setBytes(6, row.ciphertext());
					if (row.metadata() == null) {
						ps.setNull(7, Types.VARCHAR);
					}
					else {
						ps.setString(7, row.metadata());
					}
					ps.setObject(8, row.createdAt(), Types.TIMESTAMP_WITH_TIMEZONE);
					if (row.expiresAt() == null) {
						ps.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
					}
					else {
						ps.setObject(9, row.expiresAt(), Types.TIMESTAMP_WITH_TIMEZONE);
					}
				}

				@Override
				public int getBatchSize() {
					return chunk.size();
				}
			});
			for (int i = 0; i < counts.length; i++) {
				inserted[start + i] = rowInserted(counts[i]);
			}
		}
		return inserted;
	}

	/**
	 * PostgreSQL, rows that differ only in token, HMAC and ciphertext (a batch of one request): one
	 * statement per {@value #CHUNK} rows, the columns as arrays, instead of a JDBC batch of one
	 * {@code INSERT} per row. Same rows, same {@code ON CONFLICT DO NOTHING}; {@code RETURNING token}
	 * says which were inserted (the tokens of one call are distinct). One plan and one executor run
	 * instead of a thousand: measured about a quarter less PostgreSQL CPU per row than the batch
	 * (bench/README.md), and one message each way instead of a thousand.
	 */
	private boolean[] insertTokensUnnest(List<NewToken> rows) {
		boolean[] inserted = new boolean[rows.size()];
		NewToken first = rows.get(0);
		for (int start = 0; start < rows.size(); start += CHUNK) {
			List<NewToken> chunk = rows.subList(start, Math.min(rows.size(), start + CHUNK));
			String[] tokens = new String[chunk.size()];
			String[] hmacs = new String[chunk.size()];
			byte[][] ciphertexts = new byte[chunk.size()][];
			Map<String, Integer> at = new HashMap<>();
			for (int i = 0; i < chunk.size(); i++) {
				tokens[i] = chunk.get(i).token();
				hmacs[i] = chunk.get(i).valueHmac();
				ciphertexts[i] = chunk.get(i).ciphertext();
				if (at.put(tokens[i], start + i) != null) {
					throw new IllegalArgumentException("the same token twice in one insert");
				}
			}
			List<String> returned = this.template.query(con -> {
				PreparedStatement ps = con.prepareStatement("""
						INSERT INTO vault_tokens (token, format, key_version, value_hmac, deterministic, ciphertext,
						                          metadata, created_at, expires_at)
						SELECT t, ?, ?, h, ?, c, ?, ?, ? FROM unnest(?::varchar[], ?::varchar[], ?::bytea[]) AS r(t, h, c)
						ON CONFLICT DO NOTHING
						RETURNING token""");
				ps.setString(1, first.format());
				ps.setInt(2, first.keyVersion());
				ps.setBoolean(3, first.deterministic());
				if (first.metadata() == null) {
					ps.setNull(4, Types.VARCHAR);
				}
				else {
					ps.setString(4, first.metadata());
				}
				ps.setObject(5, first.createdAt(), Types.TIMESTAMP_WITH_TIMEZONE);
				if (first.expiresAt() == null) {
					ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
				}
				else {
					ps.setObject(6, first.expiresAt(), Types.TIMESTAMP_WITH_TIMEZONE);
				}
				ps.setArray(7, con.createArrayOf("varchar", tokens));
				ps.setArray(8, con.createArrayOf("varchar", hmacs));
				ps.setObject(9, ciphertexts);
				return ps;
			}, (rs, n) -> rs.getString(1));
			for (String token : returned) {
				Integer index = at.get(token);
				if (index == null) {
					throw new IllegalStateException("the store returned a token that was not inserted");
				}
				inserted[index] = true;
			}
		}
		return inserted;
	}

	/** Whether the rows share every column but token, HMAC and ciphertext. */
	private static boolean oneShape(List<NewToken> rows) {
		NewToken first = rows.get(0);
		for (NewToken row : rows) {
			if (!row.format().equals(first.format()) || row.keyVersion() != first.keyVersion()
					|| row.deterministic() != first.deterministic()
					|| !java.util.Objects.equals(row.metadata(), first.metadata())
					|| !java.util.Objects.equals(row.createdAt(), first.createdAt())
					|| !java.util.Objects.equals(row.expiresAt(), first.expiresAt())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether one row of an {@code ON CONFLICT DO NOTHING} batch was inserted. A driver that hides
	 * per-row counts (pgjdbc's {@code reWriteBatchedInserts=true}) would make a taken token look
	 * issued: refuse rather than guess (the store configuration also refuses that option).
	 */
	private static boolean rowInserted(int count) {
		if (count == java.sql.Statement.SUCCESS_NO_INFO) {
			throw new IllegalStateException("the store driver hides per-row update counts (reWriteBatchedInserts?)");
		}
		return count == 1;
	}

	/** Claims the deterministic slot of each (format, hmac) for its token; answers which claims won. */
	boolean[] claimDeterministic(String format, List<String> hmacs, List<String> tokens) {
		boolean[] claimed = new boolean[hmacs.size()];
		for (int start = 0; start < hmacs.size(); start += CHUNK) {
			int from = start;
			int size = Math.min(hmacs.size(), start + CHUNK) - start;
			int[] counts = this.template.batchUpdate(
					"INSERT INTO vault_deterministic (format, value_hmac, token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
					new BatchPreparedStatementSetter() {

						@Override
						public void setValues(PreparedStatement ps, int i) throws SQLException {
							ps.setString(1, format);
							ps.setString(2, hmacs.get(from + i));
							ps.setString(3, tokens.get(from + i));
						}

						@Override
						public int getBatchSize() {
							return size;
						}
					});
			for (int i = 0; i < counts.length; i++) {
				claimed[start + i] = rowInserted(counts[i]);
			}
		}
		return claimed;
	}

	/** The deterministic tokens already issued in {@code format}, by value HMAC. */
	Map<String, String> deterministicTokens(String format, Collection<String> hmacs) {
		Map<String, String> found = new HashMap<>();
		for (List<String> chunk : chunks(hmacs, this.lookupChunk)) {
			this.jdbc.sql("SELECT value_hmac, token FROM vault_deterministic WHERE format = :format AND value_hmac IN (:hmacs)")
				.param("format", format)
				.param("hmacs", chunk)
				.query((rs, n) -> found.put(rs.getString(1), rs.getString(2)))
				.list();
		}
		return found;
	}

	/** The stored rows of the tokens that exist. */
	Map<String, StoredToken> find(Collection<String> tokens) {
		Map<String, StoredToken> found = new HashMap<>();
		for (List<String> chunk : chunks(tokens, this.lookupChunk)) {
			// PostgreSQL: one array parameter instead of an IN list of up to 1,000, so one statement text for
			// every batch size and no list of parameters for the server to parse
			JdbcClient.StatementSpec lookup = this.postgres
					? this.jdbc.sql(SELECT_STORED + " WHERE token = ANY(:tokens)")
						.param("tokens", new SqlArrayValue("varchar", chunk.toArray()))
					: this.jdbc.sql(SELECT_STORED + " WHERE token IN (:tokens)").param("tokens", chunk);
			lookup.query(STORED).list().forEach(row -> found.put(row.token(), row));
		}
		return found;
	}

	/** Up to {@code limit} tokens held under one of {@code versions}, in token order after {@code after}. */
	List<StoredToken> heldUnder(Collection<Integer> versions, String after, int limit) {
		if (versions.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(SELECT_STORED + " WHERE key_version IN (:versions) AND token > :after ORDER BY token LIMIT :limit")
			.param("versions", versions)
			.param("after", after)
			.param("limit", limit)
			.query(STORED)
			.list();
	}

	/** How many tokens are held under one of {@code versions}. */
	long countHeldUnder(Collection<Integer> versions) {
		if (versions.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("SELECT COUNT(*) FROM vault_tokens WHERE key_version IN (:versions)")
			.param("versions", versions)
			.query(Long.class)
			.single();
	}

	/**
	 * Replaces the ciphertexts of tokens still held under their old version (a batch); answers how
	 * many were replaced.
	 */
	int rewrap(List<StoredToken> old, List<byte[]> ciphertexts, int version) {
		int[] counts = this.template.batchUpdate(
				"UPDATE vault_tokens SET key_version = ?, ciphertext = ? WHERE token = ? AND key_version = ?",
				new BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement ps, int i) throws SQLException {
						ps.setInt(1, version);
						ps.setBytes(2, ciphertexts.get(i));
						ps.setString(3, old.get(i).token());
						ps.setInt(4, old.get(i).keyVersion());
					}

					@Override
					public int getBatchSize() {
						return old.size();
					}
				});
		int replaced = 0;
		for (int count : counts) {
			replaced += count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : count;
		}
		return replaced;
	}

	void delete(Collection<String> tokens) {
		for (List<String> chunk : chunks(tokens, CHUNK)) {
			this.jdbc.sql("DELETE FROM vault_tokens WHERE token IN (:tokens)").param("tokens", chunk).update();
		}
	}

	private static List<List<String>> chunks(Collection<String> keys, int size) {
		List<String> all = new ArrayList<>(keys);
		List<List<String>> chunks = new ArrayList<>();
		for (int start = 0; start < all.size(); start += size) {
			chunks.add(all.subList(start, Math.min(all.size(), start + size)));
		}
		return chunks;
	}

	/** A token to store. Not a record: the ciphertext and metadata stay out of {@code toString()}. */
	static final class NewToken {

		private final String token;

		private final String format;

		private final int keyVersion;

		private final String valueHmac;

		private final boolean deterministic;

		private final byte[] ciphertext;

		private final String metadata;

		private final OffsetDateTime createdAt;

		private final OffsetDateTime expiresAt;

		NewToken(String token, String format, int keyVersion, String valueHmac, boolean deterministic,
				byte[] ciphertext, String metadata, OffsetDateTime createdAt, OffsetDateTime expiresAt) {
			this.token = token;
			this.format = format;
			this.keyVersion = keyVersion;
			this.valueHmac = valueHmac;
			this.deterministic = deterministic;
			this.ciphertext = ciphertext;
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

		String valueHmac() {
			return this.valueHmac;
		}

		boolean deterministic() {
			return this.deterministic;
		}

		byte[] ciphertext() {
			return this.ciphertext;
		}

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
			return "NewToken[format=" + this.format + ", v" + this.keyVersion + ", redacted]";
		}
	}

	/** A stored token. Not a record: the ciphertext stays out of {@code toString()}. */
	static final class StoredToken {

		private final String token;

		private final String format;

		private final int keyVersion;

		private final byte[] ciphertext;

		private final OffsetDateTime expiresAt;

		StoredToken(String token, String format, int keyVersion, byte[] ciphertext, OffsetDateTime expiresAt) {
			this.token = token;
			this.format = format;
			this.keyVersion = keyVersion;
			this.ciphertext = ciphertext;
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

		byte[] ciphertext() {
			return this.ciphertext;
		}

		OffsetDateTime expiresAt() {
			return this.expiresAt;
		}

		@Override
		public String toString() {
			return "StoredToken[format=" + this.format + ", v" + this.keyVersion + ", redacted]";
		}
	}
}
