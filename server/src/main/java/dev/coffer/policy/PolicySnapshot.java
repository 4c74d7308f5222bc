package dev.coffer.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every policy of one revision, compiled into an index: column policies by data source, schema,
 * table and column (with {@code *} entries), tag policies by tag name, row policies by table, and
 * each rule's mask compiled once. Deciding a column is a handful of hash lookups and a loop over
 * the applicable rules, without SQL. Immutable; replaced as a whole when policies change.
 *
 * <p>Semantics, by precedence: the column policies naming the column exactly (no {@code *} in its
 * schema, table or column) apply, and override every other policy; only when none does, the column
 * policies listing it through a wildcard and the tag policies matching one of its tags apply
 * together. In each applicable policy the principal's mask is the most permissive of the rules
 * naming one of its roles, or the {@code *} rule when it names none; across policies the most
 * permissive wins (ties: the older policy). A principal none of whose roles an applicable policy
 * names (and no {@code *} rule) gets NULL; a column no policy applies to is clear
 * ({@code unprotected}).
 */
final class PolicySnapshot {

	static final String UNPROTECTED = "No column policy lists this column and no tag policy matches its tags: it is not protected.";

	static final String TAGS_UNAVAILABLE = "NULL: tag policies exist but this column's tags cannot be read (the catalog is not "
			+ "available), and no column policy names this column exactly: a column whose tags are unknown is hidden.";

	private static final ValueMask NO_MASK = new Masks.NoMask();

	private static final ValueMask NULL_MASK = new Masks.NullMask();

	final long revision;

	private final Map<String, Integer> roleBits;

	private final Map<String, Map<String, Map<String, Map<String, List<Compiled>>>>> columns;

	private final Map<String, List<Compiled>> tags;

	private final Map<TableRef, List<CompiledRow>> rows;

	PolicySnapshot(long revision, List<Compiled> columnPolicies, List<Compiled> tagPolicies, List<CompiledRow> rowPolicies) {
		this.revision = revision;
		this.roleBits = new HashMap<>();
		this.columns = new HashMap<>();
		this.tags = new HashMap<>();
		this.rows = new HashMap<>();
		for (Compiled policy : columnPolicies) {
			policy.bind(this.roleBits);
			for (ColumnRef column : policy.columns) {
				List<Compiled> at = this.columns.computeIfAbsent(column.dataSourceId(), k -> new HashMap<>())
					.computeIfAbsent(column.schema(), k -> new HashMap<>())
					.computeIfAbsent(column.table(), k -> new HashMap<>())
					.computeIfAbsent(column.column(), k -> new ArrayList<>());
				if (!at.contains(policy)) {
					at.add(policy);
				}
			}
		}
		for (Compiled policy : tagPolicies) {
			policy.bind(this.roleBits);
			this.tags.computeIfAbsent(policy.tag, k -> new ArrayList<>()).add(policy);
		}
		for (CompiledRow policy : rowPolicies) {
			policy.bind(this.roleBits);
			this.rows.computeIfAbsent(policy.table, k -> new ArrayList<>()).add(policy);
		}
	}

	/** The principal's roles as bits of this snapshot; roles no policy names are dropped. */
	Roles roles(Collection<String> names) {
		long[] bits = new long[(this.roleBits.size() + 63) / 64 + 1];
		for (String name : names) {
			Integer bit = name == null ? null : this.roleBits.get(name.toLowerCase(java.util.Locale.ROOT));
			if (bit != null) {
				bits[bit >>> 6] |= 1L << bit;
			}
		}
		return new Roles(bits, List.copyOf(new LinkedHashSet<>(names)));
	}

	/** Whether any tag policy exists (only then do a column's tags matter). */
	boolean hasTagPolicies() {
		return !this.tags.isEmpty();
	}

