package dev.coffer.audit;

import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.api.error.SafeLog;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Periodic work on the chain, safe on every node at once: signed checkpoints of the head, and the
 * retention purge ({@code audit.retention_days}), which deletes old events and moves the sealed
 * anchor to the first kept event, so the rest still verifies from there.
 */
@Component
class AuditMaintenance {

	private static final Logger log = LoggerFactory.getLogger(AuditMaintenance.class);

	private final AuditStore store;

	private final AuditKeys keys;

	private final TransactionTemplate transactions;

	private final Settings settings;

	private final AuditLog audit;

	AuditMaintenance(AuditStore store, AuditKeys keys, TransactionTemplate transactions, Settings settings,
			AuditLog audit) {
		this.audit = audit;
		this.store = store;
		this.keys = keys;
		this.transactions = transactions;
		this.settings = settings;
	}

	@Scheduled(fixedDelayString = "${coffer.audit.checkpoint-interval:PT1M}", initialDelayString = "PT20S")
	void scheduledCheckpoint() {
		try {
			checkpoint();
		}
		catch (RuntimeException ex) {
			log.warn("Audit checkpoint failed: {}", SafeLog.describe(ex));
		}
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void scheduledPurge() {
		try {
			long days = this.settings.getLong(SettingKey.AUDIT_RETENTION_DAYS);
			if (days > 0) {
				purgeBefore(Times.now().minusDays(days), "retention");
			}
		}
		catch (RuntimeException ex) {
			log.warn("Audit retention purge failed: {}", SafeLog.describe(ex));
		}
	}

	/** Signs the current head, unless it is already signed. Returns the checkpoint's seq, or 0. */
	long checkpoint() {
		AuditStore.Head head = this.store.head();
		if (head.lastSeq() == 0 || head.lastSeq() <= this.store.lastCheckpointSeq()) {
			return 0;
		}
		OffsetDateTime at = Times.now();
		String signature = Base64.getEncoder().encodeToString(this.keys.sign(
				AuditVerifier.checkpointText(head.lastSeq(), head.lastHash(), at.toInstant().toString())));
		this.store.insertCheckpoint(head.lastSeq(), head.lastHash(), at, signature);
		return head.lastSeq();
	}

	/** Deletes events before {@code cutoff}, keeping the chain verifiable from the first kept event. */
	int purgeBefore(OffsetDateTime cutoff, String requestedBy) {
		Integer deleted = this.transactions.execute(status -> {
			AuditStore.Head head = this.store.lockHead();
			Optional<Long> firstKept = this.store.firstSeqAtOrAfter(cutoff);
			long anchor = firstKept.orElse(head.lastSeq() + 1);
			if (anchor <= head.anchorSeq()) {
				return 0;
			}
			String anchorHash = anchor > head.lastSeq() ? head.lastHash()
					: this.store.find(anchor).orElseThrow().prevHash();
			int removed = this.store.deleteBefore(anchor);
			this.store.deleteCheckpointsBefore(anchor);
			this.store.moveAnchor(anchor, anchorHash, this.keys.chainMac(AuditVerifier.anchorText(anchor, anchorHash)));
			// the purge itself is the first event after the anchor's events: it says who purged what
			this.audit.record(AuditLog.Actor.SYSTEM, AuditRecord.sensitive("audit.purged", "audit_log", null,
					AuditRecord.Outcome.SUCCESS)
				.with("requested_by", requestedBy)
				.with("deleted_events", removed)
				.with("kept_from_seq", anchor)
				.with("cutoff", cutoff.toString()));
			return removed;
		});
		if (deleted != null && deleted > 0) {
			log.info("Audit retention: purged {} events before {}", deleted, cutoff);
		}
		return deleted == null ? 0 : deleted;
	}
}
