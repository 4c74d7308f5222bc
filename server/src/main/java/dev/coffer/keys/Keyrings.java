package dev.coffer.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

import dev.coffer.api.Times;

/**
 * Versioned data keys, each stored wrapped by the root key (associated data
 * {@code keyring/<name>/<version>}). Version 1 of a keyring is created on first use, safely when
 * several nodes race to create it. Unwrapped keys are cached in memory per version for 30 s; the
 * active version is looked up again as often, so every node follows rotations and status changes
 * within that time (and the node that makes a change at once, see {@link KeyringLifecycle}).
 */
@Component
public class Keyrings {

	/** The keyring whose data keys encrypt vaulted token values. */
	public static final String TOKENS = "tokens";

	private static final Duration ACTIVE_CACHE = Duration.ofSeconds(30);

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
		return this.store.versions(keyring);
	}

	/**
	 * Counts {@code count} values just encrypted under {@code version}, inside the caller's
	 * transaction (one statement per batch).
	 * @return the version's encryptions so far
	 */
	/**
	 * @throws KeyVersionNotActiveException if the version was rotated out meanwhile: roll back and
	 * encrypt again under {@link #active}
	 */
	public long recordEncryptions(String keyring, int version, int count) {
		Assert.isTrue(count >= 0, "count cannot be negative");
		return this.store.addEncryptions(keyring, version, count);
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