	/**
	 * The decision for one column; {@code columnTags} is {@code null} when its tags cannot be read,
	 * and then, while tag policies exist, a column no column policy names exactly is NULL
	 * ({@code tags_unavailable}: fail closed).
	 */
	AccessDecision decide(ColumnRef column, Roles roles, List<ColumnTag> columnTags) {
		List<Compiled> exact = new ArrayList<>(2);
		List<Compiled> applicable = new ArrayList<>(4);
		Map<String, Map<String, Map<String, List<Compiled>>>> source = this.columns.get(column.dataSourceId());
		if (source != null) {
			collect(source, column, exact, applicable);
		}
		if (!exact.isEmpty()) {
			return choose(column, roles, exact);
		}
		if (!this.tags.isEmpty()) {
			if (columnTags == null) {
				List<PolicyRef> refs = new ArrayList<>(applicable.size());
				applicable.forEach(policy -> refs.add(policy.ref));
				return new AccessDecision(column, "null", MaskingType.NULL, NULL_MASK, null, null, "tags_unavailable",
						TAGS_UNAVAILABLE, refs);
			}
			addTagPolicies(columnTags, applicable);
		}
		if (applicable.isEmpty()) {
			return new AccessDecision(column, "clear", MaskingType.NO_MASK, NO_MASK, null, null, "unprotected", UNPROTECTED,
					List.of());
		}
		return choose(column, roles, applicable);
	}

	/**
	 * The policies that apply to a column whose tags are known: the column policies naming it
	 * exactly, else those listing it through {@code *} and the tag policies matching one of its tags
	 * (empty: the column is unprotected). {@link #decide} chooses among exactly these.
	 */
	List<Compiled> applicable(ColumnRef column, List<ColumnTag> columnTags) {
		List<Compiled> exact = new ArrayList<>(2);
		List<Compiled> applicable = new ArrayList<>(4);
		Map<String, Map<String, Map<String, List<Compiled>>>> source = this.columns.get(column.dataSourceId());
		if (source != null) {
			collect(source, column, exact, applicable);
		}
		if (!exact.isEmpty()) {
			return exact;
		}
		addTagPolicies(columnTags, applicable);
		return applicable;
	}

	private void addTagPolicies(List<ColumnTag> columnTags, List<Compiled> applicable) {
		for (ColumnTag tag : columnTags) {
			List<Compiled> candidates = this.tags.get(tag.name());
			if (candidates != null) {
				for (Compiled policy : candidates) {
					if ((policy.tagValue == null || policy.tagValue.equals(tag.value())) && !applicable.contains(policy)) {
						applicable.add(policy);
					}
				}
			}
		}
	}

	/** The decision of the most permissive rule the applicable policies give the roles. */
	private static AccessDecision choose(ColumnRef column, Roles roles, List<Compiled> applicable) {
		Compiled bestPolicy = null;
		int bestRule = -1;
		for (Compiled policy : applicable) {
			int rule = policy.ruleFor(roles);
			if (rule >= 0 && (bestPolicy == null || better(policy, rule, bestPolicy, bestRule))) {
				bestPolicy = policy;
				bestRule = rule;
			}
		}
		List<PolicyRef> refs = new ArrayList<>(applicable.size());
		for (Compiled policy : applicable) {
			refs.add(policy.ref);
		}
		if (bestPolicy == null) {
			return new AccessDecision(column, "null", MaskingType.NULL, NULL_MASK, null, null, "no_matching_role",
					noMatchingRole(refs, roles), refs);
		}
		MaskingType type = bestPolicy.types[bestRule];
		String reason = bestPolicy.unreadable ? "policy_unreadable"
				: bestPolicy.ref.kind().equals("column") ? "column_policy" : "tag_policy";
		return new AccessDecision(column, type.disposition(), type, bestPolicy.masks[bestRule], bestPolicy.ref,
				bestPolicy.roles[bestRule], reason, bestPolicy.explanations[bestRule], refs);
	}

	List<RowFilter> rowFilters(TableRef table, Roles roles) {
		List<CompiledRow> policies = this.rows.get(table);
		if (policies == null) {
			return List.of();
		}
		List<RowFilter> filters = new ArrayList<>(policies.size());
		for (CompiledRow policy : policies) {
			filters.add(policy.filter(roles));
		}
		return filters;
	}

	/**
	 * The column policies listing {@code column}: into {@code exact} those naming it exactly, into
	 * {@code wildcard} those listing it through a {@code *} only.
	 */
	private static void collect(Map<String, Map<String, Map<String, List<Compiled>>>> source, ColumnRef column,
			List<Compiled> exact, List<Compiled> wildcard) {
		for (String schemaKey : keys(column.schema())) {
			Map<String, Map<String, List<Compiled>>> schema = source.get(schemaKey);
			if (schema == null) {
				continue;
			}
			for (String tableKey : keys(column.table())) {
				Map<String, List<Compiled>> table = schema.get(tableKey);
				if (table == null) {
					continue;
				}
				for (String columnKey : keys(column.column())) {
					boolean named = !ColumnRef.ANY.equals(schemaKey) && !ColumnRef.ANY.equals(tableKey)
							&& !ColumnRef.ANY.equals(columnKey);
					addAll(table.get(columnKey), named ? exact : wildcard);
				}
			}
		}
		wildcard.removeAll(exact);
	}

