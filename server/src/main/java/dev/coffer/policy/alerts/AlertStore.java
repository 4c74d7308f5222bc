package dev.coffer.policy.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/**
 * The {@code alerts} and {@code alert_notes} tables. An alert not yet resolved holds its
 * {@code open_key} ({@code rule id|principal reference}), unique, so each rule and principal has
 * at most one such alert on every node.
 */
@Component
class AlertStore {

	static final String OPEN = "open";

	static final String ACKNOWLEDGED = "acknowledged";

	static final String RESOLVED = "resolved";

	private static final String SELECT = """
			SELECT id, rule_id, rule_name, kind, action, blocks, principal_ref, principal_id, principal_kind, principal_name,
			       status, reason, last_reason, hits, observed_values, max_values, window_seconds, opened_at, last_seen_at,
			       acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolution
			FROM alerts""";

	private final JdbcClient jdbc;

	AlertStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	static String openKey(String ruleId, String principal) {
		return ruleId + "|" + principal;
	}

	/**
	 * Counts one more trip on the unresolved alert of {@code openKey}, if there is one; a trip of a
	 * {@code block} rule makes it block (the rule may have changed to block since it opened).
	 */
	Optional<Open> hit(String openKey, OffsetDateTime now, String reason, Long observed, boolean blocks) {
		int updated = this.jdbc.sql("""
				UPDATE alerts SET hits = hits + 1, last_seen_at = :now, last_reason = :reason,
				       observed_values = COALESCE(:observed, observed_values),
				       blocks = CASE WHEN :blocks THEN TRUE ELSE blocks END
				WHERE open_key = :key""")
			.param("now", now)
			.param("reason", reason)
			.param("observed", observed, java.sql.Types.BIGINT)
			.param("blocks", blocks)
			.param("key", openKey)
			.update();
		if (updated == 0) {
			return Optional.empty();
		}
		return this.jdbc.sql("SELECT id, blocks, hits FROM alerts WHERE open_key = :key")
			.param("key", openKey)
			.query((rs, row) -> new Open(rs.getString(1), rs.getBoolean(2), rs.getLong(3)))
			.optional();
	}

	void insert(AlertView alert, boolean blocks) {
		this.jdbc.sql("""
				INSERT INTO alerts (id, rule_id, rule_name, kind, action, blocks, principal_ref, principal_id, principal_kind,
				                    principal_name, status, open_key, reason, last_reason, hits, observed_values, max_values,
				                    window_seconds, opened_at, last_seen_at)
				VALUES (:id, :ruleId, :ruleName, :kind, :action, :blocks, :principal, :principalId, :principalKind,
				        :principalName, :status, :openKey, :reason, :reason, 1, :observed, :maxValues, :windowSeconds, :now, :now)""")
			.param("id", alert.id())
			.param("ruleId", alert.ruleId())
			.param("ruleName", alert.ruleName())
			.param("kind", alert.kind())
			.param("action", alert.action())
			.param("blocks", blocks)
			.param("principal", alert.principal())
			.param("principalId", alert.principalId())
			.param("principalKind", alert.principalKind())
			.param("principalName", alert.principalName(), java.sql.Types.VARCHAR)
			.param("status", OPEN)
			.param("openKey", openKey(alert.ruleId(), alert.principal()))
			.param("reason", alert.reason())
			.param("observed", alert.observedValues(), java.sql.Types.BIGINT)
			.param("maxValues", alert.maxValues(), java.sql.Types.BIGINT)
			.param("windowSeconds", alert.windowSeconds(), java.sql.Types.BIGINT)
			.param("now", alert.openedAt())
			.update();
	}

