package dev.coffer.audit;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the chain from its anchor (the genesis, or the first event kept after a retention purge)
 * and reports the first broken link: an event altered, removed, inserted or reordered, events cut
 * from the end, an anchor or a checkpoint that does not verify, and an event waiting to be chained
 * ({@link AuditChainer}) whose MAC does not verify. Streams, so memory stays bounded.
 */
@Component
class AuditVerifier {

	static final String GENESIS = "0".repeat(64);

	/** Pending (not yet chained) events whose MAC a verification checks, oldest first. */
	static final int PENDING_CHECKED = 10_000;

	private final AuditStore store;

	private final AuditKeys keys;

	private final JsonMapper json;

	private final AuditChainer chainer;

	/** Read-only, repeatable read: the head and the events are one snapshot, whatever is appended meanwhile. */
	private final TransactionTemplate snapshot;

	AuditVerifier(AuditStore store, AuditKeys keys, JsonMapper json, PlatformTransactionManager transactions,
			AuditChainer chainer) {
		this.store = store;
		this.chainer = chainer;
		this.keys = keys;
		this.json = json;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	static String anchorText(long seq, String hash) {
		return "anchor|" + seq + "|" + hash;
	}

	static String headText(long seq, String hash) {
		return "head|" + seq + "|" + hash;
	}

	static String checkpointText(long seq, String hash, String createdAt) {
		return "coffer audit checkpoint|" + seq + "|" + hash + "|" + createdAt;
	}

	private static byte[] decodeOrEmpty(String base64) {
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException malformed) {
			return new byte[0];
		}
	}

	/**
	 * @param expectSeq with {@code expectHash}: a checkpoint the auditor kept outside Coffer (from
	 * {@code GET /api/v1/audit/checkpoints}); the chain must still hold that event with that hash, so
	 * a rollback to an older consistent state is caught too. {@code null} for none.
	 */
	Result verify(Long expectSeq, String expectHash) {
		return this.snapshot.execute(status -> walk(expectSeq, expectHash));
	}

	private Result walk(Long expectSeq, String expectHash) {
		AuditStore.Head head = this.store.head();
		if (head.lastSeq() > 0 && (head.headMac() == null
				|| !head.headMac().equals(this.keys.chainMac(headText(head.lastSeq(), head.lastHash()))))) {
			return Result.broken(0, head.lastSeq(), null, "The chain head does not verify");
		}
		if (expectSeq != null && expectSeq >= head.anchorSeq() && expectSeq > head.lastSeq()) {
			return Result.broken(0, expectSeq, null, "The externally held checkpoint is beyond the end of the chain: events were removed");
		}
		if (head.anchorSeq() > 1 && (head.anchorMac() == null
				|| !head.anchorMac().equals(this.keys.chainMac(anchorText(head.anchorSeq(), head.anchorHash()))))) {
			return Result.broken(0, head.anchorSeq(), null, "The retention anchor does not verify");
		}
		if (head.anchorSeq() == 1 && !GENESIS.equals(head.anchorHash())) {
			return Result.broken(0, 1, null, "The chain does not start at the genesis hash");
		}
		List<AuditStore.Checkpoint> checkpoints = this.store.checkpoints(head.anchorSeq(), 100_000);
		Map<Long, AuditStore.Checkpoint> bySeq = new HashMap<>();
		checkpoints.forEach(checkpoint -> bySeq.put(checkpoint.seq(), checkpoint));
		AtomicLong expected = new AtomicLong(head.anchorSeq());
		AtomicReference<String> previous = new AtomicReference<>(head.anchorHash());
		AtomicReference<Result> broken = new AtomicReference<>();
		AtomicLong checked = new AtomicLong();
		AtomicLong checkpointsChecked = new AtomicLong();
		this.store.stream(AuditFilter.NONE, head.anchorSeq(), head.lastSeq(), event -> {
			if (broken.get() != null) {
				return;
			}
			long seq = expected.get();
			if (event.seq() != seq) {
				broken.set(Result.broken(checked.get(), seq, null,
						event.seq() > seq ? "Event " + seq + " is missing" : "Event " + event.seq() + " is out of order"));
				return;
			}
			if (!event.prevHash().equals(previous.get())) {
				broken.set(Result.broken(checked.get(), seq, event.id(), "prev_hash does not match the previous event"));
				return;
			}
			String hash = this.keys.chainMac(event.prevHash() + "|" + event.canonical(this.json));
			if (!hash.equals(event.hash())) {
				broken.set(Result.broken(checked.get(), seq, event.id(), "The event was altered"));
				return;
			}
			if (expectSeq != null && expectSeq == seq && !hash.equals(expectHash)) {
				broken.set(Result.broken(checked.get(), seq, event.id(), "The externally held checkpoint does not match this event"));
				return;
			}
			AuditStore.Checkpoint checkpoint = bySeq.get(seq);
			if (checkpoint != null) {
				if (!checkpoint.hash().equals(hash) || !this.keys.verify(
						checkpointText(seq, checkpoint.hash(), checkpoint.createdAt().toInstant().toString()),
						decodeOrEmpty(checkpoint.signature()))) {
					broken.set(Result.broken(checked.get(), seq, event.id(), "The signed checkpoint does not match"));
					return;
				}
				checkpointsChecked.incrementAndGet();
			}
			previous.set(hash);
			expected.incrementAndGet();
			checked.incrementAndGet();
		});
		if (broken.get() != null) {
			return broken.get();
		}
		long last = expected.get() - 1;
		if (last != head.lastSeq() || !previous.get().equals(head.lastHash())) {
			return Result.broken(checked.get(), last + 1, null, "Events after " + last + " were removed");
		}
		long beyond = checkpoints.stream().filter(c -> c.seq() > last).count();
		if (beyond > 0) {
			return Result.broken(checked.get(), last + 1, null, "A signed checkpoint names events that are gone");
		}
		// events committed but not chained yet (normally none, or those of the last milliseconds) carry a MAC too
		for (AuditEventView pending : this.store.pending(0, PENDING_CHECKED)) {
			if (!this.chainer.pendingMacMatches(pending)) {
				return Result.broken(checked.get(), last + 1, pending.id(),
						"An event waiting to be chained does not verify: it was inserted or altered outside Coffer");
			}
		}
		return new Result(true, checked.get(), checkpointsChecked.get(), head.anchorSeq(), last, previous.get(), null);
	}

	/** The outcome of a verification. */
	@Schema(name = "AuditVerification")
	record Result(@Schema(description = "Whether the whole chain verifies.") boolean valid,
			@Schema(description = "Events verified before the first broken link (all, when valid).") long eventsChecked,
			@Schema(description = "Signed checkpoints verified.") long checkpointsChecked,
			@Schema(description = "First seq of the chain (after retention purges, the anchor).") long firstSeq,
			@Schema(description = "Last verified seq.") long lastSeq,
			@Schema(description = "Hash of the last verified event.") String lastHash,
			@Schema(description = "The first broken link, when not valid.") BrokenLink firstBroken) {

		static Result broken(long checked, long seq, String eventId, String reason) {
			return new Result(false, checked, 0, 0, seq - 1, null, new BrokenLink(seq, eventId, reason));
		}
	}

	/** Where the chain breaks. */
	record BrokenLink(@Schema(description = "Seq of the first event that does not verify.") long seq,
			@Schema(description = "Its id, when the event exists.") String eventId,
			@Schema(description = "Why it does not verify.") String reason) {
	}
}