	/** The index keys that match a name: the name itself, then {@code *}. */
	private static String[] keys(String name) {
		return ColumnRef.ANY.equals(name) ? new String[] { ColumnRef.ANY } : new String[] { name, ColumnRef.ANY };
	}

	private static void addAll(List<Compiled> policies, List<Compiled> into) {
		if (policies != null) {
			for (Compiled policy : policies) {
				if (!into.contains(policy)) {
					into.add(policy);
				}
			}
		}
	}

	private static boolean better(Compiled policy, int rule, Compiled best, int bestRule) {
		int rank = policy.types[rule].rank();
		int bestRank = best.types[bestRule].rank();
		return rank < bestRank || (rank == bestRank && policy.ref.id().compareTo(best.ref.id()) < 0);
	}

	private static String noMatchingRole(List<PolicyRef> refs, Roles roles) {
		StringBuilder names = new StringBuilder();
		for (PolicyRef ref : refs) {
			names.append(names.length() == 0 ? "" : ", ").append(ref.kind()).append(" policy '").append(ref.name()).append('\'');
		}
		return "NULL: " + names + (refs.size() == 1 ? " applies" : " apply") + " to this column but name"
				+ (refs.size() == 1 ? "s" : "") + " none of the roles " + roles.names()
				+ " and give no '*' rule; a role named in no applicable policy sees NULL.";
	}

	/** A principal's roles as bits of one snapshot. */
	record Roles(long[] bits, List<String> names) {

		boolean has(int bit) {
			return bit >= 0 && (bit >>> 6) < this.bits.length && (this.bits[bit >>> 6] & (1L << bit)) != 0;
		}
	}

	/** A compiled column or tag policy. */
	static final class Compiled {

		final PolicyRef ref;

		final List<ColumnRef> columns;

		final String tag;

		final String tagValue;

		final String[] roles;

		final MaskingType[] types;

		final ValueMask[] masks;

		final String[] explanations;

		final int[] bits;

		/** The index of the {@code *} rule, or -1. */
		final int anyRule;

		/** Whether the stored definition could not be read (then one {@code *} rule gives NULL). */
		final boolean unreadable;

		Compiled(PolicyRef ref, List<ColumnRef> columns, String tag, String tagValue, List<String> roles,
				List<ValueMask> masks) {
			this(ref, columns, tag, tagValue, roles, masks, false);
		}

		private Compiled(PolicyRef ref, List<ColumnRef> columns, String tag, String tagValue, List<String> roles,
				List<ValueMask> masks, boolean unreadable) {
			this.ref = ref;
			this.unreadable = unreadable;
			this.columns = columns;
			this.tag = tag;
			this.tagValue = tagValue;
			this.roles = roles.toArray(String[]::new);
			this.masks = masks.toArray(ValueMask[]::new);
			this.types = new MaskingType[this.masks.length];
			this.explanations = new String[this.masks.length];
			this.bits = new int[this.masks.length];
			int any = -1;
			String what = ref.kind().equals("column") ? "Column policy '" + ref.name() + "'"
					: "Tag policy '" + ref.name() + "' (tag " + tag + (tagValue == null ? "" : "=" + tagValue) + ")";
			for (int i = 0; i < this.masks.length; i++) {
				this.types[i] = this.masks[i].type();
				boolean catchAll = PolicyValidator.ANY_ROLE.equals(this.roles[i]);
				if (catchAll) {
					any = i;
				}
				this.explanations[i] = what + " gives " + (catchAll ? "every role it names nowhere else ('*')"
						: "role '" + this.roles[i] + "'") + " the mask " + this.types[i].value()
						+ (ref.kind().equals("column") ? "" : "; no column policy names this column exactly")
						+ "; the most permissive mask any applicable policy gives the principal's roles wins.";
			}
			this.anyRule = any;
			if (unreadable) {
				this.explanations[0] = (ref.kind().equals("column") ? "Column" : "Tag") + " policy '" + ref.name()
						+ "' cannot be read from the store (its definition is damaged): it gives every role NULL until it is "
						+ "replaced.";
			}
		}

