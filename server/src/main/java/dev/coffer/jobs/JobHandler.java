package dev.coffer.jobs;

/**
 * The work of one job type. Handlers are Spring beans, found by {@link #type()}; a feature adds a
 * job type by declaring one. A handler must be restartable: a job whose node died runs again on
 * another node (or after a restart) with the last {@link JobContext#checkpoint(java.util.Map)
 * checkpoint} it saved, and should resume from there.
 */
public interface JobHandler {

	/** The job type this handler runs, e.g. {@code jobs.purge}; unique among handlers. */
	String type();

	/**
	 * Does the work. Returning normally ends the job as {@code succeeded} (or {@code cancelled} if
	 * a cancellation was requested meanwhile) with the result set through
	 * {@link JobContext#result(java.util.Map)}. An exception is a transient failure: the job is
	 * retried with backoff until {@code jobs.max_attempts}, then fails. An
	 * {@link dev.coffer.api.error.ApiException}'s code and message become the job's error; any other
	 * exception's message is never shown (it may hold data).
	 */
	void run(JobContext context) throws Exception;
}
