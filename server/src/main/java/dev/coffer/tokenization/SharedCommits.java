package dev.coffer.tokenization;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Lets requests that arrive together share one transaction (group commit), without a thread of its
 * own: a request queues its work, and when no transaction of this kind is under way, its thread
 * takes every queued work (at most {@code maxBatch}), runs them in one transaction and wakes their
 * threads; the others wait meanwhile and queue up for the next one. Alone, a request runs its own
 * transaction at once; under load, one commit (a chunk written on the embedded store, a WAL flush
 * and a round trip per statement on PostgreSQL) serves many requests.
 *
 * <p>{@code run} must complete every work it is given ({@link Work#succeed} or {@link Work#fail});
 * an exception it throws fails the works it left open.
 *
 * @param <W> the work of one request
 */
final class SharedCommits<W extends SharedCommits.Work> {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition finished = this.lock.newCondition();

	private final Condition queued = this.lock.newCondition();

	private final ArrayDeque<W> queue = new ArrayDeque<>();

	private final int maxBatch;

	private final Consumer<List<W>> run;

	private final long lingerNanos;

	private boolean running;

	/** How many works the last batch had: a leader lingers only while others are arriving too. */
	private int lastBatch;

	/**
	 * @param lingerNanos how long a leader may wait for more works to arrive while the last batch had
	 * more than one (concurrent requests): each wait for another work is that short, and the whole
	 * wait is bounded by four times it; alone, a request never waits
	 */
	SharedCommits(int maxBatch, long lingerNanos, Consumer<List<W>> run) {
		this.maxBatch = maxBatch;
		this.lingerNanos = lingerNanos;
		this.run = run;
	}

	/** Runs {@code work}, in a batch of its own or of others; returns once it is complete. */
	void submit(W work) {
		this.lock.lock();
		try {
			this.queue.add(work);
			this.queued.signal();
			while (!work.isDone()) {
				if (this.running) {
					this.finished.awaitUninterruptibly();
					continue;
				}
				this.running = true;
				linger();
				List<W> batch = new ArrayList<>(Math.min(this.queue.size(), this.maxBatch));
				while (!this.queue.isEmpty() && batch.size() < this.maxBatch) {
					batch.add(this.queue.poll());
				}
				this.lock.unlock();
				try {
					runAll(batch);
				}
				finally {
					this.lock.lock();
					this.lastBatch = batch.size();
					this.running = false;
					this.finished.signalAll();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** With the lock held: while works keep arriving (each within the linger time), lets them join. */
	private void linger() {
		if (this.lastBatch < 2 || this.lingerNanos <= 0) {
			return;
		}
		long deadline = System.nanoTime() + 4 * this.lingerNanos;
		while (this.queue.size() < this.maxBatch) {
			int before = this.queue.size();
			long left = Math.min(this.lingerNanos, deadline - System.nanoTime());
			if (left <= 0) {
				return;
			}
			try {
				this.queued.awaitNanos(left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (this.queue.size() == before) {
				return; // nobody came within the linger time
			}
		}
	}

	private void runAll(List<W> batch) {
		try {
			this.run.accept(batch);
		}
		catch (RuntimeException | Error ex) {
			for (W work : batch) {
				if (!work.isDone()) {
					work.fail(ex);
				}
			}
		}
		for (W work : batch) {
			if (!work.isDone()) {
				work.fail(new IllegalStateException("shared commit left a work incomplete"));
			}
		}
	}

	/** One request's part of a shared transaction: completed once, by the thread that ran it. */
	abstract static class Work {

		private volatile boolean done;

		private Throwable failure;

		final boolean isDone() {
			return this.done;
		}

		/** Marks the work complete; its results were set before. */
		final void succeed() {
			this.done = true;
		}

		final void fail(Throwable cause) {
			this.failure = cause;
			this.done = true;
		}

		/** On the request's thread, once complete: rethrows the failure of the shared transaction, if any. */
		final void rethrow() {
			if (this.failure instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (this.failure instanceof Error error) {
				throw error;
			}
			if (this.failure != null) {
				throw new IllegalStateException(this.failure);
			}
		}
	}
}
