package dev.coffer.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.coffer.audit.AuditRecord;

/**
 * The audit details of access decisions, for every endpoint that decides (the evaluate endpoint,
 * the governed query): counts, plus which policy decided each column with which mask and why, for
 * a bounded number of columns, so a batch of any size fits one audit event. Holds names and ids,
 * never values: row filters are recorded by policy and outcome, never their allowed values.
 *
 * <p>Details added by {@link #with}:
 * <ul>
 * <li>{@code roles}: at most {@value #MAX_ROLES} policy roles (names cut to {@value #MAX_NAME}
 * characters), {@code roles_count} when there are more;</li>
 * <li>{@code columns}: the number of decisions; {@code dispositions}, {@code masking_types},
 * {@code reasons}: counts by disposition, masking type and reason;</li>
 * <li>{@code policies}: the deciding policies, most columns first, at most {@value #MAX_POLICIES},
 * each {@code {kind, id, name, columns}}; {@code policies_omitted} counts the rest;</li>
 * <li>{@code decisions}: per column, in request order, {@code {column, disposition, masking_type,
 * reason, role, policy_kind, policy_id, policy_name}} ({@code column} as
 * {@code data_source_id/schema.table.column}), at most {@value #MAX_DECISIONS} and fewer when they
 * would pass {@value #MAX_DECISION_CHARS} characters; {@code decisions_omitted} counts the rest
 * (the counts above cover every column);</li>
 * <li>{@code row_filters}: per row policy {@code {id, name, table, rows, reason}} ({@code rows}:
 * {@code all}, {@code filtered}, {@code none}), at most {@value #MAX_POLICIES};
 * {@code row_filters_omitted} counts the rest.</li>
 * </ul>
 * Names (policies, roles, schemas, tables, columns) longer than {@value #MAX_NAME} characters are cut
 * and end with {@code ~}. Everything together takes at most {@value #MAX_CHARS} characters as JSON
 * (entries of {@code row_filters}, then of {@code decisions}, are left out to stay within it), so
 * the caller's own details fit the audit log's 8192 characters beside it.
 */
public final class DecisionAudit {

	/** Column entries in {@code decisions}, at most. */
	public static final int MAX_DECISIONS = 20;

	/** Characters of the {@code decisions} entries, at most (as JSON). */
	public static final int MAX_DECISION_CHARS = 3000;

	/** Policies in {@code policies} and in {@code row_filters}, at most each. */
	public static final int MAX_POLICIES = 10;

	/** Characters of all these details together (as JSON), at most. */
	public static final int MAX_CHARS = 6000;

	/** Roles in {@code roles}, at most. */
	public static final int MAX_ROLES = 20;

	/** Characters of a name in the details, at most. */
	public static final int MAX_NAME = 64;

	private DecisionAudit() {
	}

	/** {@code record} with the details of {@code roles}, {@code decisions} and {@code rowFilters} (either list may be empty). */
	public static AuditRecord with(AuditRecord record, Collection<String> roles, List<AccessDecision> decisions,
			List<RowFilter> rowFilters) {
		AuditRecord result = record;
		for (Map.Entry<String, Object> detail : details(roles, decisions, rowFilters).entrySet()) {
			result = result.with(detail.getKey(), detail.getValue());
		}
		return result;
	}

