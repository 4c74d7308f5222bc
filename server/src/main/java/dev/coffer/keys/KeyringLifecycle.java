package dev.coffer.keys;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditRecord.Outcome;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Changes to a keyring's versions: rotation (by an operator or automatically), disable, enable and
 * destroy. Each change is one transaction with its audit event; a change is a conditional update
 * on the version's current status, so nodes racing on the same change agree on one winner. The
 * node that makes a change forgets its cached keys at once; other nodes follow within 30 s.
 */
@Component
public class KeyringLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KeyringLifecycle.class);

	private final KeyringStore store;

	private final Keyrings keyrings;

	private final AuditLog audit;

	private final Settings settings;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher publisher;

	KeyringLifecycle(KeyringStore store, Keyrings keyrings, AuditLog audit, Settings settings,
			TransactionTemplate transactions, ApplicationEventPublisher publisher) {
		this.store = store;
		this.keyrings = keyrings;
		this.audit = audit;
		this.settings = settings;
		this.transactions = transactions;
		this.publisher = publisher;
	}

	/**
	 * Rotates {@code keyring} by hand: a new version becomes active, the previous one decrypt-only.
	 * @return the new version
	 */
	int rotate(String keyring) {
		int primary = this.keyrings.active(keyring).version();
		for (int round = 0; round < 3; round++) {
			Integer rotated = rotateFrom(keyring, primary, "manual", false);
			if (rotated != null) {
				return rotated;
			}
			this.keyrings.forget(keyring, primary);
			primary = this.keyrings.active(keyring).version();
		}
		throw new ApiException(ErrorCode.CONFLICT, "Keyring '" + keyring + "' was rotated meanwhile; read it and retry");
	}

	/**
	 * Whether a version that has encrypted {@code encryptions} values has reached the automatic
	 * rotation limit {@code keys.rotation_max_encryptions}.
	 */
	public boolean encryptionLimitReached(long encryptions) {
		long limit = this.settings.getLong(SettingKey.KEYS_ROTATION_MAX_ENCRYPTIONS);
		return limit > 0 && encryptions >= limit;
	}

	/**
	 * Rotates {@code keyring} automatically if {@code version} is still its primary version (nodes
	 * racing here rotate it once). Runs in its own transaction, as the server.
	 */
	public void rotateAutomatically(String keyring, int version, String reason) {
		try {
			Integer rotated = rotateFrom(keyring, version, reason, true);
			if (rotated != null) {
				log.info("Keyring {} rotated automatically to version {} ({})", keyring, rotated, reason);
			}
		}
		catch (RuntimeException ex) {
			// the encryption that triggered it has succeeded; the scheduled check tries again
			log.warn("Automatic rotation of keyring {} failed: {}", keyring, ex.getClass().getSimpleName());
		}
	}

	/** Rotates every keyring whose active version has reached the age or encryption limit. */
	@Scheduled(fixedDelayString = "${coffer.keys.rotation-check-interval:PT5M}", initialDelayString = "PT1M")
	void rotateDueKeyrings() {
		this.keyrings.flushEncryptions();
		long maxAgeDays = this.settings.getLong(SettingKey.KEYS_ROTATION_MAX_AGE_DAYS);
		OffsetDateTime now = Times.now();
		for (String keyring : this.store.keyrings()) {
			this.store.versions(keyring)
				.stream()
				.filter(version -> version.status() == KeyStatus.ACTIVE)
				.findFirst()
				.ifPresent(active -> {
					if (maxAgeDays > 0 && !active.createdAt().plusDays(maxAgeDays).isAfter(now)) {
						rotateAutomatically(keyring, active.version(), "max_age");
					}
					else if (encryptionLimitReached(active.encryptions())) {
						rotateAutomatically(keyring, active.version(), "max_encryptions");
					}
				});
		}
	}

	/** Disables a decrypt-only version: it refuses decryption until enabled again. */
	KeyVersion disable(String keyring, int version) {
		return change(keyring, version, KeyStatus.DISABLED, "keyring.version_disabled");
	}

	/** Enables a disabled version again, as decrypt-only. */
	KeyVersion enable(String keyring, int version) {
		return change(keyring, version, KeyStatus.DECRYPT_ONLY, "keyring.version_enabled");
	}

	/** Destroys a version that is not active: its key material is deleted, for good. */
	KeyVersion destroy(String keyring, int version) {
		return change(keyring, version, KeyStatus.DESTROYED, "keyring.version_destroyed");
	}

	/** The versions of {@code keyring}, newest first. */
	List<KeyVersion> versions(String keyring) {
		return this.keyrings.versions(keyring);
	}

	private KeyVersion change(String keyring, int version, KeyStatus to, String action) {
		KeyVersion current = find(keyring, version);
		if (current.status() == to) {
			return current; // already there: nothing changes, nothing is recorded
		}
		KeyStatus from = current.status();
		if (from == KeyStatus.ACTIVE) {
			throw conflict(keyring, version, "is the active version; rotate the keyring first");
		}
		if (from == KeyStatus.DESTROYED) {
			throw conflict(keyring, version, "is destroyed; that cannot be undone");
		}
		if (to == KeyStatus.DECRYPT_ONLY && from != KeyStatus.DISABLED) {
			throw conflict(keyring, version, "is not disabled");
		}
		boolean changed = Boolean.TRUE.equals(this.keyrings.changingStatus(() -> this.transactions.execute(status -> {
			if (!this.store.transition(keyring, version, from, to, Times.now())) {
				return false;
			}
			this.audit.record(AuditRecord.sensitive(action, "keyring", keyring, Outcome.SUCCESS)
				.with("version", version)
				.with("previous_status", status(from)));
			return true;
		})));
		this.keyrings.forget(keyring, version);
		if (!changed) {
			KeyVersion now = find(keyring, version);
			if (now.status() == to) {
				return now; // a concurrent request made the same change
			}
			throw conflict(keyring, version, "changed meanwhile; read it and retry");
		}
		return find(keyring, version);
	}

	/** Rotates if {@code primary} is still active; answers the new version, or null if it was not. */
	private Integer rotateFrom(String keyring, int primary, String reason, boolean bySystem) {
		// the rotated version's count as this node knows it goes into the store first
		this.keyrings.flushEncryptions();
		Integer rotated = this.keyrings.changingStatus(() -> this.transactions.execute(status -> {
			OffsetDateTime now = Times.now();
			if (!this.store.transition(keyring, primary, KeyStatus.ACTIVE, KeyStatus.DECRYPT_ONLY, now)) {
				return null;
			}
			int next = this.store.maxVersion(keyring) + 1;
			if (!this.keyrings.insertVersion(keyring, next, KeyStatus.ACTIVE)) {
				// another rotation took this version number: never commit a keyring without an active version
				status.setRollbackOnly();
				return null;
			}
			AuditRecord record = AuditRecord.sensitive("keyring.rotated", "keyring", keyring, Outcome.SUCCESS)
				.with("version", next)
				.with("previous_version", primary)
				.with("reason", reason);
			if (bySystem) {
				this.audit.record(AuditLog.Actor.SYSTEM, record);
			}
			else {
				this.audit.record(record);
			}
			this.publisher.publishEvent(new KeyRotated(keyring, next, primary, reason));
			return next;
		}));
		this.keyrings.forget(keyring, primary);
		return rotated;
	}

	private KeyVersion find(String keyring, int version) {
		Assert.hasText(keyring, "keyring cannot be empty");
		return this.store.versions(keyring)
			.stream()
			.filter(candidate -> candidate.version() == version)
			.findFirst()
			.orElseThrow(() -> ApiException.notFound("Key version", keyring + "/" + version));
	}

	private static ApiException conflict(String keyring, int version, String why) {
		return new ApiException(ErrorCode.CONFLICT, "Version " + version + " of keyring '" + keyring + "' " + why);
	}

	static String status(KeyStatus status) {
		return status.name().toLowerCase(Locale.ROOT);
	}
}
