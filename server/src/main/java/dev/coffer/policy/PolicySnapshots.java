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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

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
 *
 * <p>A policy whose stored definition cannot be read (damaged in the store) does not stop the
 * others: where its columns, tag or table can still be read it gives every role NULL and no rows
 * (fail closed) until it is replaced; its id is logged, never its content.
 */
@Component
class PolicySnapshots {

	private static final Logger log = LoggerFactory.getLogger(PolicySnapshots.class);

	private static final ValueMask NULL_MASK = new Masks.NullMask();

	private final PolicyStore store;

	private final MaskCompiler masks;

	private final JsonMapper json;

	private final long intervalNanos;

	private final ReentrantLock refreshing = new ReentrantLock();

	/** Read-only, repeatable read: the revision and the three tables as of one moment. */
	private final TransactionTemplate reads;

	/** Bumped by every local change; a snapshot built before the bump is not used. */
	private final AtomicLong generation = new AtomicLong();

	private volatile Holder current;

	PolicySnapshots(PolicyStore store, MaskCompiler masks, JsonMapper json, PlatformTransactionManager transactions,
			@Value("${coffer.policy.refresh-interval:PT2S}") Duration interval) {
		this.store = store;
		this.masks = masks;
		this.json = json;
		this.intervalNanos = interval.toNanos();
		this.reads = new TransactionTemplate(transactions);
		this.reads.setReadOnly(true);
		this.reads.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
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
		Holder fresh = new Holder(load(), generation, now);
		this.current = fresh;
		return fresh;
	}

	/** Reads the revision and every policy in one read-only transaction (one consistent view), then compiles. */
	private PolicySnapshot load() {
		Read read = this.reads.execute(tx -> new Read(this.store.revision(), this.store.all(PolicyKind.COLUMN),
				this.store.all(PolicyKind.TAG), this.store.all(PolicyKind.ROW)));
		List<PolicySnapshot.Compiled> columns = new ArrayList<>();
		for (PolicyStore.Stored stored : read.columns()) {
			PolicyRef ref = new PolicyRef("column", stored.id(), stored.name());
			try {
				ColumnPolicyBody body = this.json.readValue(stored.definition(), ColumnPolicyBody.class);
				columns.add(new PolicySnapshot.Compiled(ref, List.copyOf(body.columns()), null, null, roles(body.rules()),
						compile(ref, body.rules())));
			}
			catch (RuntimeException damaged) {
				ColumnRef[] scope = field(stored, "columns", ColumnRef[].class);
				if (placed(ref, damaged, scope != null && scope.length > 0)) {
					columns.add(PolicySnapshot.Compiled.unreadable(ref, List.of(scope), null, null, NULL_MASK));
				}
			}
		}
		List<PolicySnapshot.Compiled> tags = new ArrayList<>();
		for (PolicyStore.Stored stored : read.tags()) {
			PolicyRef ref = new PolicyRef("tag", stored.id(), stored.name());
			try {
				TagPolicyBody body = this.json.readValue(stored.definition(), TagPolicyBody.class);
				tags.add(new PolicySnapshot.Compiled(ref, List.of(), java.util.Objects.requireNonNull(body.tag()),
						body.tagValue(), roles(body.rules()), compile(ref, body.rules())));
			}
			catch (RuntimeException damaged) {
				String tag = field(stored, "tag", String.class);
				if (placed(ref, damaged, tag != null)) {
					ColumnTag normalized = new ColumnTag(tag, field(stored, "tag_value", String.class));
					tags.add(PolicySnapshot.Compiled.unreadable(ref, List.of(), normalized.name(), normalized.value(),
							NULL_MASK));
				}
			}
		}
		List<PolicySnapshot.CompiledRow> rows = new ArrayList<>();
		for (PolicyStore.Stored stored : read.rows()) {
			PolicyRef ref = new PolicyRef("row", stored.id(), stored.name());
			try {
				RowPolicyBody body = this.json.readValue(stored.definition(), RowPolicyBody.class);
				for (RowRule rule : body.rules()) {
					if (rule == null || rule.role() == null || rule.values() == null) {
						throw new IllegalStateException("a rule without role or values");
					}
				}
				rows.add(new PolicySnapshot.CompiledRow(ref, java.util.Objects.requireNonNull(body.table()),
						java.util.Objects.requireNonNull(body.column()), body.rules().stream().map(RowRule::role).toList(),
						body.rules().stream().map(RowRule::values).toList()));
			}
			catch (RuntimeException damaged) {
				TableRef table = field(stored, "table", TableRef.class);
				String column = field(stored, "column", String.class);
				if (placed(ref, damaged, table != null && column != null)) {
					rows.add(PolicySnapshot.CompiledRow.unreadable(ref, table, column));
				}
			}
		}
		log.debug("Compiled policy revision {}: {} column, {} tag, {} row policies", read.revision(), columns.size(),
				tags.size(), rows.size());
		return new PolicySnapshot(read.revision(), columns, tags, rows);
	}

	/**
	 * Logs a policy whose stored definition cannot be read (its id and kind, never its content) and
	 * answers whether it can still be placed: then it applies where it did, giving NULL and no rows
	 * until it is replaced; else it is left out.
	 */
	private static boolean placed(PolicyRef ref, RuntimeException damaged, boolean placeable) {
		if (placeable) {
			log.error("Policy {} ({}) cannot be read from the store ({}); it gives every role NULL (no rows) until it is "
					+ "replaced", ref.id(), ref.kind(), damaged.getClass().getName());
		}
		else {
			log.error("Policy {} ({}) cannot be read from the store ({}), not even where it applies; it is left out until "
					+ "it is replaced", ref.id(), ref.kind(), damaged.getClass().getName());
		}
		return placeable;
	}

	/** One field of a damaged definition, or {@code null} when it cannot be read either. */
	private <T> T field(PolicyStore.Stored stored, String name, Class<T> type) {
		try {
			tools.jackson.databind.JsonNode node = this.json.readTree(stored.definition()).get(name);
			return node == null || node.isNull() ? null : this.json.treeToValue(node, type);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static List<String> roles(List<MaskingRule> rules) {
		if (rules.isEmpty() || rules.stream().anyMatch(rule -> rule == null || rule.role() == null)) {
			throw new IllegalStateException("no rules, or a rule without role");
		}
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

	/** What one refresh read; holds definitions, so it never prints them. */
	private record Read(long revision, List<PolicyStore.Stored> columns, List<PolicyStore.Stored> tags,
			List<PolicyStore.Stored> rows) {

		@Override
		public String toString() {
			return "Read[revision " + this.revision + "]";
		}
	}
}
