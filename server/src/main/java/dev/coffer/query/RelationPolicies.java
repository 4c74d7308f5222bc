package dev.coffer.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.policy.AccessDecision;
import dev.coffer.policy.AccessEngine;
import dev.coffer.policy.ColumnRef;
import dev.coffer.policy.RowFilter;
import dev.coffer.policy.TableRef;
import dev.coffer.query.SourceDialect.Lineage;
import dev.coffer.query.SourceDialect.Relation;
import dev.coffer.query.SourceDialect.TableMeta;

/**
 * The policies that reach a relation a governed query reads, for one caller. Policies name
 * relations exactly, but on PostgreSQL rows are shared between relations: a partition or an
 * inheritance child holds rows of its parents, a parent read without {@code ONLY} reads its
 * children's rows, a view reads the relations it is defined on. So:
 * <ul>
 * <li>a partition or child carries the column masks and row filters of every parent besides its
 * own; per column the strictest decision applies ({@code null} over {@code masked} over
 * {@code clear}; two different masks of equal rank are refused);</li>
 * <li>a parent is refused when a partition or child below it carries a column decision or a row
 * filter the parent does not have: reading the parent would read those rows without them;</li>
 * <li>a view or materialized view without policies of its own is refused when it reads (through
 * other views too) a relation any policy protects, or calls a function that is not built in (what
 * such a function reads cannot be traced);</li>
 * <li>a PostgreSQL relation that belongs to an extension or whose name starts with {@code pg_}
 * (extension views such as {@code pg_stat_statements} show other sessions' queries and their
 * literals) is refused unless a policy names it.</li>
 * </ul>
 * MariaDB has no partitions or children that are relations of their own; what its views read is
 * not traced (see the README).
 */
final class RelationPolicies {

	private final AccessEngine engine;

	private final Collection<String> roles;

	private final String dataSourceId;

	private final boolean blocked;

	private final SourceDialect dialect;

	private final Connection connection;

	private final Map<String, List<RowFilter>> effectiveFilters = new HashMap<>();

	RelationPolicies(AccessEngine engine, Collection<String> roles, String dataSourceId, boolean blocked, SourceDialect dialect,
			Connection connection) {
		this.engine = engine;
		this.roles = roles;
		this.dataSourceId = dataSourceId;
		this.blocked = blocked;
		this.dialect = dialect;
		this.connection = connection;
	}

	/**
	 * The decisions of the relation's columns, in order: its own and its parents' policies, NULL for
	 * every protected column while the caller is blocked by an alert.
	 * @throws ApiException {@code relation_not_queryable} when reading it would read rows without their policies
	 */
	List<AccessDecision> decide(TableMeta table) {
		Lineage lineage;
		try {
			lineage = this.dialect.lineage(this.connection, table);
		}
		catch (SQLException ex) {
			throw QueryErrors.of(ex);
		}
		List<String> columns = table.columns().stream().map(SourceDialect.ColumnMeta::name).toList();
		List<AccessDecision> own = decisions(List.of(new Relation(table.schema(), table.name(), columns))).get(0);
		List<RowFilter> ownFilters = this.engine.rowFilters(this.roles, ref(table.schema(), table.name()));
		boolean ownPolicies = anyPolicy(own) || !ownFilters.isEmpty();
		boolean pgName = this.dialect instanceof SourceDialect.Postgres && table.name().startsWith("pg_");
		if ((lineage.extensionMember() || pgName) && !ownPolicies) {
			throw refused(table, lineage.extensionMember() ? "it belongs to an extension and no policy names it"
					: "its name starts with pg_ and no policy names it");
		}
		if (table.isView() && !ownPolicies) {
			if (lineage.callsFunctions()) {
				throw refused(table, "it is a view that calls functions that are not built in, so what it reads cannot be "
						+ "traced, and no policy names the view itself");
			}
			List<List<AccessDecision>> read = decisions(lineage.reads());
			for (int i = 0; i < read.size(); i++) {
				Relation relation = lineage.reads().get(i);
				if (anyPolicy(read.get(i)) || !this.engine.rowFilters(this.roles, ref(relation.schema(), relation.name())).isEmpty()) {
					throw refused(table, "it is a view reading " + relation.schema() + "." + relation.name()
							+ ", which policies protect, and no policy names the view itself");
				}
			}
		}
		List<AccessDecision> effective = withAncestors(table, columns, own, lineage.ancestors());
		List<RowFilter> rowFilters = rowFilters(table, ownFilters, lineage.ancestors());
		checkDescendants(table, columns, effective, rowFilters, lineage.descendants());
		this.effectiveFilters.put(table.schema() + "\u0000" + table.name(), rowFilters);
		if (!this.blocked) {
			return effective;
		}
		List<AccessDecision> out = new ArrayList<>(effective.size());
		for (AccessDecision decision : effective) {
			out.add("unprotected".equals(decision.reason()) ? decision : QueryPlanner.blocked(decision));
		}
		return out;
	}

	/** The row filters of the relation and of every parent, each policy once; {@link #decide} first. */
	List<RowFilter> rowFilters(TableMeta table) {
		List<RowFilter> filters = this.effectiveFilters.get(table.schema() + "\u0000" + table.name());
		if (filters == null) {
			throw new IllegalStateException("row filters asked before the relation's decisions");
		}
		return filters;
	}

