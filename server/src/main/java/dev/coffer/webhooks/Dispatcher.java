package dev.coffer.webhooks;

import dev.coffer.store.StoreClock;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.SafeLog;
import dev.coffer.keys.DecryptionFailedException;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Sends due deliveries. One loop thread polls the store (every {@code coffer.webhooks.poll-interval},
 * and at once when woken by a new delivery), claims each due delivery with a lease (so nodes
 * sharing a store never send the same attempt twice), and hands it to a bounded pool of
 * {@code coffer.webhooks.concurrency} workers: a slow receiver holds one worker for at most the
 * request timeout and never the others. Before every attempt the target passes
 * {@link OutboundUrlGuard} again (DNS may have changed). A 2xx answer delivers; anything else is
 * retried with {@link Backoff} until setting {@code webhooks.retry_hours} after creation, then the
 * delivery fails. A {@code 410 Gone} fails it at once and disables its subscription.
 */
@Component
class Dispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private final DeliveryStore deliveries;

	private final SubscriptionStore subscriptions;

	private final SecretVault vault;

	private final OutboundUrlGuard guard;

	private final Settings settings;

	private final TransactionTemplate transactions;

	private final Backoff backoff;

	private final int concurrency;

	private final Duration pollInterval;

	private final Duration leaseDuration;

	private final Duration connectTimeout;

	private final Duration requestTimeout;

	private final String node = "node-" + Ids.next();

	private final Semaphore signal = new Semaphore(0);

	private final Semaphore slots;

	/** Attempts in flight per target host: at most {@link #perHost} each, so one slow receiver cannot take every slot. */
	private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

	private final int perHost;

	private volatile boolean running;

	private Thread loop;

	private ExecutorService workers;

	private ExecutorService httpThreads;

	private HttpSender sender;

	/** Leases and due times are compared across nodes: they use the store's clock, never this node's. */
	private final StoreClock clock;

	Dispatcher(DeliveryStore deliveries, SubscriptionStore subscriptions, SecretVault vault, OutboundUrlGuard guard,
			Settings settings, TransactionTemplate transactions, StoreClock clock,
			@Value("${coffer.webhooks.backoff-scale:1.0}") double backoffScale,
			@Value("${coffer.webhooks.concurrency:8}") int concurrency,
			@Value("${coffer.webhooks.poll-interval:500ms}") Duration pollInterval,
			@Value("${coffer.webhooks.connect-timeout:5s}") Duration connectTimeout,
			@Value("${coffer.webhooks.request-timeout:10s}") Duration requestTimeout,
			@Value("${coffer.webhooks.per-host-concurrency:2}") int perHost) {
		this.perHost = Math.max(1, perHost);
		this.clock = clock;
		this.deliveries = deliveries;
		this.subscriptions = subscriptions;
		this.vault = vault;
		this.guard = guard;
		this.settings = settings;
		this.transactions = transactions;
		this.backoff = new Backoff(backoffScale);
		this.concurrency = Math.max(1, concurrency);
		this.slots = new Semaphore(this.concurrency);
		this.pollInterval = pollInterval;
		this.connectTimeout = connectTimeout;
		this.requestTimeout = requestTimeout;
		this.leaseDuration = connectTimeout.plus(requestTimeout).plusSeconds(30);
	}

	/** Looks for due deliveries now instead of at the next poll. */
	void wake() {
		this.signal.release();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.workers = Executors.newFixedThreadPool(this.concurrency, threads("coffer-webhook-worker-"));
		this.httpThreads = Executors.newCachedThreadPool(threads("coffer-webhook-http-"));
		this.sender = new HttpSender(this.connectTimeout, this.requestTimeout, this.httpThreads);
		this.running = true;
		this.loop = threads("coffer-webhook-dispatcher").newThread(this::run);
		this.loop.start();
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		// no interrupts while threads may be in the store: an interrupt during file I/O closes the
		// embedded store for the whole process; wake the loop and let attempts finish first
		this.signal.release();
		this.workers.shutdown();
		try {
			this.loop.join(5000);
			if (!this.workers.awaitTermination(5, TimeUnit.SECONDS)) {
				this.workers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.httpThreads.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try {
				dispatchDue();
				this.signal.tryAcquire(this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
				this.signal.drainPermits();
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Webhook dispatch failed, retrying at the next poll: {}", SafeLog.describe(ex));
				sleepQuietly();
			}
		}
	}

	private void dispatchDue() {
		int free = this.slots.availablePermits();
		if (free == 0) {
			return;
		}
		OffsetDateTime now = this.clock.now();
		// look further than the free slots: a backlog for one slow host must not hide the others
		List<DeliveryStore.Due> due = this.deliveries.due(now, free * 8);
		for (DeliveryStore.Due next : due) {
			String id = next.id();
			String host = next.host();
			java.util.concurrent.atomic.AtomicInteger hostLoad = this.inFlight.computeIfAbsent(host,
					h -> new java.util.concurrent.atomic.AtomicInteger());
			if (hostLoad.get() >= this.perHost) {
				continue;
			}
			if (!this.running || !this.slots.tryAcquire()) {
				return;
			}
			if (!this.deliveries.claim(id, this.node, now, now.plus(this.leaseDuration))) {
				this.slots.release();
				continue;
			}
			hostLoad.incrementAndGet();
			try {
				this.workers.execute(() -> {
					try {
						attempt(id);
					}
					catch (RuntimeException ex) {
						log.warn("Webhook delivery {} attempt failed unexpectedly: {}", id, SafeLog.describe(ex));
					}
					finally {
						hostLoad.decrementAndGet();
						this.slots.release();
						wake();
					}
				});
			}
			catch (RuntimeException rejected) {
				hostLoad.decrementAndGet();
				this.slots.release(); // shutting down; the lease lapses and the delivery is taken up again
				return;
			}
		}
	}

	private void attempt(String id) {
		DeliveryStore.Claimed delivery = this.deliveries.load(id).orElse(null);
		if (delivery == null) {
			return;
		}
		OffsetDateTime started = Times.now();
		long startNanos = System.nanoTime();
		int number = delivery.attempts() + 1;
		HttpSender.Result result;
		try {
			result = send(delivery);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return; // shutting down: nothing recorded, the lease lapses and another attempt follows
		}
		long durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
		AttemptView attempt = new AttemptView(number, started, result.httpStatus(), result.errorCode(),
				result.errorText(), durationMs);
		OffsetDateTime now = this.clock.now();
		String status;
		OffsetDateTime next = null;
		boolean gone = Integer.valueOf(410).equals(result.httpStatus()) && delivery.subscriptionId() != null;
		if (result.delivered()) {
			status = DeliveryStore.DELIVERED;
		}
		else if (gone) {
			status = DeliveryStore.FAILED;
		}
		else {
			next = now.plus(this.backoff.delayAfter(number));
			OffsetDateTime deadline = delivery.createdAt()
				.plusHours(this.settings.getLong(SettingKey.WEBHOOKS_RETRY_HOURS));
			if (next.isAfter(deadline) && now.isBefore(deadline)) {
				next = deadline; // always one last try at the end of the retry window (at least 24 h)
			}
			status = next.isAfter(deadline) ? DeliveryStore.FAILED : DeliveryStore.PENDING;
			if (!DeliveryStore.PENDING.equals(status)) {
				next = null;
			}
		}
		String finalStatus = status;
		OffsetDateTime nextAttempt = next;
		this.transactions.executeWithoutResult(tx -> {
			if (this.deliveries.finish(id, this.node, finalStatus, nextAttempt,
					result.delivered() ? now : null)) {
				this.deliveries.insertAttempt(id, attempt);
				if (gone) {
					this.subscriptions.setStatus(delivery.subscriptionId(), SubscriptionStore.DISABLED, now);
				}
			}
		});
		if (DeliveryStore.FAILED.equals(finalStatus)) {
			log.warn("Webhook delivery {} ({}) failed after {} attempts; last: {}", id, delivery.eventType(), number,
					result.errorCode());
		}
		else if (!result.delivered()) {
			log.debug("Webhook delivery {} attempt {} failed: {}", id, number, result.errorCode());
		}
	}

	private HttpSender.Result send(DeliveryStore.Claimed delivery) throws InterruptedException {
		URI target;
		try {
			target = this.guard.check(delivery.url());
		}
		catch (ApiException ex) {
			if (ex.code() != ErrorCode.WEBHOOK_TARGET_FORBIDDEN) {
				throw ex;
			}
			return HttpSender.Result.error(ErrorCode.WEBHOOK_TARGET_FORBIDDEN.code(), ex.getMessage());
		}
		long timestamp = Times.now().toEpochSecond();
		String signatures;
		try {
			signatures = signatures(delivery, timestamp);
		}
		catch (DecryptionFailedException ex) {
			return HttpSender.Result.error("secret_unavailable", "The signing secret could not be unsealed");
		}
		if (signatures == null) {
			return HttpSender.Result.error("subscription_deleted", "The subscription no longer exists");
		}
		return this.sender.send(target, delivery.id(), timestamp, signatures, delivery.payload());
	}

	/** The {@code webhook-signature} value: the current secret's, then the previous one's during an overlap. */
	private String signatures(DeliveryStore.Claimed delivery, long timestamp) {
		List<WebhookSecret> secrets = new ArrayList<>();
		if (delivery.subscriptionId() == null) {
			secrets.add(this.vault.notificationSecret(
					delivery.notifyOwner() == null ? SecretVault.SYSTEM_OWNER : delivery.notifyOwner()));
		}
		else {
			SubscriptionStore.SealedSecrets sealed = this.subscriptions.secrets(delivery.subscriptionId()).orElse(null);
			if (sealed == null) {
				return null;
			}
			secrets.add(this.vault.unseal(delivery.subscriptionId(), sealed.current()));
			if (sealed.previousActive(Times.now())) {
				secrets.add(this.vault.unseal(delivery.subscriptionId(), sealed.previous()));
			}
		}
		try {
			List<String> signatures = new ArrayList<>();
			for (WebhookSecret secret : secrets) {
				signatures.add(secret.sign(delivery.id(), timestamp, delivery.payload()));
			}
			return String.join(" ", signatures);
		}
		finally {
			secrets.forEach(WebhookSecret::wipe);
		}
	}

	private void sleepQuietly() {
		try {
			Thread.sleep(this.pollInterval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix.endsWith("-") ? prefix + counter.incrementAndGet() : prefix);
			thread.setDaemon(true);
			return thread;
		};
	}
}
