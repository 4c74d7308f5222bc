package dev.coffer.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/**
 * The {@code jobs} table. Every write a worker makes after the claim is conditional on its lease
 * ({@code lease_owner = :node}), so a node that lost a job can no longer change it.
 */
@Component
class JobStore {

	private static final String COLUMNS = "id, type, status, params, progress_done, progress_total, checkpoint, result, error, "
			+ "attempts, run_after, lease_owner, lease_expires_at, cancel_requested, created_by, notify_url, created_at, "
			+ "started_at, finished_at";

	private static final String SELECT = "SELECT " + COLUMNS + " FROM jobs";

	private static final String LIVE = "('queued', 'running')";

	private final JdbcClient jdbc;

	JobStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String type, String params, String createdBy, String notifyUrl, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO jobs (id, type, status, params, attempts, run_after, cancel_requested, created_by, notify_url, created_at)
				VALUES (:id, :type, 'queued', :params, 0, :now, FALSE, :createdBy, :notifyUrl, :now)""")
			.param("id", id)
			.param("type", type)
			.param("params", params)
			.param("createdBy", createdBy)
			.param("notifyUrl", notifyUrl)
			.param("now", now)
			.update();
	}

	Optional<JobRow> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(JobStore::map).optional();
	}

	/** A page of jobs; {@code createdBy}, {@code status} and {@code type} filter when not {@code null}. */
	List<JobRow> list(String createdBy, String status, String type, Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, where(createdBy, status, type)))
			.params(paging.sqlParams())
			.params(filters(createdBy, status, type))
			.query(JobStore::map)
			.list();
	}

	long count(String createdBy, String status, String type) {
		return this.jdbc.sql("SELECT count(*) FROM jobs WHERE " + where(createdBy, status, type))
			.params(filters(createdBy, status, type))
			.query(Long.class)
			.single();
	}

	/** Jobs of {@code types} a worker may claim now: queued and due, or running under an expired lease. */
	List<JobRow> due(OffsetDateTime now, Collection<String> types, int limit) {
		return this.jdbc.sql(SELECT + " WHERE status IN " + LIVE + " AND type IN (:types) AND run_after <= :now"
				+ " AND (lease_expires_at IS NULL OR lease_expires_at < :now) ORDER BY run_after, id LIMIT :limit")
			.param("now", now)
			.param("types", List.copyOf(types))
			.param("limit", limit)
			.query(JobStore::map)
			.list();
	}

	/**
	 * Takes the job for {@code node} until {@code until} if nobody holds a live lease on it: the
	 * one conditional UPDATE that makes a job run on one node at a time.
	 * @return whether this node now holds the job
	 */
	boolean claim(String id, String node, OffsetDateTime now, OffsetDateTime until) {
		return this.jdbc.sql("""
				UPDATE jobs SET lease_owner = :node, lease_expires_at = :until, status = 'running', attempts = attempts + 1,
				    started_at = COALESCE(started_at, :now)
				WHERE id = :id AND status IN ('queued', 'running') AND run_after <= :now
				  AND (lease_expires_at IS NULL OR lease_expires_at < :now)""")
			.param("node", node)
			.param("until", until)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Ends a job nobody holds (queued, or running under an expired lease) without running it:
	 * cancelled jobs whose node died, jobs out of attempts.
	 */
	boolean finishUnleased(String id, JobStatus status, String error, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE jobs SET status = :status, error = :error, finished_at = :now, lease_owner = NULL, lease_expires_at = NULL
				WHERE id = :id AND status IN ('queued', 'running') AND (lease_expires_at IS NULL OR lease_expires_at < :now)""")
			.param("status", status.value())
			.param("error", error)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	/** Extends the lease of {@code node} on its jobs; returns the ids it still holds. */
	List<String> renew(List<String> ids, String node, OffsetDateTime until) {
		List<String> held = new ArrayList<>();
		for (String id : ids) {
			int renewed = this.jdbc.sql("UPDATE jobs SET lease_expires_at = :until WHERE id = :id AND lease_owner = :node AND status = 'running'")
				.param("until", until)
				.param("id", id)
				.param("node", node)
				.update();
			if (renewed == 1) {
				held.add(id);
			}
		}
		return held;
	}

	/** Whether {@code node} holds the job and, if so, whether a cancellation was requested ({@code null}: lost). */
	Boolean cancelRequested(String id, String node) {
		return this.jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = :id AND lease_owner = :node AND status = 'running'")
			.param("id", id)
			.param("node", node)
			.query(Boolean.class)
			.optional()
			.orElse(null);
	}

	/** Saves progress (and the checkpoint, unless {@code null}) while {@code node} holds the job. */
	boolean saveProgress(String id, String node, long done, long total, String checkpoint) {
		String set = checkpoint == null ? "" : ", checkpoint = :checkpoint";
		JdbcClient.StatementSpec update = this.jdbc.sql("UPDATE jobs SET progress_done = :done, progress_total = :total" + set
				+ " WHERE id = :id AND lease_owner = :node AND status = 'running'")
			.param("done", done)
			.param("total", total)
			.param("id", id)
			.param("node", node);
		if (checkpoint != null) {
			update = update.param("checkpoint", checkpoint);
		}
		return update.update() == 1;
	}

	/** Writes the final status while {@code node} holds the job; the lease ends with it. */
	boolean finish(String id, String node, JobStatus status, long done, long total, String result, String error,
			OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE jobs SET status = :status, progress_done = :done, progress_total = :total, result = :result, error = :error,
				    finished_at = :now, lease_owner = NULL, lease_expires_at = NULL
				WHERE id = :id AND lease_owner = :node AND status = 'running'""")
			.param("status", status.value())
			.param("done", done)
			.param("total", total)
			.param("result", result)
			.param("error", error)
			.param("now", now)
			.param("id", id)
			.param("node", node)
			.update() == 1;
	}

	/** Queues the job again for a retry after {@code runAfter}, keeping the failure as its error. */
	boolean retryLater(String id, String node, String error, OffsetDateTime runAfter) {
		return this.jdbc.sql("""
				UPDATE jobs SET status = 'queued', error = :error, run_after = :runAfter, lease_owner = NULL, lease_expires_at = NULL
				WHERE id = :id AND lease_owner = :node AND status = 'running'""")
			.param("error", error)
			.param("runAfter", runAfter)
			.param("id", id)
			.param("node", node)
			.update() == 1;
	}

	/** Gives a job back at shutdown: queued for any node at once; the interrupted attempt does not count. */
	boolean release(String id, String node) {
		return this.jdbc.sql("""
				UPDATE jobs SET status = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL
				WHERE id = :id AND lease_owner = :node AND status = 'running'""")
			.param("id", id)
			.param("node", node)
			.update() == 1;
	}

	/**
	 * For a store only one process can open (the embedded one): every lease left is from a process
	 * that no longer runs, so its jobs may be claimed at once.
	 */
	int expireAllLeases(OffsetDateTime now) {
		return this.jdbc.sql("UPDATE jobs SET lease_expires_at = :past WHERE status = 'running' AND lease_expires_at IS NOT NULL")
			.param("past", now.minusSeconds(1))
			.update();
	}

	/** Cancels a queued job at once. */
	boolean cancelQueued(String id, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE jobs SET status = 'cancelled', cancel_requested = TRUE, finished_at = :now
				WHERE id = :id AND status = 'queued' AND (lease_expires_at IS NULL OR lease_expires_at < :now)""")
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	/** Asks a running job to stop; its node sees it at the handler's next check. */
	boolean requestCancel(String id) {
		return this.jdbc.sql("UPDATE jobs SET cancel_requested = TRUE WHERE id = :id AND status = 'running'")
			.param("id", id)
			.update() == 1;
	}

	/** Creates the lock row of a job type if it does not exist yet (see {@link #lockType}). */
	void insertTypeLock(String type) {
		this.jdbc.sql("INSERT INTO job_type_locks (type) VALUES (:type) ON CONFLICT DO NOTHING").param("type", type).update();
	}

	/** Locks the row of a job type until the transaction ends: one node at a time decides for the type. */
	void lockType(String type) {
		this.jdbc.sql("SELECT type FROM job_type_locks WHERE type = :type FOR UPDATE").param("type", type).query(String.class).single();
	}

	/** How many jobs of {@code type} are queued or running. */
	long countLive(String type) {
		return this.jdbc.sql("SELECT count(*) FROM jobs WHERE type = :type AND status IN " + LIVE)
			.param("type", type)
			.query(Long.class)
			.single();
	}

	/** Ids of up to {@code limit} finished jobs that ended before {@code cutoff}, oldest id first. */
	List<String> finishedBefore(OffsetDateTime cutoff, int limit) {
		return this.jdbc.sql("SELECT id FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at < :cutoff ORDER BY id LIMIT :limit")
			.param("cutoff", cutoff)
			.param("limit", limit)
			.query(String.class)
			.list();
	}

	long countFinishedBefore(OffsetDateTime cutoff) {
		return this.jdbc.sql("SELECT count(*) FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at < :cutoff")
			.param("cutoff", cutoff)
			.query(Long.class)
			.single();
	}

	/** Deletes these jobs if they are still finished; returns how many went. */
	int deleteFinished(List<String> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM jobs WHERE id IN (:ids) AND status IN ('succeeded', 'failed', 'cancelled')")
			.param("ids", ids)
			.update();
	}

	private static String where(String createdBy, String status, String type) {
		List<String> conditions = new ArrayList<>();
		conditions.add("1=1");
		if (createdBy != null) {
			conditions.add("created_by = :createdBy");
		}
		if (status != null) {
			conditions.add("status = :status");
		}
		if (type != null) {
			conditions.add("type = :type");
		}
		return String.join(" AND ", conditions);
	}

	private static Map<String, Object> filters(String createdBy, String status, String type) {
		Map<String, Object> params = new java.util.HashMap<>();
		if (createdBy != null) {
			params.put("createdBy", createdBy);
		}
		if (status != null) {
			params.put("status", status);
		}
		if (type != null) {
			params.put("type", type);
		}
		return params;
	}

	private static JobRow map(ResultSet rs, int row) throws SQLException {
		return new JobRow(rs.getString(1), rs.getString(2), JobStatus.fromValue(rs.getString(3)).orElseThrow(), rs.getString(4),
				rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10),
				rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getObject(13, OffsetDateTime.class),
				rs.getBoolean(14), rs.getString(15), rs.getString(16), rs.getObject(17, OffsetDateTime.class),
				rs.getObject(18, OffsetDateTime.class), rs.getObject(19, OffsetDateTime.class));
	}
}