	private List<RowFilter> rowFilters(TableMeta table, List<RowFilter> own, List<Relation> ancestors) {
		Map<String, RowFilter> all = new LinkedHashMap<>();
		own.forEach(filter -> all.putIfAbsent(filter.policy().id(), filter));
		for (Relation ancestor : ancestors) {
			this.engine.rowFilters(this.roles, ref(ancestor.schema(), ancestor.name()))
				.forEach(filter -> all.putIfAbsent(filter.policy().id(), filter));
		}
		return List.copyOf(all.values());
	}

	/** Per column the strictest of its own decision and its parents' decisions for the column of that name. */
	private List<AccessDecision> withAncestors(TableMeta table, List<String> columns, List<AccessDecision> own,
			List<Relation> ancestors) {
		if (ancestors.isEmpty()) {
			return own;
		}
		List<List<AccessDecision>> inherited = decisions(ancestors);
		List<AccessDecision> out = new ArrayList<>(columns.size());
		for (int c = 0; c < columns.size(); c++) {
			// the root first: of two equal decisions the parent's is kept, so a parent and its partitions read alike
			AccessDecision chosen = null;
			for (int a = ancestors.size() - 1; a >= -1; a--) {
				AccessDecision candidate = a < 0 ? own.get(c) : decisionFor(ancestors.get(a), inherited.get(a), columns.get(c));
				if (candidate == null || "unprotected".equals(candidate.reason())) {
					continue;
				}
				if (chosen == null || rank(candidate) > rank(chosen)) {
					chosen = candidate;
				}
				else if (rank(candidate) == rank(chosen) && rank(chosen) == 1 && candidate.maskingType() != chosen.maskingType()) {
					throw refused(table, "it and its parent " + candidate.column().schema() + "." + candidate.column().table()
							+ " mask column " + columns.get(c) + " differently (" + chosen.maskingType().value() + ", "
							+ candidate.maskingType().value() + ")");
				}
			}
			out.add(chosen == null ? own.get(c) : chosen);
		}
		return out;
	}

	/** Refuses the relation when a partition or child below it carries a decision or row filter the relation itself does not. */
	private void checkDescendants(TableMeta table, List<String> columns, List<AccessDecision> effective,
			List<RowFilter> rowFilters, List<Relation> descendants) {
		if (descendants.isEmpty()) {
			return;
		}
		List<List<AccessDecision>> below = decisions(descendants);
		List<String> allowed = rowFilters.stream().map(filter -> filter.policy().id()).toList();
		for (int d = 0; d < descendants.size(); d++) {
			Relation child = descendants.get(d);
			for (int c = 0; c < columns.size(); c++) {
				AccessDecision decision = decisionFor(child, below.get(d), columns.get(c));
				if (decision != null && !"unprotected".equals(decision.reason()) && !same(decision, effective.get(c))) {
					throw refused(table, "its partition or child " + child.schema() + "." + child.name()
							+ " carries a policy on column " + columns.get(c)
							+ " that the parent does not; reading the parent reads those rows: query the partition or child itself");
				}
			}
			for (RowFilter filter : this.engine.rowFilters(this.roles, ref(child.schema(), child.name()))) {
				if (!allowed.contains(filter.policy().id())) {
					throw refused(table, "its partition or child " + child.schema() + "." + child.name()
							+ " carries a row policy that the parent does not; reading the parent reads those rows: query the "
							+ "partition or child itself");
				}
			}
		}
	}

	/** The decisions of every column of each relation, in one batch. */
	private List<List<AccessDecision>> decisions(List<Relation> relations) {
		List<ColumnRef> refs = new ArrayList<>();
		for (Relation relation : relations) {
			relation.columns().forEach(column -> refs.add(new ColumnRef(this.dataSourceId, relation.schema(), relation.name(), column)));
		}
		List<AccessDecision> all = refs.isEmpty() ? List.of() : this.engine.decide(this.roles, refs);
		List<List<AccessDecision>> out = new ArrayList<>(relations.size());
		int at = 0;
		for (Relation relation : relations) {
			out.add(all.subList(at, at + relation.columns().size()));
			at += relation.columns().size();
		}
		return out;
	}

	private static AccessDecision decisionFor(Relation relation, List<AccessDecision> decisions, String column) {
		int index = relation.columns().indexOf(column);
		return index < 0 ? null : decisions.get(index);
	}

	private static boolean anyPolicy(List<AccessDecision> decisions) {
		return decisions.stream().anyMatch(decision -> !"unprotected".equals(decision.reason()));
	}

	/** NULL over masked over clear. */
	private static int rank(AccessDecision decision) {
		return switch (decision.disposition()) {
			case "null" -> 2;
			case "masked" -> 1;
			default -> 0;
		};
	}

	private static boolean same(AccessDecision a, AccessDecision b) {
		return a.disposition().equals(b.disposition()) && a.maskingType() == b.maskingType()
				&& Objects.equals(a.policy() == null ? null : a.policy().kind() + ":" + a.policy().id(),
						b.policy() == null ? null : b.policy().kind() + ":" + b.policy().id());
	}

	private TableRef ref(String schema, String name) {
		return new TableRef(this.dataSourceId, schema, name);
	}

	private static ApiException refused(TableMeta table, String why) {
		return new ApiException(ErrorCode.RELATION_NOT_QUERYABLE, "Relation '" + SelectParser.shorten(table.schema() + "."
				+ table.name()) + "' cannot be queried: " + why);
	}
}
