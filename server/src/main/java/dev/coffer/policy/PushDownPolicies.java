package dev.coffer.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every policy of one revision as policy push-down needs it: which columns and tables policies
 * cover, and per column and set of roles the mask with its parameters (the decision itself is made
 * by a {@link PolicySnapshot} compiled from the same definitions, so push-down follows exactly the
 * engine's precedence). Immutable; read with {@link PushDownPolicyReader#read()}. Holds allowed row
 * values, which are data: nothing here prints them.
 */
public final class PushDownPolicies {

	private static final String NO_SOURCE = "00000000-0000-0000-0000-000000000000";

	private final long revision;

	private final PolicySnapshot all;

	private final PolicySnapshot tagsOnly;

	private final Map<String, Map<String, MaskSpec>> specs;

	private final List<ColumnRef> policyColumns;

	private final List<TagPolicy> tagPolicies;

	private final List<RowPolicy> rowPolicies;

	private final Set<String> roles;

	PushDownPolicies(long revision, PolicySnapshot all, PolicySnapshot tagsOnly, Map<String, Map<String, MaskSpec>> specs,
			List<ColumnRef> policyColumns, List<TagPolicy> tagPolicies, List<RowPolicy> rowPolicies, Set<String> roles) {
		this.revision = revision;
		this.all = all;
		this.tagsOnly = tagsOnly;
		this.specs = specs;
		this.policyColumns = List.copyOf(policyColumns);
		this.tagPolicies = List.copyOf(tagPolicies);
		this.rowPolicies = List.copyOf(rowPolicies);
		this.roles = java.util.Collections.unmodifiableSet(new TreeSet<>(roles));
	}

	/** The policy revision these definitions are. */
	public long revision() {
		return this.revision;
	}

	/** Every role some rule names ({@code *} left out), sorted. */
	public Set<String> roles() {
		return this.roles;
	}

	/** The columns the column policies list on {@code dataSourceId}; schema, table and column may be {@code *}. */
	public List<ColumnRef> columnPolicyColumns(String dataSourceId) {
		List<ColumnRef> columns = new ArrayList<>();
		for (ColumnRef column : this.policyColumns) {
			if (column.dataSourceId().equals(ColumnRef.lower(dataSourceId))) {
				columns.add(column);
			}
		}
		return columns;
	}

	/** Every tag policy: which tag (and value) it covers. */
	public List<TagPolicy> tagPolicies() {
		return this.tagPolicies;
	}

	/** The row policies on {@code dataSourceId}. */
	public List<RowPolicy> rowPolicies(String dataSourceId) {
		List<RowPolicy> policies = new ArrayList<>();
		for (RowPolicy policy : this.rowPolicies) {
			if (policy.table().dataSourceId().equals(ColumnRef.lower(dataSourceId))) {
				policies.add(policy);
			}
		}
		return policies;
	}

	/**
	 * The mask a principal with {@code principalRoles} gets on {@code column} whose catalog tags are
	 * {@code tags}, as the decision engine decides it (a column no policy covers: {@code no_mask}).
	 */
	public Choice decide(ColumnRef column, Collection<String> principalRoles, List<ColumnTag> tags) {
		return choice(this.all.decide(column, this.all.roles(principalRoles), tags == null ? List.of() : tags));
	}

	/**
	 * The rules that can decide {@code column} (catalog tags {@code tags}) in the decision engine's
	 * order of precedence, for writing the decision as SQL: the first rule whose condition holds for
	 * a principal's roles gives exactly the engine's mask, and when none holds the engine gives NULL.
	 * Empty when no policy applies (the column is unprotected). Per applicable policy the engine
	 * takes its most permissive rule naming one of the roles, else its {@code *} rule; across
	 * policies the most permissive, ties to the older policy. So a rule holds when the principal has
	 * its role ({@code *}: always) and none of {@link Rule#unless()}: the roles the same policy names
	 * with a rule that beats it (for {@code *}, every role the policy names).
	 */
	public List<Rule> rules(ColumnRef column, List<ColumnTag> tags) {
		return rulesOf(this.all.applicable(column, tags == null ? List.of() : tags));
	}

	/** {@link #rules} of the tag policies alone, for a column carrying only {@code tag}. */
	public List<Rule> tagRules(ColumnTag tag) {
		ColumnRef nowhere = new ColumnRef(NO_SOURCE, "-", "-", "-");
		return rulesOf(this.tagsOnly.applicable(nowhere, List.of(tag)));
	}

	private List<Rule> rulesOf(List<PolicySnapshot.Compiled> applicable) {
		record Ranked(Rule rule, int rank, String policyId, int index) {
		}
		List<Ranked> ranked = new ArrayList<>();
		for (PolicySnapshot.Compiled policy : applicable) {
			Map<String, MaskSpec> byRole = this.specs.get(policy.ref.id());
			for (int i = 0; i < policy.types.length; i++) {
				boolean any = i == policy.anyRule;
				Set<String> unless = new TreeSet<>();
				for (int j = 0; j < policy.types.length; j++) {
					if (j == policy.anyRule || j == i) {
						continue;
					}
					int rank = policy.types[j].rank();
					if (any || rank < policy.types[i].rank() || (rank == policy.types[i].rank() && j < i)) {
						unless.add(policy.roles[j]);
					}
				}
				MaskSpec spec = policy.unreadable || byRole == null ? null : byRole.get(policy.roles[i]);
				Mask mask = Mask.of(spec == null ? MaskSpec.of(MaskingType.NULL) : spec);
				ranked.add(new Ranked(new Rule(policy.ref, any ? PolicyValidator.ANY_ROLE : policy.roles[i], List.copyOf(unless),
						mask), policy.types[i].rank(), policy.ref.id(), i));
			}
		}
		ranked.sort(java.util.Comparator.comparingInt(Ranked::rank)
			.thenComparing(Ranked::policyId)
			.thenComparingInt(Ranked::index));
		return ranked.stream().map(Ranked::rule).toList();
	}

	private Choice choice(AccessDecision decision) {
		if (decision.policy() == null) {
			MaskSpec spec = MaskSpec.of(decision.maskingType() == MaskingType.NO_MASK ? MaskingType.NO_MASK : MaskingType.NULL);
			return new Choice(Mask.of(spec), null, null, decision.reason());
		}
		Map<String, MaskSpec> byRole = this.specs.get(decision.policy().id());
		MaskSpec spec = byRole == null ? null : byRole.get(decision.role());
		if (spec == null || "policy_unreadable".equals(decision.reason())) {
			spec = MaskSpec.of(MaskingType.NULL);
		}
		return new Choice(Mask.of(spec), decision.policy(), decision.role(), decision.reason());
	}

	@Override
	public String toString() {
		return "PushDownPolicies[revision " + this.revision + ", " + this.policyColumns.size() + " policy columns, "
				+ this.tagPolicies.size() + " tag policies, " + this.rowPolicies.size() + " row policies]";
	}

	/**
	 * A masking type with its parameters, as a policy rule holds them.
	 *
	 * @param constantNumber {@code constant} parsed as a number as the mask parses it, or {@code null}
	 * @param constantTemporal {@code constant} parsed as an ISO date ({@link LocalDate}), date-time or
	 *        offset date-time as the mask parses it, or {@code null}
	 */
	public record Mask(MaskingType type, String constant, BigDecimal constantNumber, Object constantTemporal,
			LocalDate date, Integer shiftDays, Integer maxShiftDays, String pattern, String replacement, BigDecimal roundTo,
			String tokenFormat) {

		static Mask of(MaskSpec spec) {
			String constant = spec.constant();
			return new Mask(spec.type(), constant, constant == null ? null : MaskValues.parseNumber(constant),
					constant == null ? null : MaskValues.parseTemporal(constant), spec.date(), spec.shiftDays(),
					spec.maxShiftDays(), spec.pattern(), spec.replacement(), spec.roundTo(), spec.tokenFormat());
		}

		/** A mask without parameters. */
		public static Mask of(MaskingType type) {
			return of(MaskSpec.of(type));
		}

		@Override
		public String toString() {
			return "Mask[" + this.type.value() + "]";
		}
	}

	/**
	 * A decision: the mask, the policy and rule role that gave it ({@code null} when none applies),
	 * and the engine's reason code ({@code unprotected}, {@code column_policy}, {@code tag_policy},
	 * {@code no_matching_role}, {@code policy_unreadable}).
	 */
	public record Choice(Mask mask, PolicyRef policy, String role, String reason) {
	}

	/**
	 * One rule of an applicable policy: it decides for a principal that has {@code role} ({@code *}:
	 * any principal) and none of {@code unless}, unless an earlier rule of the list already did.
	 */
	public record Rule(PolicyRef policy, String role, List<String> unless, Mask mask) {

		/** Whether this is a policy's {@code *} rule. */
		public boolean anyRole() {
			return PolicyValidator.ANY_ROLE.equals(this.role);
		}

		/** Whether this rule decides for a principal holding exactly {@code roles} (lower case). */
		public boolean holds(Collection<String> roles) {
			return (anyRole() || roles.contains(this.role)) && this.unless.stream().noneMatch(roles::contains);
		}
	}

	/** A tag policy's tag and optional value (both lower case). */
	public record TagPolicy(PolicyRef policy, String tag, String tagValue) {
	}

	/**
	 * A row policy: its table, reference column and rules. An unreadable one (damaged in the store)
	 * has no rules: no role sees a row.
	 */
	public record RowPolicy(PolicyRef policy, TableRef table, String column, List<RowRule> rules, boolean unreadable) {

		@Override
		public String toString() {
			return "RowPolicy[" + this.policy.name() + " " + this.table + " " + this.column + " " + this.rules.size() + " rules]";
		}
	}

	/** One role's allowed values ({@code *} among them: every row); {@code role} may be {@code *} (every role). */
	public record RowRule(String role, List<String> values) {

		/** Whether the rule allows every row. */
		public boolean allRows() {
			return this.values.contains("*");
		}

		@Override
		public String toString() {
			return "RowRule[" + this.role + " " + this.values.size() + " values]";
		}
	}

	static Set<String> namedRoles(Collection<List<String>> ruleRoles) {
		Set<String> names = new LinkedHashSet<>();
		for (List<String> roles : ruleRoles) {
			for (String role : roles) {
				if (role != null && !PolicyValidator.ANY_ROLE.equals(role)) {
					names.add(role);
				}
			}
		}
		return names;
	}
}
