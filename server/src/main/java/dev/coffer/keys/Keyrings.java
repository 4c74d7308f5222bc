package dev.coffer.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

import dev.coffer.api.Times;
import dev.coffer.api.error.SafeLog;

/**
 * Versioned data keys, each stored wrapped by the root key (associated data
 * {@code keyring/<name>/<version>}). Version 1 of a keyring is created on first use, safely when
 * several nodes race to create it. Unwrapped keys are cached in memory per version for 30 s; the
 * active version is looked up again as often, so every node follows rotations and status changes
 * within that time (and the node that makes a change at once, see {@link KeyringLifecycle}).
 *
 * <p>Encryptions under a version (for the rotation limit {@code keys.rotation_max_encryptions}) are
 * counted in memory and added to the store once a second ({@link #FLUSH_INTERVAL}), before a
 * rotation, before the versions are listed and at shutdown: a tokenize request no longer updates the
 * version's row. This node's estimate of a version's total is the total it last read from the store
 * plus what it has counted since, so on one node the limit is checked as exactly as before; with
 * several nodes, a node learns the others' counts at its next flush, so a rotation may come up to
 * about one flush interval of every node's encryptions late, and a node that dies loses at most one
 * interval of counts (the limit is then reached that much later). The check that a batch is still
 * encrypted under the ACTIVE version holds exactly, as before ({@link #recordEncryptions}).
 */
@Component
public class Keyrings {

	/** The keyring whose data keys encrypt vaulted token values. */
	public static final String TOKENS = "tokens";

	private static final Duration ACTIVE_CACHE = Duration.ofSeconds(30);

	/** How often counted encryptions are added to the store. */
	static final String FLUSH_INTERVAL = "PT1S";

	private static final Logger log = LoggerFactory.getLogger(Keyrings.class);

	private final KeyringStore store;

	private final RootKey rootKey;

	private final TransactionTemplate ownTransaction;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Unwrapped keys by version, for a bounded time: a version disabled or destroyed through any node
	 * stops decrypting everywhere once its entry expires (its status is re-read on reload).
	 */
	private final Cache<String, DataKey> versions = Caffeine.newBuilder().expireAfterWrite(ACTIVE_CACHE).build();

	private final Cache<String, DataKey> active = Caffeine.newBuilder().expireAfterWrite(ACTIVE_CACHE).build();

	/** Encryptions per version ({@code keyring/version}): last total read from the store, and counted since. */
	private final Map<String, Usage> usage = new ConcurrentHashMap<>();

	/**
	 * Embedded store only (one process, no {@code FOR SHARE}): tokenize transactions hold it shared
	 * from their ACTIVE check to their end, status changes exclusively ({@link #changingStatus}).
	 */
	private final ReentrantReadWriteLock statusLock = new ReentrantReadWriteLock();

