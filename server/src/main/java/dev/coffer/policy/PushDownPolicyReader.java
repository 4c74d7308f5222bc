package dev.coffer.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.policy.PolicyBodies.ColumnPolicyBody;
import dev.coffer.policy.PolicyBodies.MaskingRule;
import dev.coffer.policy.PolicyBodies.RowPolicyBody;
import dev.coffer.policy.PolicyBodies.RowRule;
import dev.coffer.policy.PolicyBodies.TagPolicyBody;

/**
 * Reads every policy, with its masks' parameters, in one read-only repeatable-read transaction (the
 * revision and the three tables as of one moment) for policy push-down. A policy whose stored
 * definition cannot be read gives NULL and no rows where it applies, as in the decision engine;
 * one that cannot even be placed is left out (the engine leaves it out too).
 */
@Component
public class PushDownPolicyReader {

	private static final Logger log = LoggerFactory.getLogger(PushDownPolicyReader.class);

	private final PolicyStore store;

	private final MaskCompiler masks;

	private final JsonMapper json;

	private final TransactionTemplate reads;

	PushDownPolicyReader(PolicyStore store, MaskCompiler masks, JsonMapper json, PlatformTransactionManager transactions) {
		this.store = store;
		this.masks = masks;
		this.json = json;
		this.reads = new TransactionTemplate(transactions);
		this.reads.setReadOnly(true);
		this.reads.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	/** Every policy as of now. */
	public PushDownPolicies read() {
		Object[] read = this.reads.execute(tx -> new Object[] { this.store.revision(), this.store.all(PolicyKind.COLUMN),
				this.store.all(PolicyKind.TAG), this.store.all(PolicyKind.ROW) });
		long revision = (Long) read[0];
		@SuppressWarnings("unchecked")
		List<PolicyStore.Stored> columnRows = (List<PolicyStore.Stored>) read[1];
		@SuppressWarnings("unchecked")
		List<PolicyStore.Stored> tagRows = (List<PolicyStore.Stored>) read[2];
		@SuppressWarnings("unchecked")
		List<PolicyStore.Stored> rowRows = (List<PolicyStore.Stored>) read[3];
		Map<String, Map<String, MaskSpec>> specs = new HashMap<>();
		List<List<String>> ruleRoles = new ArrayList<>();
		ValueMask nullMask = new Masks.NullMask();
		List<PolicySnapshot.Compiled> columns = new ArrayList<>();
		List<ColumnRef> policyColumns = new ArrayList<>();
		for (PolicyStore.Stored stored : columnRows) {
			PolicyRef ref = new PolicyRef("column", stored.id(), stored.name());
			try {
				ColumnPolicyBody body = this.json.readValue(stored.definition(), ColumnPolicyBody.class);
				List<String> roles = roles(body.rules());
				columns.add(new PolicySnapshot.Compiled(ref, List.copyOf(body.columns()), null, null, roles,
						compile(ref, body.rules(), specs)));
				policyColumns.addAll(body.columns());
				ruleRoles.add(roles);
			}
			catch (RuntimeException damaged) {
				ColumnRef[] scope = field(stored, "columns", ColumnRef[].class);
				if (placed(ref, damaged, scope != null && scope.length > 0)) {
					columns.add(PolicySnapshot.Compiled.unreadable(ref, List.of(scope), null, null, nullMask));
					policyColumns.addAll(List.of(scope));
				}
			}
		}
		List<PolicySnapshot.Compiled> tags = new ArrayList<>();
		List<PushDownPolicies.TagPolicy> tagPolicies = new ArrayList<>();
		for (PolicyStore.Stored stored : tagRows) {
			PolicyRef ref = new PolicyRef("tag", stored.id(), stored.name());
			try {
				TagPolicyBody body = this.json.readValue(stored.definition(), TagPolicyBody.class);
				ColumnTag tag = new ColumnTag(Objects.requireNonNull(body.tag()), body.tagValue());
				List<String> roles = roles(body.rules());
				tags.add(new PolicySnapshot.Compiled(ref, List.of(), tag.name(), tag.value(), roles,
						compile(ref, body.rules(), specs)));
				tagPolicies.add(new PushDownPolicies.TagPolicy(ref, tag.name(), tag.value()));
				ruleRoles.add(roles);
			}
			catch (RuntimeException damaged) {
				String name = field(stored, "tag", String.class);
				if (placed(ref, damaged, name != null)) {
					ColumnTag tag = new ColumnTag(name, field(stored, "tag_value", String.class));
					tags.add(PolicySnapshot.Compiled.unreadable(ref, List.of(), tag.name(), tag.value(), nullMask));
					tagPolicies.add(new PushDownPolicies.TagPolicy(ref, tag.name(), tag.value()));
				}
			}
		}
		List<PushDownPolicies.RowPolicy> rowPolicies = new ArrayList<>();
		for (PolicyStore.Stored stored : rowRows) {
			PolicyRef ref = new PolicyRef("row", stored.id(), stored.name());
			try {
				RowPolicyBody body = this.json.readValue(stored.definition(), RowPolicyBody.class);
				List<PushDownPolicies.RowRule> rules = new ArrayList<>();
				for (RowRule rule : body.rules()) {
					if (rule == null || rule.role() == null || rule.values() == null) {
						throw new IllegalStateException("a rule without role or values");
					}
					rules.add(new PushDownPolicies.RowRule(rule.role(), List.copyOf(rule.values())));
				}
				rowPolicies.add(new PushDownPolicies.RowPolicy(ref, Objects.requireNonNull(body.table()),
						ColumnRef.lower(Objects.requireNonNull(body.column())), List.copyOf(rules), false));
				ruleRoles.add(rules.stream().map(PushDownPolicies.RowRule::role).toList());
			}
			catch (RuntimeException damaged) {
				TableRef table = field(stored, "table", TableRef.class);
				String column = field(stored, "column", String.class);
				if (placed(ref, damaged, table != null && column != null)) {
					rowPolicies.add(new PushDownPolicies.RowPolicy(ref, table, ColumnRef.lower(column), List.of(), true));
				}
			}
		}
		PolicySnapshot all = new PolicySnapshot(revision, columns, tags, List.of());
		PolicySnapshot tagsOnly = new PolicySnapshot(revision, List.of(), tags.stream().map(PolicySnapshot.Compiled::copy).toList(),
				List.of());
		return new PushDownPolicies(revision, all, tagsOnly, specs, policyColumns, tagPolicies, rowPolicies,
				PushDownPolicies.namedRoles(ruleRoles));
	}

	private static boolean placed(PolicyRef ref, RuntimeException damaged, boolean placeable) {
		log.error("Policy {} ({}) cannot be read from the store ({}); push-down {}", ref.id(), ref.kind(),
				damaged.getClass().getName(), placeable ? "gives every role NULL (no rows) where it applies" : "leaves it out");
		return placeable;
	}

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

	/** Compiles each rule's mask and keeps its spec by policy id and role; a mask that no longer validates is NULL. */
	private List<ValueMask> compile(PolicyRef ref, List<MaskingRule> rules, Map<String, Map<String, MaskSpec>> specs) {
		List<ValueMask> compiled = new ArrayList<>(rules.size());
		Map<String, MaskSpec> byRole = new LinkedHashMap<>();
		for (MaskingRule rule : rules) {
			MaskSpec spec = MaskSpec.parse("masking", rule.masking(), this.masks.tokenFormats(), new ArrayList<>());
			if (spec == null) {
				spec = MaskSpec.of(MaskingType.NULL);
			}
			byRole.put(rule.role(), spec);
			compiled.add(this.masks.compile(spec));
		}
		specs.put(ref.id(), byRole);
		return compiled;
	}
}