		/** A policy whose stored definition cannot be read, where it still applies: NULL for every role. */
		static Compiled unreadable(PolicyRef ref, List<ColumnRef> columns, String tag, String tagValue, ValueMask nullMask) {
			return new Compiled(ref, columns, tag, tagValue, List.of(PolicyValidator.ANY_ROLE), List.of(nullMask), true);
		}

		void bind(Map<String, Integer> roleBits) {
			for (int i = 0; i < this.roles.length; i++) {
				this.bits[i] = i == this.anyRule ? -1 : roleBits.computeIfAbsent(this.roles[i], k -> roleBits.size());
			}
		}

		/**
		 * The same policy, unbound: a policy is bound to the role numbering of one snapshot, so one
		 * that goes into a second snapshot must be a copy.
		 */
		Compiled copy() {
			return new Compiled(this.ref, this.columns, this.tag, this.tagValue, List.of(this.roles), List.of(this.masks),
					this.unreadable);
		}

		/** The rule this policy gives the principal: its most permissive named rule, else {@code *}, else -1. */
		int ruleFor(Roles roles) {
			int best = -1;
			for (int i = 0; i < this.bits.length; i++) {
				if (i != this.anyRule && roles.has(this.bits[i]) && (best < 0 || this.types[i].rank() < this.types[best].rank())) {
					best = i;
				}
			}
			return best >= 0 ? best : this.anyRule;
		}
	}

	/** A compiled row policy. */
	static final class CompiledRow {

		final PolicyRef ref;

		final TableRef table;

		final String column;

		final String[] roles;

		final List<List<String>> values;

		final int[] bits;

		/** Whether the stored definition could not be read (then no role sees a row). */
		final boolean unreadable;

		CompiledRow(PolicyRef ref, TableRef table, String column, List<String> roles, List<List<String>> values) {
			this(ref, table, column, roles, values, false);
		}

		private CompiledRow(PolicyRef ref, TableRef table, String column, List<String> roles, List<List<String>> values,
				boolean unreadable) {
			this.ref = ref;
			this.table = table;
			this.column = column;
			this.roles = roles.toArray(String[]::new);
			this.values = values;
			this.bits = new int[this.roles.length];
			this.unreadable = unreadable;
		}

		/** A row policy whose stored definition cannot be read, on its table: no rows for any role. */
		static CompiledRow unreadable(PolicyRef ref, TableRef table, String column) {
			return new CompiledRow(ref, table, ColumnRef.lower(column), List.of(), List.of(), true);
		}

		void bind(Map<String, Integer> roleBits) {
			for (int i = 0; i < this.roles.length; i++) {
				this.bits[i] = PolicyValidator.ANY_ROLE.equals(this.roles[i]) ? -1
						: roleBits.computeIfAbsent(this.roles[i], k -> roleBits.size());
			}
		}

		/** The union of the values of every rule naming one of the roles, or of {@code *}. */
		RowFilter filter(Roles roles) {
			Set<String> allowed = new LinkedHashSet<>();
			List<String> matched = new ArrayList<>();
			for (int i = 0; i < this.roles.length; i++) {
				if (this.bits[i] < 0 || roles.has(this.bits[i])) {
					matched.add(this.roles[i]);
					allowed.addAll(this.values.get(i));
				}
			}
			String what = "Row policy '" + this.ref.name() + "' on column " + this.column;
			if (this.unreadable) {
				return new RowFilter(this.table, this.ref, this.column, false, List.of(), "policy_unreadable",
						what + " cannot be read from the store (its definition is damaged): no rows until it is replaced.");
			}
			if (matched.isEmpty()) {
				return new RowFilter(this.table, this.ref, this.column, false, List.of(), "no_matching_role",
						what + " names none of the roles " + roles.names() + ": no rows.");
			}
			if (allowed.contains("*")) {
				return new RowFilter(this.table, this.ref, this.column, true, List.of(), "all_rows",
						what + " gives roles " + matched + " every row.");
			}
			return new RowFilter(this.table, this.ref, this.column, false, List.copyOf(allowed), "allowed_values",
					what + " gives roles " + matched + " the rows of " + allowed.size()
							+ " values (the union over those roles).");
		}
	}
}
