package dev.coffer.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The decision engine, for the evaluate endpoint and the governed query: for a principal's policy
 * roles ({@link dev.coffer.api.security.Caller#policyRoles()}), the mask of each column and the row
 * filters of a table, from the compiled policy snapshot (no SQL per decision; the column tags come
 * from {@link ColumnTagSource} once per batch). Auditing the decisions, with the ids of the policies
 * that made them, is the caller's job. Semantics: see {@link PolicySnapshot}.
 */
@Component
public class AccessEngine {

	private final PolicySnapshots snapshots;

	private final ColumnTagSource tags;

	AccessEngine(PolicySnapshots snapshots, ColumnTagSource tags) {
		this.snapshots = snapshots;
		this.tags = tags;
	}

	/** One decision per column, in order. */
	public List<AccessDecision> decide(Collection<String> roles, List<ColumnRef> columns) {
		PolicySnapshot snapshot = this.snapshots.current();
		PolicySnapshot.Roles bits = snapshot.roles(roles);
		Map<ColumnRef, List<ColumnTag>> columnTags = this.tags.tagsOf(new LinkedHashSet<>(columns));
		List<AccessDecision> decisions = new ArrayList<>(columns.size());
		for (ColumnRef column : columns) {
			List<ColumnTag> found = columnTags.get(column);
			decisions.add(snapshot.decide(column, bits, found == null ? List.of() : found));
		}
		return decisions;
	}

	/** The row filters of every row policy on {@code table}; empty when none applies (all rows). */
	public List<RowFilter> rowFilters(Collection<String> roles, TableRef table) {
		PolicySnapshot snapshot = this.snapshots.current();
		return snapshot.rowFilters(table, snapshot.roles(roles));
	}

	/** The policy revision the decisions are made under. */
	public long revision() {
		return this.snapshots.current().revision;
	}
}
