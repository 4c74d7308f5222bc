package dev.coffer.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The {@link JobContext} of one attempt on this node. Progress is written at most every
 * {@link #PROGRESS_WRITE_INTERVAL_NANOS}; checkpoints at once. Every write is conditional on this
 * node's lease: a write that finds the lease gone marks the attempt as lost.
 */
final class RunningJob implements JobContext {

	static final long PROGRESS_WRITE_INTERVAL_NANOS = 250_000_000L;

	static final long CANCEL_CHECK_INTERVAL_NANOS = 300_000_000L;

	private final JobRow job;

	private final String node;

	private final JobStore store;

	private final JobJson json;

	private final BooleanSupplier shuttingDown;

	private final Map<String, Object> params;

	private volatile Map<String, Object> checkpoint;

	private volatile Map<String, Object> result = Map.of();

	private volatile long done;

	private volatile long total;

	private volatile long lastProgressWrite = System.nanoTime();

	private volatile long lastCancelCheck = System.nanoTime();

	private volatile boolean cancelRequested;

	private volatile boolean leaseLost;

	/** The handler was told to stop because of a cancellation: its return is not a success. */
	private volatile boolean observedCancel;

	/** The handler was told to stop because the server shuts down: its return is not a success. */
	private volatile boolean observedShutdown;

	RunningJob(JobRow job, String node, JobStore store, JobJson json, BooleanSupplier shuttingDown) {
		this.job = job;
		this.node = node;
		this.store = store;
		this.json = json;
		this.shuttingDown = shuttingDown;
		this.params = Collections.unmodifiableMap(json.read(job.params()));
		Map<String, Object> saved = json.read(job.checkpoint());
		this.checkpoint = saved == null ? Map.of() : saved;
		this.done = job.progressDone();
		this.total = job.progressTotal();
		this.cancelRequested = job.cancelRequested();
	}

	JobRow job() {
		return this.job;
	}

	@Override
	public String jobId() {
		return this.job.id();
	}

	@Override
	public int attempt() {
		return this.job.attempts();
	}

	@Override
	public Map<String, Object> params() {
		return this.params;
	}

	@Override
	public <T> T params(Class<T> type) {
		return this.json.convert(this.params, type);
	}

	@Override
	public void progress(long done, long total) {
		this.done = Math.max(0, done);
		this.total = Math.max(0, total);
		long now = System.nanoTime();
		if (now - this.lastProgressWrite >= PROGRESS_WRITE_INTERVAL_NANOS) {
			this.lastProgressWrite = now;
			if (!this.store.saveProgress(jobId(), this.node, this.done, this.total, null)) {
				this.leaseLost = true;
			}
		}
	}

	@Override
	public void checkpoint(Map<String, Object> state) {
		Map<String, Object> copy = new LinkedHashMap<>(state);
		if (!this.store.saveProgress(jobId(), this.node, this.done, this.total, this.json.write(copy))) {
			this.leaseLost = true;
			throw new IllegalStateException("this node no longer holds job " + jobId());
		}
		this.lastProgressWrite = System.nanoTime();
		this.checkpoint = copy;
	}

	@Override
	public Map<String, Object> checkpoint() {
		return this.checkpoint;
	}

	@Override
	public boolean cancelled() {
		long now = System.nanoTime();
		if (!this.cancelRequested && !this.leaseLost && now - this.lastCancelCheck >= CANCEL_CHECK_INTERVAL_NANOS) {
			this.lastCancelCheck = now;
			refresh();
		}
		if (this.cancelRequested) {
			this.observedCancel = true;
			return true;
		}
		if (this.leaseLost) {
			return true;
		}
		if (this.shuttingDown.getAsBoolean()) {
			this.observedShutdown = true;
			return true;
		}
		return false;
	}

	/** Reads the cancellation flag and whether this node still holds the job. */
	void refresh() {
		Boolean requested = this.store.cancelRequested(jobId(), this.node);
		if (requested == null) {
			this.leaseLost = true;
		}
		else if (requested) {
			this.cancelRequested = true;
		}
	}

	@Override
	public void result(Map<String, Object> result) {
		this.result = result == null ? Map.of() : new LinkedHashMap<>(result);
	}

	Map<String, Object> resultMap() {
		return this.result;
	}

	long done() {
		return this.done;
	}

	long total() {
		return this.total;
	}

	boolean cancelRequested() {
		return this.cancelRequested;
	}

	boolean observedCancel() {
		return this.observedCancel;
	}

	boolean observedShutdown() {
		return this.observedShutdown;
	}

	boolean leaseLost() {
		return this.leaseLost;
	}

	void markLeaseLost() {
		this.leaseLost = true;
	}

	private final long startedNanos = System.nanoTime();

	/** True once the job has run longer than {@code limit} on this node. */
	boolean overran(java.time.Duration limit) {
		return System.nanoTime() - this.startedNanos > limit.toNanos();
	}

	/**
	 * Gives the job up on this node: its lease is not renewed (another attempt follows once it lapses,
	 * or the job fails after {@code jobs.max_attempts}), and the handler sees {@link #cancelled()} at
	 * its next check. The thread is deliberately not interrupted: an interrupt during file I/O closes
	 * the embedded store's channel, and with it the store for the whole process.
	 */
	void abandon() {
		this.leaseLost = true;
	}

	void markCancelRequested() {
		this.cancelRequested = true;
	}
}
