package dev.coffer.jobs;

import dev.coffer.store.StoreClock;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.SafeLog;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;
import dev.coffer.store.StoreProperties;

/**
 * Runs jobs on this node. It polls the store every {@code coffer.jobs.poll-interval} (and at once
 * after a submit on this node), claims due jobs with a conditional UPDATE on their lease, runs
 * them on {@code coffer.jobs.threads} threads, renews their leases while they run, and writes
 * each outcome only while it still holds the lease. A job whose node died is claimed again when
 * its lease ({@code coffer.jobs.lease}) expires. Node clocks must agree to well within a lease.
 * At shutdown it stops claiming, tells running handlers to stop, and gives their jobs back.
 */
@Component
class JobWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

	private final String node = Ids.next();

	private final JobStore store;

	private final JobJson json;

	private final JobHandlers handlers;

	private final JobEvents events;

	private final Settings settings;

	private final boolean embeddedStore;

	private final int threads;

	private final Duration pollInterval;

	private final Duration lease;

	private final Duration retryBackoff;

	private final Duration maxRetryBackoff;

	private final Duration shutdownWait;

	private final Map<String, RunningJob> running = new ConcurrentHashMap<>();

	private volatile boolean started;

	private volatile boolean stopping;

	private ScheduledExecutorService scheduler;

	private ExecutorService executor;

	private ScheduledFuture<?> polling;

	/** Longest a job may run on one node before it is given up there ({@code coffer.jobs.max-runtime}). */
	private final Duration maxRuntime;

	/** Leases are compared across nodes: they use the store's clock, never this node's. */
	private final StoreClock clock;

	JobWorker(JobStore store, JobJson json, JobHandlers handlers, JobEvents events, Settings settings,
			StoreProperties storeProperties, StoreClock clock, @Value("${coffer.jobs.threads:4}") int threads,
			@Value("${coffer.jobs.poll-interval:500ms}") Duration pollInterval,
			@Value("${coffer.jobs.lease:30s}") Duration lease,
			@Value("${coffer.jobs.retry-backoff:2s}") Duration retryBackoff,
			@Value("${coffer.jobs.max-retry-backoff:10m}") Duration maxRetryBackoff,
			@Value("${coffer.jobs.shutdown-wait:10s}") Duration shutdownWait,
			@Value("${coffer.jobs.max-runtime:6h}") Duration maxRuntime) {
		this.maxRuntime = maxRuntime;
		this.store = store;
		this.clock = clock;
		this.json = json;
		this.handlers = handlers;
		this.events = events;
		this.settings = settings;
		this.embeddedStore = storeProperties.getStore().isEmbedded();
		this.threads = Math.max(1, threads);
		this.pollInterval = pollInterval;
		this.lease = lease;
		this.retryBackoff = retryBackoff;
		this.maxRetryBackoff = maxRetryBackoff;
		this.shutdownWait = shutdownWait;
	}

	/** This process's name in {@code lease_owner}. */
	String node() {
		return this.node;
	}

	@Override
	public synchronized void start() {
		if (this.started) {
			return;
		}
		if (this.embeddedStore) {
			// only one process can open the embedded store: leases left in it are from a dead process
			int stale = this.store.expireAllLeases(this.clock.now());
			if (stale > 0) {
				log.info("Jobs: {} job(s) of a previous process will resume from their checkpoints", stale);
			}
		}
		this.stopping = false;
		this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("coffer-jobs-poll"));
		this.executor = Executors.newFixedThreadPool(this.threads, daemon("coffer-job-"));
		this.polling = this.scheduler.scheduleWithFixedDelay(this::poll, 0, this.pollInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		long renewEvery = Math.max(100, this.lease.toMillis() / 3);
		this.scheduler.scheduleWithFixedDelay(this::heartbeat, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
		this.started = true;
	}

	/** Polls at once, e.g. right after a job was submitted on this node. */
	void wake() {
		ScheduledExecutorService current = this.scheduler;
		if (this.started && !this.stopping && current != null) {
			try {
				current.execute(this::poll);
			}
			catch (RejectedExecutionException shuttingDown) {
				// stopping: nothing to claim
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this) {
			if (!this.started) {
				return;
			}
			this.stopping = true;
			this.polling.cancel(false);
		}
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(this.shutdownWait.toMillis(), TimeUnit.MILLISECONDS)) {
				for (String id : List.copyOf(this.running.keySet())) {
					if (this.store.release(id, this.node)) {
						log.info("Jobs: job {} given back at shutdown; another node or the next start resumes it", id);
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.executor.shutdownNow();
			this.scheduler.shutdownNow();
			this.started = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	private void poll() {
		try {
			int free = this.threads - this.running.size();
			if (this.stopping || free <= 0 || this.handlers.types().isEmpty()) {
				return;
			}
			OffsetDateTime now = this.clock.now();
			int maxAttempts = this.settings.getInt(SettingKey.JOBS_MAX_ATTEMPTS);
			for (JobRow due : this.store.due(now, this.handlers.types(), free * 2)) {
				if (this.stopping || free <= 0) {
					return;
				}
				if (this.running.containsKey(due.id())) {
					continue;
				}
				if (due.status() == JobStatus.RUNNING && due.cancelRequested()) {
					// its node died after the cancellation was asked for
					endUnleased(due, JobStatus.CANCELLED, null, now);
				}
				else if (due.attempts() >= maxAttempts) {
					endUnleased(due, JobStatus.FAILED, JobErrors.interrupted(this.json), now);
				}
				else if (this.store.claim(due.id(), this.node, now, now.plus(this.lease))) {
					JobRow claimed = this.store.find(due.id()).filter(row -> this.node.equals(row.leaseOwner())).orElse(null);
					if (claimed != null) {
						launch(claimed);
						free--;
					}
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Jobs: poll failed; retrying in {} ms: {}", this.pollInterval.toMillis(), SafeLog.describe(ex));
		}
	}

	private void endUnleased(JobRow job, JobStatus status, String error, OffsetDateTime now) {
		if (this.store.finishUnleased(job.id(), status, error, now)) {
			log.info("Jobs: job {} ({}) ended as {} without running again", job.id(), job.type(), status.value());
			this.events.finished(job.id());
		}
	}

	private void launch(JobRow job) {
		RunningJob context = new RunningJob(job, this.node, this.store, this.json, () -> this.stopping);
		this.running.put(job.id(), context);
		try {
			this.executor.execute(() -> {
				try {
					run(context);
				}
				finally {
					this.running.remove(job.id());
				}
			});
		}
		catch (RejectedExecutionException shuttingDown) {
			this.running.remove(job.id());
			this.store.release(job.id(), this.node);
		}
	}

	private void run(RunningJob context) {
		JobRow job = context.job();
		JobHandler handler = this.handlers.find(job.type()).orElseThrow();
		Exception failure = null;
		try {
			handler.run(context);
		}
		catch (Exception ex) {
			failure = ex;
		}
		catch (Error ex) {
			failure = new IllegalStateException(ex.getClass().getName(), ex);
		}
		try {
			conclude(context, failure);
		}
		catch (RuntimeException ex) {
			// the lease runs out and the job is claimed again
			log.warn("Jobs: recording the outcome of job {} failed: {}", job.id(), SafeLog.describe(ex));
		}
	}

	private void conclude(RunningJob context, Exception failure) {
		JobRow job = context.job();
		if (!context.leaseLost()) {
			context.refresh();
		}
		if (context.leaseLost()) {
			log.warn("Jobs: job {} ({}) lost its lease on this node; its outcome here is dropped", job.id(), job.type());
			return;
		}
		OffsetDateTime now = this.clock.now();
		String result = this.json.write(context.resultMap());
		if (context.cancelRequested() && (failure != null || context.observedCancel())) {
			finish(context, JobStatus.CANCELLED, result, null, now);
		}
		else if (this.stopping && (failure != null || context.observedShutdown())) {
			if (this.store.release(job.id(), this.node)) {
				log.info("Jobs: job {} stopped for shutdown; it resumes from its checkpoint", job.id());
			}
		}
		else if (failure == null) {
			finish(context, JobStatus.SUCCEEDED, result, null, now);
		}
		else {
			String error = JobErrors.of(failure, this.json);
			int maxAttempts = this.settings.getInt(SettingKey.JOBS_MAX_ATTEMPTS);
			log.warn("Jobs: job {} ({}) attempt {} of {} failed: {}", job.id(), job.type(), context.attempt(), maxAttempts,
					SafeLog.describe(failure));
			if (context.attempt() >= maxAttempts) {
				finish(context, JobStatus.FAILED, null, error, now);
			}
			else {
				this.store.retryLater(job.id(), this.node, error, now.plus(backoff(context.attempt())));
			}
		}
	}

	private void finish(RunningJob context, JobStatus status, String result, String error, OffsetDateTime now) {
		long total = context.total();
		long done = status == JobStatus.SUCCEEDED && total > 0 ? total : context.done();
		if (this.store.finish(context.jobId(), this.node, status, done, total, result, error, now)) {
			this.events.finished(context.jobId());
		}
	}

	/** Exponential backoff after attempt {@code attempt} (from 1), capped, with up to 10% jitter. */
	Duration backoff(int attempt) {
		long base = this.retryBackoff.toMillis();
		long millis = Math.min(this.maxRetryBackoff.toMillis(), base << Math.min(20, Math.max(0, attempt - 1)));
		return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1));
	}

	private void heartbeat() {
		try {
			if (this.running.isEmpty()) {
				return;
			}
			List<String> ids = new ArrayList<>();
			for (Map.Entry<String, RunningJob> entry : this.running.entrySet()) {
				if (entry.getValue().overran(this.maxRuntime)) {
					// a handler stuck past the limit (blocked I/O, no cancelled() checks) must not hold its job forever
					log.warn("Jobs: job {} ran longer than {} on this node; it is given up here and retried or failed",
							entry.getKey(), this.maxRuntime);
					entry.getValue().abandon();
				}
				else {
					ids.add(entry.getKey());
				}
			}
			if (ids.isEmpty()) {
				return;
			}
			List<String> held = this.store.renew(ids, this.node, this.clock.now().plus(this.lease));
			for (String id : ids) {
				RunningJob context = this.running.get(id);
				if (!held.contains(id) && context != null) {
					context.markLeaseLost();
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Jobs: lease renewal failed: {}", SafeLog.describe(ex));
		}
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
			thread.setDaemon(true);
			return thread;
		};
	}
}