	Optional<AlertView> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(AlertStore::map).optional();
	}

	/** Reads the alert and locks its row for the rest of the transaction (serializes transitions across nodes). */
	Optional<AlertView> lock(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id FOR UPDATE").param("id", id).query(AlertStore::map).optional();
	}

	List<AlertView> list(Filter filter, Paging paging) {
		Map<String, Object> params = new HashMap<>(paging.sqlParams());
		params.putAll(filter.params());
		return this.jdbc.sql(paging.sql(SELECT, filter.where())).params(params).query(AlertStore::map).list();
	}

	long count(Filter filter) {
		return this.jdbc.sql("SELECT count(*) FROM alerts WHERE " + filter.where())
			.params(filter.params())
			.query(Long.class)
			.single();
	}

	void acknowledge(String id, OffsetDateTime now, String by) {
		this.jdbc.sql("UPDATE alerts SET status = :status, acknowledged_at = :now, acknowledged_by = :by WHERE id = :id")
			.param("status", ACKNOWLEDGED)
			.param("now", now)
			.param("by", by)
			.param("id", id)
			.update();
	}

	void resolve(String id, OffsetDateTime now, String by, String resolution) {
		this.jdbc.sql("""
				UPDATE alerts SET status = :status, open_key = NULL, resolved_at = :now, resolved_by = :by,
				       resolution = :resolution
				WHERE id = :id""")
			.param("status", RESOLVED)
			.param("now", now)
			.param("by", by)
			.param("resolution", resolution)
			.param("id", id)
			.update();
	}

	/** The principals blocked now, each with the oldest alert that blocks it. */
	Map<String, String> blocking() {
		Map<String, String> blocked = new LinkedHashMap<>();
		this.jdbc.sql("SELECT principal_ref, id FROM alerts WHERE blocks = TRUE AND status <> :resolved ORDER BY id")
			.param("resolved", RESOLVED)
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.forEach(entry -> blocked.putIfAbsent(entry.getKey(), entry.getValue()));
		return blocked;
	}

	void insertNote(NoteView note) {
		this.jdbc.sql("""
				INSERT INTO alert_notes (id, alert_id, body, author, author_name, created_at)
				VALUES (:id, :alertId, :body, :author, :authorName, :now)""")
			.param("id", note.id())
			.param("alertId", note.alertId())
			.param("body", note.text())
			.param("author", note.author())
			.param("authorName", note.authorName(), java.sql.Types.VARCHAR)
			.param("now", note.createdAt())
			.update();
	}

	List<NoteView> notes(String alertId, Paging paging) {
		Map<String, Object> params = new HashMap<>(paging.sqlParams());
		params.put("alertId", alertId);
		return this.jdbc.sql(paging.sql("SELECT id, alert_id, body, author, author_name, created_at FROM alert_notes",
				"alert_id = :alertId"))
			.params(params)
			.query((rs, row) -> new NoteView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getObject(6, OffsetDateTime.class)))
			.list();
	}

	long countNotes(String alertId) {
		return this.jdbc.sql("SELECT count(*) FROM alert_notes WHERE alert_id = :alertId")
			.param("alertId", alertId)
			.query(Long.class)
			.single();
	}

	private static AlertView map(ResultSet rs, int row) throws SQLException {
		String status = rs.getString("status");
		boolean blocks = rs.getBoolean("blocks");
		return new AlertView(rs.getString("id"), rs.getString("rule_id"), rs.getString("rule_name"), rs.getString("kind"),
				rs.getString("action"), rs.getString("principal_ref"), rs.getString("principal_id"),
				rs.getString("principal_kind"), rs.getString("principal_name"), status, blocks && !RESOLVED.equals(status),
				rs.getString("reason"), rs.getString("last_reason"), rs.getLong("hits"),
				rs.getObject("observed_values", Long.class), rs.getObject("max_values", Long.class),
				rs.getObject("window_seconds", Long.class), rs.getObject("opened_at", OffsetDateTime.class),
				rs.getObject("last_seen_at", OffsetDateTime.class), rs.getObject("acknowledged_at", OffsetDateTime.class),
				rs.getString("acknowledged_by"), rs.getObject("resolved_at", OffsetDateTime.class),
				rs.getString("resolved_by"), rs.getString("resolution"));
	}

	/** The alert of an open key: its id, whether it blocks, and its hits so far. */
	record Open(String id, boolean blocks, long hits) {
	}

	/** List filters; each {@code null} means any. */
	record Filter(String status, String ruleId, String principalId) {

		String where() {
			StringBuilder where = new StringBuilder("1=1");
			if (this.status != null) {
				where.append(" AND status = :status");
			}
			if (this.ruleId != null) {
				where.append(" AND rule_id = :ruleId");
			}
			if (this.principalId != null) {
				where.append(" AND principal_id = :principalId");
			}
			return where.toString();
		}

		Map<String, Object> params() {
			Map<String, Object> params = new HashMap<>();
			if (this.status != null) {
				params.put("status", this.status);
			}
			if (this.ruleId != null) {
				params.put("ruleId", this.ruleId);
			}
			if (this.principalId != null) {
				params.put("principalId", this.principalId);
			}
			return params;
		}
	}
}
