package dev.coffer.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.coffer.api.error.ValidationFailedException.FieldError;

/**
 * Builds {@link PushDownPolicies} without a server, for the push-down generator's tests: policies
 * given as names, columns and masks, compiled as the reader compiles stored ones.
 */
public final class PushDownFixtures {

	private final long revision;

	private final List<PolicySnapshot.Compiled> columns = new ArrayList<>();

	private final List<PolicySnapshot.Compiled> tags = new ArrayList<>();

	private final List<ColumnRef> policyColumns = new ArrayList<>();

	private final List<PushDownPolicies.TagPolicy> tagPolicies = new ArrayList<>();

	private final List<PushDownPolicies.RowPolicy> rowPolicies = new ArrayList<>();

	private final Map<String, Map<String, MaskSpec>> specs = new HashMap<>();

	private final List<List<String>> roles = new ArrayList<>();

	private int ids;

	private PushDownFixtures(long revision) {
		this.revision = revision;
	}

	public static PushDownFixtures revision(long revision) {
		return new PushDownFixtures(revision);
	}

	/** A mask: type and parameters as in the API ({@code Map.of("type", "round", "round_to", 100)}). */
	public static Map<String, Object> mask(String type, Object... parameters) {
		Map<String, Object> mask = new LinkedHashMap<>();
		mask.put("type", type);
		for (int i = 0; i < parameters.length; i += 2) {
			mask.put((String) parameters[i], parameters[i + 1]);
		}
		return mask;
	}

	/** A column policy; {@code rules} maps role to mask, in order. */
	public PushDownFixtures columnPolicy(String name, List<ColumnRef> columns, Map<String, Map<String, Object>> rules) {
		PolicyRef ref = new PolicyRef("column", id(), name);
		this.columns.add(new PolicySnapshot.Compiled(ref, columns, null, null, List.copyOf(rules.keySet()), compile(ref, rules)));
		this.policyColumns.addAll(columns);
		this.roles.add(List.copyOf(rules.keySet()));
		return this;
	}

	public PushDownFixtures tagPolicy(String name, String tag, String value, Map<String, Map<String, Object>> rules) {
		PolicyRef ref = new PolicyRef("tag", id(), name);
		ColumnTag normalized = new ColumnTag(tag, value);
		this.tags.add(new PolicySnapshot.Compiled(ref, List.of(), normalized.name(), normalized.value(),
				List.copyOf(rules.keySet()), compile(ref, rules)));
		this.tagPolicies.add(new PushDownPolicies.TagPolicy(ref, normalized.name(), normalized.value()));
		this.roles.add(List.copyOf(rules.keySet()));
		return this;
	}

	public PushDownFixtures rowPolicy(String name, TableRef table, String column, Map<String, List<String>> rules) {
		List<PushDownPolicies.RowRule> compiled = new ArrayList<>();
		rules.forEach((role, values) -> compiled.add(new PushDownPolicies.RowRule(role, values)));
		this.rowPolicies.add(new PushDownPolicies.RowPolicy(new PolicyRef("row", id(), name), table, column, compiled, false));
		this.roles.add(List.copyOf(rules.keySet()));
		return this;
	}

	public PushDownPolicies build() {
		return new PushDownPolicies(this.revision, new PolicySnapshot(this.revision, this.columns, this.tags, List.of()),
				new PolicySnapshot(this.revision, List.of(), this.tags.stream().map(PolicySnapshot.Compiled::copy).toList(), List.of()), this.specs, this.policyColumns,
				this.tagPolicies, this.rowPolicies, PushDownPolicies.namedRoles(this.roles));
	}

	private String id() {
		return String.format("0197a1b2-0000-7000-8000-%012d", ++this.ids);
	}

	private List<ValueMask> compile(PolicyRef ref, Map<String, Map<String, Object>> rules) {
		List<ValueMask> masks = new ArrayList<>();
		Map<String, MaskSpec> byRole = new LinkedHashMap<>();
		rules.forEach((role, raw) -> {
			Masking masking = new Masking(raw.get("type"), null, (String) raw.get("constant"), (String) raw.get("date"),
					(Integer) raw.get("shift_days"), (Integer) raw.get("max_shift_days"), (String) raw.get("pattern"),
					(String) raw.get("replacement"), raw.get("round_to") == null ? null : new BigDecimal(raw.get("round_to").toString()),
					(String) raw.get("token_format"));
			List<FieldError> errors = new ArrayList<>();
			MaskSpec spec = MaskSpec.parse("masking", masking, Set.of("card", "email"), errors);
			if (spec == null) {
				throw new IllegalArgumentException("invalid mask in fixture: " + errors);
			}
			byRole.put(role, spec);
			MaskingType type = spec.type();
			masks.add(new ValueMask() {

				@Override
				public MaskingType type() {
					return type;
				}

				@Override
				public Object apply(Object value) {
					throw new UnsupportedOperationException("push-down fixtures only decide");
				}
			});
		});
		this.specs.put(ref.id(), byRole);
		return masks;
	}
}
