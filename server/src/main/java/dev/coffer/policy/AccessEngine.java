package dev.coffer.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.SafeLog;
import dev.coffer.api.security.Permission;
import dev.coffer.api.security.Role;

/**
 * The decision engine, for the evaluate endpoint and the governed query: for a principal's policy
 * roles ({@link dev.coffer.api.security.Caller#policyRoles()}), the mask of each column and the row
 * filters of a table, from the compiled policy snapshot (no SQL per decision; the column tags come
 * from {@link ColumnTagSource} once per batch). Auditing the decisions, with the policies that made
 * them, is the caller's job: {@link DecisionAudit} gives the details. Semantics: see {@link PolicySnapshot}.
 */
@Component
public class AccessEngine {

	private static final Logger log = LoggerFactory.getLogger(AccessEngine.class);

	private static final ValueMask NO_MASK = new Masks.NoMask();

	private final PolicySnapshots snapshots;

	private final ColumnTagSource tags;

	AccessEngine(PolicySnapshots snapshots, ColumnTagSource tags) {
		this.snapshots = snapshots;
		this.tags = tags;
	}

	/**
	 * One decision per column, in order. {@code detokenize} reveals values, so it applies only when
	 * the roles grant {@code tokens:detokenize} themselves: platform role names map to their
	 * permissions through {@link Role} ({@code admin}, {@code detokenizer}); data roles grant no
	 * permission. Otherwise the column shows its stored value as it is, the token ({@code no_mask},
	 * reason {@code detokenize_not_permitted}).
	 */
	public List<AccessDecision> decide(Collection<String> roles, List<ColumnRef> columns) {
		PolicySnapshot snapshot = this.snapshots.current();
		PolicySnapshot.Roles bits = snapshot.roles(roles);
		boolean mayDetokenize = grants(roles, Permission.DETOKENIZE);
		Map<ColumnRef, List<ColumnTag>> columnTags = snapshot.hasTagPolicies() ? tagsOf(columns) : Map.of();
		List<AccessDecision> decisions = new ArrayList<>(columns.size());
		for (ColumnRef column : columns) {
			List<ColumnTag> found = columnTags == null ? null : columnTags.getOrDefault(column, List.of());
			AccessDecision decision = snapshot.decide(column, bits, found);
			if (decision.maskingType() == MaskingType.DETOKENIZE && !mayDetokenize) {
				decision = withoutDetokenize(decision, bits);
			}
			decisions.add(decision);
		}
		return decisions;
	}

	/** The tags of the columns, or {@code null} when the source cannot answer (the engine then fails closed). */
	private Map<ColumnRef, List<ColumnTag>> tagsOf(List<ColumnRef> columns) {
		if (!this.tags.available()) {
			return null;
		}
		try {
			return this.tags.tagsOf(new LinkedHashSet<>(columns));
		}
		catch (RuntimeException ex) {
			log.warn("Column tags could not be read; columns only tag policies could cover are NULL: {}", SafeLog.describe(ex));
			return null;
		}
	}

	/** Whether one of the policy roles is a platform role granting {@code permission}. */
	static boolean grants(Collection<String> roles, Permission permission) {
		for (String role : roles) {
			if (role != null && Role.fromValue(role).map(r -> r.permissions().contains(permission)).orElse(false)) {
				return true;
			}
		}
		return false;
	}

	private static AccessDecision withoutDetokenize(AccessDecision decision, PolicySnapshot.Roles roles) {
		return new AccessDecision(decision.column(), MaskingType.NO_MASK.disposition(), MaskingType.NO_MASK, NO_MASK,
				decision.policy(), decision.role(), "detokenize_not_permitted", decision.explanation() + " But none of the roles "
						+ roles.names() + " grants " + Permission.DETOKENIZE.value() + " (platform role admin or detokenizer): "
						+ "the stored value is shown as it is (the token), not detokenized.",
				decision.applicable());
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
