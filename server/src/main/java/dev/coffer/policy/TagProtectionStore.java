package dev.coffer.policy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/**
 * The {@code tag_protections} table. Every change of a row's status is conditional (on its status
 * or on the change it applies), so concurrent requests and jobs on any node settle in the store.
 */
@Component
class TagProtectionStore {

	static final String PENDING = "pending";

	static final String APPLIED = "applied";

	static final String FAILED = "failed";

	static final String CREATE = "create";

	static final String UPDATE = "update";

	static final String DELETE = "delete";

	private static final String SELECT = """
			SELECT id, tag, tag_value, protection_type, description, definition, status, change_kind, change_id, job_id,
			       policy_id, failure_code, failure_message, created_at, updated_at, applied_at, created_by
			FROM tag_protections""";

	private final JdbcClient jdbc;

	TagProtectionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored protection; {@code tagValue} is {@code ""} for any value. */
	record Row(String id, String tag, String tagValue, String protectionType, String description, String definition,
			String status, String change, String changeId, String jobId, String policyId, String failureCode,
			String failureMessage, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime appliedAt,
			String createdBy) {

		boolean pending() {
			return PENDING.equals(this.status);
		}
	}

	void insert(String id, String tag, String tagValue, String type, String description, String definition,
			String changeId, String jobId, String createdBy, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO tag_protections (id, tag, tag_value, protection_type, description, definition, status, change_kind,
				                             change_id, job_id, created_at, updated_at, created_by)
				VALUES (:id, :tag, :value, :type, :description, :definition, 'pending', 'create', :change, :job, :now, :now, :by)""")
			.param("id", id)
			.param("tag", tag)
			.param("value", tagValue)
			.param("type", type)
			.param("description", description)
			.param("definition", definition)
			.param("change", changeId)
			.param("job", jobId)
			.param("now", now)
			.param("by", createdBy)
			.update();
	}

	Optional<Row> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(this::map).optional();
	}

	/** The row, locked until the transaction ends (a job applying it). */
	Optional<Row> lock(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
	}

	Optional<Row> findByTag(String tag, String tagValue) {
		return this.jdbc.sql(SELECT + " WHERE tag = :tag AND tag_value = :value")
			.param("tag", tag)
			.param("value", tagValue)
			.query(this::map)
			.optional();
	}

	/** The protections whose pending change job {@code jobId} applies. */
	List<Row> pendingOfJob(String jobId) {
		return this.jdbc.sql(SELECT + " WHERE job_id = :job AND status = 'pending'").param("job", jobId).query(this::map).list();
	}

	List<Row> list(Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, "1=1")).params(paging.sqlParams()).query(this::map).list();
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM tag_protections").query(Long.class).single();
	}

	/**
	 * Starts a change of a protection that has none pending; false when one is (or the row is gone).
	 * {@code definition} and {@code type} are {@code null} to keep them (a deletion).
	 */
	boolean beginChange(String id, String change, String changeId, String type, String description, String definition,
			String jobId, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE tag_protections SET status = 'pending', change_kind = :change, change_id = :changeId, job_id = :job,
				       protection_type = COALESCE(:type, protection_type), description = CASE WHEN :keep THEN description ELSE :description END,
				       definition = COALESCE(:definition, definition), failure_code = NULL, failure_message = NULL,
				       updated_at = :now
				WHERE id = :id AND status <> 'pending'""")
			.param("change", change)
			.param("changeId", changeId)
			.param("job", jobId)
			.param("type", type, java.sql.Types.VARCHAR)
			.param("keep", definition == null)
			.param("description", description, java.sql.Types.VARCHAR)
			.param("definition", definition, java.sql.Types.VARCHAR)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	boolean markApplied(String id, String changeId, String policyId, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE tag_protections SET status = 'applied', policy_id = :policy, applied_at = :now, updated_at = :now
				WHERE id = :id AND change_id = :changeId AND status = 'pending'""")
			.param("policy", policyId)
			.param("now", now)
			.param("id", id)
			.param("changeId", changeId)
			.update() == 1;
	}

	boolean markFailed(String id, String changeId, String code, String message, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE tag_protections SET status = 'failed', failure_code = :code, failure_message = :message, updated_at = :now
				WHERE id = :id AND change_id = :changeId AND status = 'pending'""")
			.param("code", code)
			.param("message", message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
			.param("now", now)
			.param("id", id)
			.param("changeId", changeId)
			.update() == 1;
	}

	/** Deletes a protection whose deletion is being applied. */
	boolean delete(String id, String changeId) {
		return this.jdbc.sql("DELETE FROM tag_protections WHERE id = :id AND change_id = :changeId AND status = 'pending'")
			.param("id", id)
			.param("changeId", changeId)
			.update() == 1;
	}

	private Row map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
				rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
				rs.getString(13), rs.getObject(14, OffsetDateTime.class), rs.getObject(15, OffsetDateTime.class),
				rs.getObject(16, OffsetDateTime.class), rs.getString(17));
	}
}