	/** The details {@link #with} adds, as a map (JSON values). */
	public static Map<String, Object> details(Collection<String> roles, List<AccessDecision> decisions,
			List<RowFilter> rowFilters) {
		Map<String, Object> details = new LinkedHashMap<>();
		List<String> distinctRoles = new ArrayList<>(new LinkedHashSet<>(roles));
		details.put("roles", distinctRoles.stream().limit(MAX_ROLES).map(DecisionAudit::cut).toList());
		if (distinctRoles.size() > MAX_ROLES) {
			details.put("roles_count", distinctRoles.size());
		}
		details.put("columns", decisions.size());
		Map<String, Integer> dispositions = new TreeMap<>();
		Map<String, Integer> types = new TreeMap<>();
		Map<String, Integer> reasons = new TreeMap<>();
		Map<String, Deciding> deciding = new LinkedHashMap<>();
		for (AccessDecision decision : decisions) {
			dispositions.merge(decision.disposition(), 1, Integer::sum);
			types.merge(decision.maskingType().value(), 1, Integer::sum);
			reasons.merge(decision.reason(), 1, Integer::sum);
			if (decision.policy() != null) {
				deciding.computeIfAbsent(decision.policy().kind() + ":" + decision.policy().id(),
						key -> new Deciding(decision.policy())).columns++;
			}
		}
		details.put("dispositions", dispositions);
		details.put("masking_types", types);
		details.put("reasons", reasons);
		List<Deciding> policies = new ArrayList<>(deciding.values());
		policies.sort(Comparator.comparingInt((Deciding d) -> -d.columns).thenComparing(d -> d.ref.id()));
		details.put("policies", policies.stream().limit(MAX_POLICIES).map(Deciding::entry).toList());
		if (policies.size() > MAX_POLICIES) {
			details.put("policies_omitted", policies.size() - MAX_POLICIES);
		}
		List<Map<String, Object>> entries = new ArrayList<>();
		int chars = 0;
		for (AccessDecision decision : decisions) {
			if (entries.size() == MAX_DECISIONS) {
				break;
			}
			Map<String, Object> entry = entry(decision);
			int length = JsonLength.of(entry) + 1;
			if (chars + length > MAX_DECISION_CHARS) {
				break;
			}
			entries.add(entry);
			chars += length;
		}
		details.put("decisions", entries);
		List<Map<String, Object>> rows = new ArrayList<>(rowFilters.stream().limit(MAX_POLICIES).map(DecisionAudit::rowEntry)
			.toList());
		if (!rowFilters.isEmpty()) {
			details.put("row_filters", rows);
		}
		// within the whole budget: drop row filter entries first, then column entries
		while (JsonLength.of(details) > MAX_CHARS && (!entries.isEmpty() || !rows.isEmpty())) {
			(rows.isEmpty() ? entries : rows).remove((rows.isEmpty() ? entries : rows).size() - 1);
			omitted(details, "decisions_omitted", decisions.size() - entries.size());
			omitted(details, "row_filters_omitted", rowFilters.size() - rows.size());
		}
		omitted(details, "decisions_omitted", decisions.size() - entries.size());
		omitted(details, "row_filters_omitted", rowFilters.size() - rows.size());
		return details;
	}

	private static void omitted(Map<String, Object> details, String key, int count) {
		if (count > 0) {
			details.put(key, count);
		}
	}

	private static Map<String, Object> entry(AccessDecision decision) {
		Map<String, Object> entry = new LinkedHashMap<>();
		ColumnRef column = decision.column();
		entry.put("column", column.dataSourceId() + "/" + cut(column.schema()) + "." + cut(column.table()) + "."
				+ cut(column.column()));
		entry.put("disposition", decision.disposition());
		entry.put("masking_type", decision.maskingType().value());
		entry.put("reason", decision.reason());
		if (decision.role() != null) {
			entry.put("role", cut(decision.role()));
		}
		if (decision.policy() != null) {
			entry.put("policy_kind", decision.policy().kind());
			entry.put("policy_id", decision.policy().id());
			entry.put("policy_name", cut(decision.policy().name()));
		}
		return entry;
	}

	private static Map<String, Object> rowEntry(RowFilter filter) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("id", filter.policy().id());
		entry.put("name", cut(filter.policy().name()));
		entry.put("table", filter.table().dataSourceId() + "/" + cut(filter.table().schema()) + "." + cut(filter.table().table()));
		entry.put("rows", filter.allRows() ? "all" : filter.noRows() ? "none" : "filtered");
		entry.put("reason", filter.reason());
		return entry;
	}

	static String cut(String name) {
		return name == null || name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 1) + "~";
	}

	/** A deciding policy and how many columns it decided. */
	private static final class Deciding {

		final PolicyRef ref;

		int columns;

		Deciding(PolicyRef ref) {
			this.ref = ref;
		}

		Map<String, Object> entry() {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("kind", this.ref.kind());
			entry.put("id", this.ref.id());
			entry.put("name", cut(this.ref.name()));
			entry.put("columns", this.columns);
			return entry;
		}
	}

	/** The length of a value written as JSON (strings, numbers, lists and maps of them), counting escapes. */
	static final class JsonLength {

		private JsonLength() {
		}

		static int of(Object value) {
			if (value == null) {
				return 4;
			}
			if (value instanceof String text) {
				int length = 2;
				for (int i = 0; i < text.length(); i++) {
					char c = text.charAt(i);
					length += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
				}
				return length;
			}
			if (value instanceof Map<?, ?> map) {
				int length = 2 + Math.max(0, map.size() - 1);
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					length += of(String.valueOf(entry.getKey())) + 1 + of(entry.getValue());
				}
				return length;
			}
			if (value instanceof Collection<?> list) {
				int length = 2 + Math.max(0, list.size() - 1);
				for (Object item : list) {
					length += of(item);
				}
				return length;
			}
			return String.valueOf(value).length();
		}
	}
}
