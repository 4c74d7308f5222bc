package dev.coffer.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.coffer.api.error.SafeLog;
import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.policy.PolicyBodies.ColumnPolicyBody;
import dev.coffer.policy.PolicyBodies.MaskingRule;
import dev.coffer.policy.PolicyBodies.RowPolicyBody;
import dev.coffer.policy.PolicyBodies.RowRule;
import dev.coffer.policy.PolicyBodies.TagPolicyBody;

/**
 * The current compiled {@link PolicySnapshot}. A change on this node drops it at once; every
 * {@code coffer.policy.refresh-interval} (default 2 s) one reader compares the stored policy
 * revision (one single-row query) and recompiles when another node changed policies. Readers never
 * wait for a recheck: they use the snapshot they have while one thread refreshes, except right
 * after a local change, when they wait for the new snapshot (read-your-writes on this node).
 */
@Component
class PolicySnapshots {

	private static final Logger log = LoggerFactory.getLogger(PolicySnapshots.class);

	private final PolicyStore store;

	private final MaskCompiler masks;

	private final JsonMapper json;

	private final long intervalNanos;

	private final ReentrantLock refreshing = new ReentrantLock();

	/** Bumped by every local change; a snapshot built before the bump is not used. */
	private final AtomicLong generation = new AtomicLong();

	private volatile Holder current;

	PolicySnapshots(PolicyStore store, MaskCompiler masks, JsonMapper json,
			@Value("${coffer.policy.refresh-interval:PT2S}") Duration interval) {
		this.store = store;
		this.masks = masks;
		this.json = json;
		this.intervalNanos = interval.toNanos();
	}

	PolicySnapshot current() {
		Holder holder = this.current;
		long now = System.nanoTime();
		if (holder != null && holder.generation == this.generation.get()) {
			if (now - holder.checkedAt < this.intervalNanos || !this.refreshing.tryLock()) {
				return holder.snapshot;
			}
			try {
				return refresh(this.current, now).snapshot;
			}
			finally {
				this.refreshing.unlock();
			}
		}
		this.refreshing.lock();
		try {
			return refresh(this.current, now).snapshot;
		}
		finally {
			this.refreshing.unlock();
		}
	}

	/** Drops the snapshot after a change committed on this node. */
	void invalidate() {
		this.generation.incrementAndGet();
	}

	private Holder refresh(Holder holder, long now) {
		long generation = this.generation.get();
		long revision = this.store.revision();
		if (holder != null && holder.snapshot.revision == revision && holder.generation == generation) {
			Holder checked = new Holder(holder.snapshot, generation, now);
			this.current = checked;
			return checked;
		}
		if (holder != null && holder.snapshot.revision == revision) {
			// a local change that did not move the revision (e.g. rolled back): keep the compiled snapshot
			Holder same = new Holder(holder.snapshot, generation, now);
			this.current = same;
			return same;
		}
		Holder fresh = new Holder(load(revision), generation, now);
		this.current = fresh;
		return fresh;
	}

	private PolicySnapshot load(long revision) {
		List<PolicySnapshot.Compiled> columns = new ArrayList<>();
		for (PolicyStore.Stored stored : this.store.all(PolicyKind.COLUMN)) {
			ColumnPolicyBody body = this.json.readValue(stored.definition(), ColumnPolicyBody.class);
			PolicyRef ref = new PolicyRef("column", stored.id(), stored.name());
			columns.add(new PolicySnapshot.Compiled(ref, body.columns(), null, null, roles(body.rules()),
					compile(ref, body.rules())));
		}
		List<PolicySnapshot.Compiled> tags = new ArrayList<>();
		for (PolicyStore.Stored stored : this.store.all(PolicyKind.TAG)) {
			TagPolicyBody body = this.json.readValue(stored.definition(), TagPolicyBody.class);
			PolicyRef ref = new PolicyRef("tag", stored.id(), stored.name());
			tags.add(new PolicySnapshot.Compiled(ref, List.of(), body.tag(), body.tagValue(), roles(body.rules()),
					compile(ref, body.rules())));
		}
		List<PolicySnapshot.CompiledRow> rows = new ArrayList<>();
		for (PolicyStore.Stored stored : this.store.all(PolicyKind.ROW)) {
			RowPolicyBody body = this.json.readValue(stored.definition(), RowPolicyBody.class);
			rows.add(new PolicySnapshot.CompiledRow(new PolicyRef("row", stored.id(), stored.name()), body.table(),
					body.column(), body.rules().stream().map(RowRule::role).toList(),
					body.rules().stream().map(RowRule::values).toList()));
		}
		log.debug("Compiled policy revision {}: {} column, {} tag, {} row policies", revision, columns.size(), tags.size(),
				rows.size());
		return new PolicySnapshot(revision, columns, tags, rows);
	}

	private static List<String> roles(List<MaskingRule> rules) {
		return rules.stream().map(MaskingRule::role).toList();
	}

	/** Compiles each rule's mask; a stored mask that no longer validates fails closed to NULL. */
	private List<ValueMask> compile(PolicyRef ref, List<MaskingRule> rules) {
		List<ValueMask> compiled = new ArrayList<>(rules.size());
		for (MaskingRule rule : rules) {
			List<FieldError> errors = new ArrayList<>();
			MaskSpec spec = MaskSpec.parse("masking", rule.masking(), this.masks.tokenFormats(), errors);
			if (spec == null) {
				log.warn("Policy {} ({}) has a mask that no longer validates ({}); its rule gives NULL", ref.id(), ref.kind(),
						SafeLog.describe(new IllegalStateException(errors.isEmpty() ? "invalid" : errors.get(0).code())));
				spec = MaskSpec.of(MaskingType.NULL);
			}
			compiled.add(this.masks.compile(spec));
		}
		return compiled;
	}

	private record Holder(PolicySnapshot snapshot, long generation, long checkedAt) {
	}
}
