package dev.coffer.policy.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/** The {@code alert_rules} table. */
@Component
class RuleStore {

	private static final String SELECT = """
			SELECT id, name, description, kind, max_values, window_seconds, days, start_time, end_time, time_zone,
			       target_principal_id, target_role, action, enabled, created_at, updated_at, created_by
			FROM alert_rules""";

	private final JdbcClient jdbc;

	RuleStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Rule rule) {
		this.jdbc.sql("""
				INSERT INTO alert_rules (id, name, description, kind, max_values, window_seconds, days, start_time, end_time,
				                         time_zone, target_principal_id, target_role, action, enabled, created_at, updated_at,
				                         created_by)
				VALUES (:id, :name, :description, :kind, :maxValues, :windowSeconds, :days, :start, :end, :zone, :principalId,
				        :role, :action, :enabled, :createdAt, :updatedAt, :createdBy)""")
			.params(params(rule))
			.update();
	}

	/** Replaces every field but the id and creation; false if the rule is gone. */
	boolean update(Rule rule) {
		return this.jdbc.sql("""
				UPDATE alert_rules
				SET name = :name, description = :description, kind = :kind, max_values = :maxValues,
				    window_seconds = :windowSeconds, days = :days, start_time = :start, end_time = :end, time_zone = :zone,
				    target_principal_id = :principalId, target_role = :role, action = :action, enabled = :enabled,
				    updated_at = :updatedAt
				WHERE id = :id""")
			.params(params(rule))
			.update() == 1;
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM alert_rules WHERE id = :id").param("id", id).update() == 1;
	}

	Optional<Rule> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(RuleStore::map).optional();
	}

	/** Locks the rule's row for the rest of the transaction (serializes updates across nodes). */
	Optional<Rule> lock(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id FOR UPDATE").param("id", id).query(RuleStore::map).optional();
	}

	List<Rule> list(Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, "1=1")).params(paging.sqlParams()).query(RuleStore::map).list();
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM alert_rules").query(Long.class).single();
	}

	/** Every enabled rule: what the monitor evaluates. */
	List<Rule> enabled() {
		return this.jdbc.sql(SELECT + " WHERE enabled = TRUE ORDER BY id").query(RuleStore::map).list();
	}

	private static java.util.Map<String, Object> params(Rule rule) {
		TimeWindow window = rule.window();
		java.util.Map<String, Object> params = new java.util.HashMap<>();
		params.put("id", rule.id());
		params.put("name", rule.name());
		params.put("description", rule.description());
		params.put("kind", rule.kind());
		params.put("maxValues", rule.maxValues());
		params.put("windowSeconds", rule.windowSeconds());
		params.put("days", window == null ? null : window.daysText());
		params.put("start", window == null ? null : window.startText());
		params.put("end", window == null ? null : window.endText());
		params.put("zone", window == null ? null : window.zoneId());
		params.put("principalId", rule.principalId());
		params.put("role", rule.role());
		params.put("action", rule.action());
		params.put("enabled", rule.enabled());
		params.put("createdAt", rule.createdAt());
		params.put("updatedAt", rule.updatedAt());
		params.put("createdBy", rule.createdBy());
		return params;
	}

	private static Rule map(ResultSet rs, int row) throws SQLException {
		String days = rs.getString("days");
		TimeWindow window = days == null ? null
				: TimeWindow.stored(days, rs.getString("start_time"), rs.getString("end_time"), rs.getString("time_zone"));
		return new Rule(rs.getString("id"), rs.getString("name"), rs.getString("description"), rs.getString("kind"),
				(Long) rs.getObject("max_values", Long.class), (Long) rs.getObject("window_seconds", Long.class), window,
				rs.getString("target_principal_id"), rs.getString("target_role"), rs.getString("action"),
				rs.getBoolean("enabled"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("updated_at", OffsetDateTime.class), rs.getString("created_by"));
	}
}
