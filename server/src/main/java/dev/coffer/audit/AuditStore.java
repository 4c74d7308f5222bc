package dev.coffer.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/** The {@code audit_events}, {@code audit_chain} and {@code audit_checkpoints} tables. */
@Component
class AuditStore {

	static final String SELECT = "SELECT " + String.join(", ", AuditEventView.COLUMNS) + " FROM audit_events";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	AuditStore(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/** Locks the chain head for the rest of the transaction: appends are serialized on every node. */
	Head lockHead() {
		return this.jdbc.sql("SELECT last_seq, last_hash, anchor_seq, anchor_hash, anchor_mac, head_mac FROM audit_chain WHERE id = 1 FOR UPDATE")
			.query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)))
			.single();
	}

	/** As {@link #lockHead}, but answers {@code null} at once when another transaction holds the lock. */
	Head tryLockHead() {
		return this.jdbc.sql("SELECT last_seq, last_hash, anchor_seq, anchor_hash, anchor_mac, head_mac FROM audit_chain WHERE id = 1 FOR UPDATE SKIP LOCKED")
			.query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)))
			.optional()
			.orElse(null);
	}

	Head head() {
		return this.jdbc.sql("SELECT last_seq, last_hash, anchor_seq, anchor_hash, anchor_mac, head_mac FROM audit_chain WHERE id = 1")
			.query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)))
			.single();
	}

	/**
	 * Inserts events unchained, in the caller's transaction (one batch): a provisional negative seq from
	 * {@code audit_pending_seq}, an empty prev_hash and {@code event.hash()} (the pending MAC). No lock
	 * is taken; {@link AuditChainer} gives them their place in the chain after the commit.
	 */
	void insertPending(List<AuditEventView> events) {
		insert("-nextval('audit_pending_seq')", events);
	}

	/** Inserts events already placed in the chain (seq, prev_hash, hash), with the head locked (one batch). */
	void insertChained(List<AuditEventView> events) {
		insert("?", events);
	}

	private void insert(String seq, List<AuditEventView> events) {
		boolean placed = "?".equals(seq);
		this.template.batchUpdate("INSERT INTO audit_events (" + String.join(", ", AuditEventView.COLUMNS) + ") VALUES ("
				+ seq + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				new org.springframework.jdbc.core.BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement ps, int i) throws SQLException {
						AuditEventView event = events.get(i);
						int at = 1;
						if (placed) {
							ps.setLong(at++, event.seq());
						}
						ps.setString(at++, event.id());
						ps.setObject(at++, event.occurredAt(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
						ps.setString(at++, event.actorKind());
						ps.setString(at++, event.actorId());
						ps.setString(at++, event.actorName());
						ps.setString(at++, event.keyName());
						ps.setString(at++, event.roles());
						ps.setString(at++, event.clientAddress());
						ps.setString(at++, event.action());
						ps.setString(at++, event.resourceType());
						ps.setString(at++, event.resourceId());
						ps.setString(at++, event.outcome());
						ps.setString(at++, event.requestId());
						ps.setString(at++, event.details());
						ps.setString(at++, placed ? event.prevHash() : "");
						ps.setString(at, event.hash());
					}

					@Override
					public int getBatchSize() {
						return events.size();
					}
				});
	}

	/**
	 * Up to {@code limit} committed unchained events, oldest first: their provisional seq is negative,
	 * and below {@code below} (0 for all).
	 */
	List<AuditEventView> pending(long below, int limit) {
		return this.jdbc.sql(SELECT + " WHERE seq < :below ORDER BY seq DESC LIMIT :limit")
			.param("below", below)
			.param("limit", limit)
			.query(AuditStore::map)
			.list();
	}

	/** Whether any committed event waits to be chained (one index probe, no lock). */
	boolean anyPending() {
		return !this.jdbc.sql("SELECT seq FROM audit_events WHERE seq < 0 LIMIT 1").query(Long.class).list().isEmpty();
	}

	/** Gives pending events their place in the chain (one batch): provisional seq to seq, prev_hash, hash. */
	void chain(List<Long> provisional, List<AuditEventView> chained) {
		this.template.batchUpdate("UPDATE audit_events SET seq = ?, prev_hash = ?, hash = ? WHERE seq = ?",
				new org.springframework.jdbc.core.BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement ps, int i) throws SQLException {
						AuditEventView event = chained.get(i);
						ps.setLong(1, event.seq());
						ps.setString(2, event.prevHash());
						ps.setString(3, event.hash());
						ps.setLong(4, provisional.get(i));
					}

					@Override
					public int getBatchSize() {
						return chained.size();
					}
				});
	}

	void moveHead(long seq, String hash, String mac) {
		this.jdbc.sql("UPDATE audit_chain SET last_seq = :seq, last_hash = :hash, head_mac = :mac WHERE id = 1")
			.param("seq", seq)
			.param("hash", hash)
			.param("mac", mac)
			.update();
	}

	void moveAnchor(long seq, String hash, String mac) {
		this.jdbc.sql("UPDATE audit_chain SET anchor_seq = :seq, anchor_hash = :hash, anchor_mac = :mac WHERE id = 1")
			.param("seq", seq)
			.param("hash", hash)
			.param("mac", mac)
			.update();
	}

	List<AuditEventView> list(AuditFilter filter, Paging paging) {
		return this.jdbc.sql(paging.sqlByKey(SELECT, filter.where(), "seq"))
			.params(paging.sqlParamsByNumericKey())
			.params(filter.params())
			.query(AuditStore::map)
			.list();
	}

	long count(AuditFilter filter) {
		return this.jdbc.sql("SELECT count(*) FROM audit_events WHERE " + filter.where())
			.params(filter.params())
			.query(Long.class)
			.single();
	}

	/**
	 * Streams matching events in seq order to {@code sink} with a server-side cursor (fetch size),
	 * so memory stays bounded however many there are. Must run inside a transaction: PostgreSQL
	 * only streams with autocommit off.
	 */
	void stream(AuditFilter filter, long fromSeq, long toSeq, Consumer<AuditEventView> sink) {
		Map<String, Object> params = new LinkedHashMap<>(filter.params());
		String sql = SELECT + " WHERE " + filter.where() + " AND seq >= ? AND seq <= ? ORDER BY seq";
		List<Object> values = new ArrayList<>();
		String positional = positional(sql, params, values);
		values.add(fromSeq);
		values.add(toSeq);
		this.template.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(positional, ResultSet.TYPE_FORWARD_ONLY,
					ResultSet.CONCUR_READ_ONLY);
			statement.setFetchSize(1000);
			for (int i = 0; i < values.size(); i++) {
				statement.setObject(i + 1, values.get(i));
			}
			return statement;
		}, (ResultSet rs) -> {
			sink.accept(map(rs, 0));
		});
	}

	/** Up to {@code limit} matching events from {@code fromSeq} on, in seq order: one short query. */
	List<AuditEventView> page(AuditFilter filter, long fromSeq, int limit) {
		return this.jdbc.sql(SELECT + " WHERE " + filter.where() + " AND seq >= :from_seq ORDER BY seq LIMIT :page_limit")
			.params(filter.params())
			.param("from_seq", fromSeq)
			.param("page_limit", limit)
			.query(AuditStore::map)
			.list();
	}

	/** The newest checkpoints first. */
	List<Checkpoint> latestCheckpoints(int limit) {
		return this.jdbc.sql("SELECT seq, hash, created_at, signature FROM audit_checkpoints ORDER BY seq DESC LIMIT :limit")
			.param("limit", limit)
			.query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
					rs.getString(4)))
			.list();
	}

	/** Deletes chained events before {@code seq} (never a pending one); returns how many. */
	int deleteBefore(long seq) {
		return this.jdbc.sql("DELETE FROM audit_events WHERE seq > 0 AND seq < :seq").param("seq", seq).update();
	}

	/** The seq of the first event at or after {@code time}, or empty. */
	java.util.Optional<Long> firstSeqAtOrAfter(OffsetDateTime time) {
		return this.jdbc.sql("SELECT min(seq) FROM audit_events WHERE seq > 0 AND occurred_at >= :time")
			.param("time", time)
			.query(Long.class)
			.optional();
	}

	java.util.Optional<AuditEventView> find(long seq) {
		return this.jdbc.sql(SELECT + " WHERE seq = :seq").param("seq", seq).query(AuditStore::map).optional();
	}

	void insertCheckpoint(long seq, String hash, OffsetDateTime at, String signature) {
		this.jdbc.sql("INSERT INTO audit_checkpoints (seq, hash, created_at, signature) VALUES (:seq, :hash, :at, :sig) ON CONFLICT DO NOTHING")
			.param("seq", seq)
			.param("hash", hash)
			.param("at", at)
			.param("sig", signature)
			.update();
	}

	List<Checkpoint> checkpoints(long fromSeq, int limit) {
		return this.jdbc.sql("SELECT seq, hash, created_at, signature FROM audit_checkpoints WHERE seq >= :from ORDER BY seq LIMIT :limit")
			.param("from", fromSeq)
			.param("limit", limit)
			.query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
					rs.getString(4)))
			.list();
	}

	long lastCheckpointSeq() {
		return this.jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_checkpoints").query(Long.class).single();
	}

	void deleteCheckpointsBefore(long seq) {
		this.jdbc.sql("DELETE FROM audit_checkpoints WHERE seq < :seq").param("seq", seq).update();
	}

	/** Named parameters to JDBC placeholders, in order. */
	private static String positional(String sql, Map<String, Object> params, List<Object> values) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(":([a-z_]+)").matcher(sql);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			values.add(params.get(matcher.group(1)));
			matcher.appendReplacement(out, "?");
		}
		matcher.appendTail(out);
		return out.toString();
	}

	static AuditEventView map(ResultSet rs, int row) throws SQLException {
		return new AuditEventView(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getString(4),
				rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
				rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
				rs.getString(16), rs.getString(17));
	}

	/** The chain head and the anchor verification starts from. */
	record Head(long lastSeq, String lastHash, long anchorSeq, String anchorHash, String anchorMac, String headMac) {
	}

	/** A signed checkpoint. */
	record Checkpoint(long seq, String hash, OffsetDateTime createdAt, String signature) {
	}
}
