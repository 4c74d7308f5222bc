package dev.coffer.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.error.SafeLog;

/**
 * Gives committed pending events their place in the chain, in batches, on one thread per node.
 *
 * <p>An action's transaction inserts its events already chained when the chain head is free at once
 * ({@link #appendInline}); otherwise unchained ({@link AuditStore#insertPending}), and after the
 * commit the request waits here for a chaining round that started after its commit
 * ({@link #signal}, {@link #await}), so its event is chained, as before, by the time
 * the response is sent. A round
 * locks the chain head ({@code audit_chain}, {@code FOR UPDATE}), reads every committed pending
 * event of the store (whichever node wrote it), checks each one's pending MAC, assigns the next
 * seqs, computes prev_hash and hash, moves the sealed head and commits: concurrent requests share
 * one round, and the head's row lock is held for one short transaction of the chainer instead of
 * across every audited request. Two nodes on one store both chain, one round at a time; each chains
 * what is pending, so the chain stays one chain. A poll every second picks up what a round could not
 * chain (a failure, a node stopped between its commit and its round).
 */
@Component
class AuditChainer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditChainer.class);

	/** Events chained per transaction. */
	static final int BATCH = 500;

	/** How often the store is checked for pending events nobody signalled. */
	private static final Duration POLL = Duration.ofSeconds(1);

	private final AuditStore store;

	private final AuditKeys keys;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	private final Counter rejected;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** Rounds asked for, rounds started, rounds finished (guarded by {@link #lock}). */
	private long requested;

	private long started;

	private long finished;

	private boolean running;

	private Thread thread;

	/** Whether a transaction of this node is trying to chain inline (saves the others a round trip). */
	private final java.util.concurrent.atomic.AtomicBoolean inline = new java.util.concurrent.atomic.AtomicBoolean();

	/** Provisional seqs already reported as not verifying (logged once each). */
	private final Set<Long> reported = new HashSet<>();

	AuditChainer(AuditStore store, AuditKeys keys, JsonMapper json, PlatformTransactionManager transactionManager,
			MeterRegistry meters) {
		this.store = store;
		this.keys = keys;
		this.json = json;
		this.transactions = new TransactionTemplate(transactionManager);
		this.rejected = Counter.builder("coffer.audit.chain.rejected")
			.description("Pending audit events left unchained because their MAC does not verify")
			.register(meters);
	}

	/** The MAC a pending event carries in {@code hash} until it is chained: its content, without seq or links. */
	String pendingMac(AuditEventView event) {
		AuditEventView unplaced = new AuditEventView(0, event.id(), event.occurredAt(), event.actorKind(), event.actorId(),
				event.actorName(), event.keyName(), event.roles(), event.clientAddress(), event.action(),
				event.resourceType(), event.resourceId(), event.outcome(), event.requestId(), event.details(), "", null);
		return this.keys.chainMac("pending|" + unplaced.canonical(this.json));
	}

	boolean pendingMacMatches(AuditEventView event) {
		return MessageDigest.isEqual(pendingMac(event).getBytes(StandardCharsets.US_ASCII),
				event.hash().getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Asks for a round soon, without waiting (an event was committed), and answers the ticket of the
	 * first round that starts after this call: once it has finished, the event is chained.
	 */
	long signal() {
		this.lock.lock();
		try {
			this.requested++;
			this.changed.signalAll();
			return this.started + 1;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits, at most {@code max}, until round {@code ticket} ({@link #signal}) has finished: every event
	 * committed before the ticket was taken is then chained (unless the round failed, which is logged,
	 * and the poll retries). Returns at once when the chainer is not running.
	 */
	void await(long ticket, Duration max) {
		long deadline = System.nanoTime() + max.toNanos();
		this.lock.lock();
		try {
			while (this.finished < ticket && this.running) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					log.warn("Audit events not chained within {}; they stay pending until the next round", max);
					return;
				}
				this.changed.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Chains every committed pending event now, on the calling thread; answers how many. */
	int chainPending() {
		int total = 0;
		long below = 0;
		while (true) {
			long from = below;
			Batch batch = this.transactions.execute(status -> chainBatch(this.store.lockHead(), from));
			if (batch == null) {
				return total;
			}
			total += batch.chained();
			if (batch.read() < BATCH) {
				return total;
			}
			below = batch.lowest(); // events rejected in this batch are not read again by this call
		}
	}

	/**
	 * Inside an action's transaction, right before its commit: if the chain head is free at once
	 * ({@code FOR UPDATE SKIP LOCKED}; and no other transaction of this node is trying), inserts the
	 * transaction's {@code events} (seq 0, no links yet) already placed in the chain and moves the head,
	 * so that one commit writes the action, its events and their place in the chain, and the head's
	 * lock is held only for that commit. Answers whether it did; when the head is busy (another commit
	 * holds it, or the chainer), answers false at once and writes nothing: the caller then inserts the
	 * events pending, for the next round after its commit. Events already pending stay for the chainer.
	 */
	boolean appendInline(List<AuditEventView> events) {
		if (!this.inline.compareAndSet(false, true)) {
			return false;
		}
		try {
			AuditStore.Head head = this.store.tryLockHead();
			if (head == null) {
				return false;
			}
			long seq = head.lastSeq();
			String previous = head.lastHash();
			List<AuditEventView> chained = new ArrayList<>(events.size());
			for (AuditEventView event : events) {
				seq++;
				AuditEventView placed = new AuditEventView(seq, event.id(), event.occurredAt(), event.actorKind(),
						event.actorId(), event.actorName(), event.keyName(), event.roles(), event.clientAddress(),
						event.action(), event.resourceType(), event.resourceId(), event.outcome(), event.requestId(),
						event.details(), previous, null);
				String hash = this.keys.chainMac(previous + "|" + placed.canonical(this.json));
				chained.add(new AuditEventView(seq, placed.id(), placed.occurredAt(), placed.actorKind(),
						placed.actorId(), placed.actorName(), placed.keyName(), placed.roles(), placed.clientAddress(),
						placed.action(), placed.resourceType(), placed.resourceId(), placed.outcome(),
						placed.requestId(), placed.details(), previous, hash));
				previous = hash;
			}
			this.store.insertChained(chained);
			this.store.moveHead(seq, previous, this.keys.chainMac(AuditVerifier.headText(seq, previous)));
			return true;
		}
		finally {
			this.inline.set(false);
		}
	}

	/**
	 * In the caller's transaction, with the head locked: chain up to {@link #BATCH} pending events whose
	 * provisional seq is below {@code below} (negative; 0 for all), move the head.
	 */
	private Batch chainBatch(AuditStore.Head head, long below) {
		List<AuditEventView> pending = this.store.pending(below, BATCH);
		if (pending.isEmpty()) {
			return new Batch(0, 0, below);
		}
		long seq = head.lastSeq();
		String previous = head.lastHash();
		List<Long> provisional = new ArrayList<>();
		List<AuditEventView> chained = new ArrayList<>();
		for (AuditEventView event : pending) {
			if (!pendingMacMatches(event)) {
				rejectOnce(event);
				continue;
			}
			seq++;
			AuditEventView placed = new AuditEventView(seq, event.id(), event.occurredAt(), event.actorKind(),
					event.actorId(), event.actorName(), event.keyName(), event.roles(), event.clientAddress(),
					event.action(), event.resourceType(), event.resourceId(), event.outcome(), event.requestId(),
					event.details(), previous, null);
			String hash = this.keys.chainMac(previous + "|" + placed.canonical(this.json));
			chained.add(new AuditEventView(placed.seq(), placed.id(), placed.occurredAt(), placed.actorKind(),
					placed.actorId(), placed.actorName(), placed.keyName(), placed.roles(), placed.clientAddress(),
					placed.action(), placed.resourceType(), placed.resourceId(), placed.outcome(), placed.requestId(),
					placed.details(), previous, hash));
			provisional.add(event.seq());
			previous = hash;
		}
		if (!chained.isEmpty()) {
			this.store.chain(provisional, chained);
			this.store.moveHead(seq, previous, this.keys.chainMac(AuditVerifier.headText(seq, previous)));
		}
		return new Batch(pending.size(), chained.size(), pending.get(pending.size() - 1).seq());
	}

	/** What one batch read and chained, and the lowest provisional seq it read. */
	private record Batch(int read, int chained, long lowest) {
	}

	private void rejectOnce(AuditEventView event) {
		synchronized (this.reported) {
			if (this.reported.add(event.seq())) {
				this.rejected.increment();
				log.error("Audit event {} (provisional seq {}) does not verify: inserted or altered outside Coffer; "
						+ "left unchained", event.id(), event.seq());
			}
		}
	}

	private void loop() {
		long handled = 0;
		long lastPoll = System.nanoTime();
		long lastFailureLogged = lastPoll - TimeUnit.MINUTES.toNanos(2);
		while (true) {
			boolean poll;
			this.lock.lock();
			try {
				while (this.running && this.requested == handled
						&& System.nanoTime() - lastPoll < POLL.toNanos()) {
					this.changed.awaitNanos(POLL.toNanos() - (System.nanoTime() - lastPoll));
				}
				if (!this.running) {
					return;
				}
				poll = this.requested == handled;
				handled = this.requested;
				this.started++;
			}
			catch (InterruptedException ex) {
				return;
			}
			finally {
				this.lock.unlock();
			}
			try {
				if (poll) {
					lastPoll = System.nanoTime();
				}
				if (!poll || this.store.anyPending()) {
					chainPending();
				}
			}
			catch (RuntimeException ex) {
				// once a minute at most while the store stays unreachable: the poll retries every second
				long now = System.nanoTime();
				if (now - lastFailureLogged > TimeUnit.MINUTES.toNanos(1)) {
					lastFailureLogged = now;
					log.error("Audit events could not be chained (they stay pending, retried within {}): {}", POLL,
							SafeLog.describe(ex));
				}
			}
			finally {
				this.lock.lock();
				try {
					this.finished = this.started;
					this.changed.signalAll();
				}
				finally {
					this.lock.unlock();
				}
			}
		}
	}

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.running) {
				return;
			}
			this.running = true;
			this.thread = new Thread(this::loop, "audit-chainer");
			this.thread.setDaemon(true);
			this.thread.start();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void stop() {
		Thread stopping;
		this.lock.lock();
		try {
			this.running = false;
			this.changed.signalAll();
			stopping = this.thread;
		}
		finally {
			this.lock.unlock();
		}
		if (stopping != null) {
			try {
				stopping.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			chainPending(); // what the last requests committed
		}
		catch (RuntimeException ex) {
			log.warn("Audit events left pending at shutdown (the next start chains them): {}", SafeLog.describe(ex));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts before the web server and stops after it: requests in flight still get their round. */
	@Override
	public int getPhase() {
		return 0;
	}
}