	Keyrings(KeyringStore store, RootKey rootKey, PlatformTransactionManager transactions) {
		this.store = store;
		this.rootKey = rootKey;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The version that encrypts new data: the highest active one, version 1 created if none exists. */
	public DataKey active(String keyring) {
		Assert.hasText(keyring, "keyring cannot be empty");
		return this.active.get(keyring, this::loadActive);
	}

	/**
	 * The key of one version, for decryption.
	 * @throws DecryptionFailedException if the version does not exist or can no longer decrypt
	 */
	public DataKey version(String keyring, int version) {
		Assert.hasText(keyring, "keyring cannot be empty");
		// the row is read inside the loader: a forget() (disable, destroy) waits for a load under way
		// instead of being overtaken by it
		return this.versions.get(cacheKey(keyring, version), k -> {
			KeyringStore.Row row = this.store.find(keyring, version).orElseThrow(DecryptionFailedException::new);
			if (!row.status().decrypts()) {
				throw new KeyVersionUnavailableException(row.status());
			}
			return unwrap(keyring, row);
		});
	}

	/** Every version of a keyring, newest first, without key material; version 1 is created if none exists. */
	public List<KeyVersion> versions(String keyring) {
		active(keyring);
		flushEncryptions();
		return this.store.versions(keyring);
	}

	/**
	 * Inside the caller's transaction: checks that {@code version} is still the ACTIVE version and
	 * keeps it so until the transaction ends (a shared lock: concurrent batches do not wait for each
	 * other, a rotation waits for them), and counts {@code count} values encrypted under it once the
	 * transaction commits.
	 * @return this node's estimate of the version's encryptions so far, this batch included
	 * @throws KeyVersionNotActiveException if the version was rotated out meanwhile: roll back and
	 * encrypt again under {@link #active}
	 */
	public long recordEncryptions(String keyring, int version, int count) {
		Assert.isTrue(count >= 0, "count cannot be negative");
		Assert.isTrue(TransactionSynchronizationManager.isSynchronizationActive(),
				"recordEncryptions must run inside a transaction");
		if (this.store.embedded()) {
			Lock shared = this.statusLock.readLock();
			shared.lock();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					shared.unlock();
				}
			});
		}
		if (!this.store.holdActive(keyring, version)) {
			throw new KeyVersionNotActiveException();
		}
		Usage counted = usage(keyring, version);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				counted.unflushed.addAndGet(count);
			}
		});
		return counted.estimate() + count;
	}

	/**
	 * Runs a change of a version's status ({@link KeyringLifecycle}; its transaction inside
	 * {@code change}): on the embedded store no tokenize transaction is between its ACTIVE check and
	 * its end meanwhile. On PostgreSQL the row lock of the status {@code UPDATE} does that.
	 */
	<T> T changingStatus(Supplier<T> change) {
		if (!this.store.embedded()) {
			return change.get();
		}
		if (this.statusLock.getReadHoldCount() > 0) {
			// a read lock cannot be upgraded: waiting here would wait for this very thread
			throw new IllegalStateException("a keyring status change cannot run inside a transaction that encrypts");
		}
		Lock exclusive = this.statusLock.writeLock();
		exclusive.lock();
		try {
			return change.get();
		}
		finally {
			exclusive.unlock();
		}
	}

	/** Adds the encryptions counted on this node to the store (every {@link #FLUSH_INTERVAL} and on demand). */
	@Scheduled(fixedDelayString = FLUSH_INTERVAL, initialDelayString = FLUSH_INTERVAL)
	public void flushEncryptions() {
		this.usage.forEach((key, counted) -> counted.flush());
	}

	@PreDestroy
	void flushAtShutdown() {
		flushEncryptions();
	}

	private Usage usage(String keyring, int version) {
		return this.usage.computeIfAbsent(cacheKey(keyring, version), k -> new Usage(keyring, version));
	}

	/** One version's encryptions as this node knows them. */
	private final class Usage {

		private final String keyring;

		private final int version;

		/** Counted on this node, not yet added to the store. */
		final AtomicLong unflushed = new AtomicLong();

		/** The store's total when last read or written by this node. */
		private volatile long stored;

		Usage(String keyring, int version) {
			this.keyring = keyring;
			this.version = version;
		}

		long estimate() {
			return this.stored + this.unflushed.get();
		}

		void seen(long total) {
			if (total > this.stored) {
				this.stored = total;
			}
		}

		synchronized void flush() {
			long count = this.unflushed.getAndSet(0);
			if (count == 0) {
				return;
			}
			try {
				Long total = Keyrings.this.ownTransaction
					.execute(status -> Keyrings.this.store.addEncryptions(this.keyring, this.version, count));
				this.stored = total == null ? this.stored + count : total;
			}
			catch (RuntimeException ex) {
				this.unflushed.addAndGet(count); // kept for the next flush
				log.warn("Encryption counts of keyring {} version {} not stored yet: {}", this.keyring, this.version,
						SafeLog.describe(ex));
			}
		}
	}

	/** Forgets this node's cached keys of a keyring: the next use reads the store again. */
	public void forget(String keyring, int version) {
		this.versions.invalidate(cacheKey(keyring, version));
		this.active.invalidate(keyring);
	}

	/** Creates a new version, wrapped by the root key, in the caller's transaction. */
	boolean insertVersion(String keyring, int version, KeyStatus status) {
		byte[] material = new byte[DataKey.KEY_LENGTH];
		this.random.nextBytes(material);
		try {
			byte[] wrapped = this.rootKey.encrypt(material, associatedData(keyring, version));
			return this.store.insertIfAbsent(keyring, version, wrapped, status, Times.now());
		}
		finally {
			Arrays.fill(material, (byte) 0);
		}
	}

	private DataKey loadActive(String keyring) {
		KeyringStore.Row row = this.store.active(keyring).orElse(null);
		if (row == null) {
			createFirstVersion(keyring);
			row = this.store.active(keyring)
				.orElseThrow(() -> new IllegalStateException("keyring '" + keyring + "' has no active version"));
		}
		return remember(keyring, row);
	}

	private void createFirstVersion(String keyring) {
		// committed on its own: a key must never be cached by a transaction that then rolls back
		this.ownTransaction.executeWithoutResult(status -> insertVersion(keyring, 1, KeyStatus.ACTIVE));
	}

	private DataKey remember(String keyring, KeyringStore.Row row) {
		usage(keyring, row.version()).seen(row.encryptions());
		return this.versions.get(cacheKey(keyring, row.version()), k -> unwrap(keyring, row));
	}

	private DataKey unwrap(String keyring, KeyringStore.Row row) {
		byte[] material = this.rootKey.decrypt(row.wrappedKey(), associatedData(keyring, row.version()));
		try {
			return DataKey.of(keyring, row.version(), material);
		}
		finally {
			Arrays.fill(material, (byte) 0);
		}
	}

	private static String cacheKey(String keyring, int version) {
		return keyring + "/" + version;
	}

	private static byte[] associatedData(String keyring, int version) {
		return ("keyring/" + keyring + "/" + version).getBytes(StandardCharsets.UTF_8);
	}
}
