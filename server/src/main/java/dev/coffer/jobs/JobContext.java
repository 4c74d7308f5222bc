package dev.coffer.jobs;

import java.util.Map;

/**
 * What a running {@link JobHandler} gets from the job system: its parameters, a place to report
 * progress and save a checkpoint, the cancellation flag, and where to put its result.
 */
public interface JobContext {

	/** The job's id. */
	String jobId();

	/** Which attempt this is, from 1; more than 1 after a failure or a crash. */
	int attempt();

	/** The parameters the job was submitted with (JSON values: strings, numbers, booleans, lists, maps). */
	Map<String, Object> params();

	/**
	 * The parameters as {@code type} (a record with snake_case JSON names), converted like a request body.
	 * @throws IllegalArgumentException if they do not fit
	 */
	<T> T params(Class<T> type);

	/**
	 * Reports progress; cheap to call often (the store is written at most a few times a second).
	 * @param done items done so far
	 * @param total items in all, or 0 if not known yet
	 */
	void progress(long done, long total);

	/**
	 * Saves {@code state} (JSON values) and the current progress durably: a later attempt of this
	 * job starts with it in {@link #checkpoint()}. Call it after each unit of work is committed.
	 * @throws IllegalStateException if this node no longer holds the job (another node may run it):
	 * let it propagate
	 */
	void checkpoint(Map<String, Object> state);

	/** The last saved checkpoint, empty on the first attempt. */
	Map<String, Object> checkpoint();

	/**
	 * Whether the handler should stop: the job was cancelled, the server is shutting down, or this
	 * node lost the job's lease. Poll it between units of work and return when it is true.
	 */
	boolean cancelled();

	/** Sets the result the job ends with (JSON values, no secrets or sensitive values). */
	void result(Map<String, Object> result);
}
