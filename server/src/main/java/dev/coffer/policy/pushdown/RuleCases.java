package dev.coffer.policy.pushdown;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.coffer.policy.MaskingType;
import dev.coffer.policy.PushDownPolicies.Mask;
import dev.coffer.policy.PushDownPolicies.Rule;

/**
 * A column's rules (in the decision engine's order) as the branches of a SQL {@code CASE} over role
 * membership, for either database: a rule holds for a database user who is a member of a database
 * role standing for its Coffer role ({@code *}: anyone) and of none standing for the roles that
 * override it in its policy. The first branch that holds gives the mask the engine gives the user's
 * mapped roles together; the last branch holds always (NULL when no rule does).
 */
final class RuleCases {

	/** A branch: {@code condition} in SQL, or {@code null} for the final, unconditional one. */
	record Branch(String condition, Mask mask) {
	}

	private RuleCases() {
	}

	/**
	 * @param member the SQL test of membership in one database role
	 */
	static List<Branch> branches(List<Rule> rules, PushDownPlan plan, Function<String, String> member) {
		List<Branch> branches = new ArrayList<>();
		// database roles for which an earlier branch holds whenever they are held: later tests of them are redundant
		Set<String> covered = new LinkedHashSet<>();
		for (Rule rule : rules) {
			Set<String> none = new LinkedHashSet<>();
			rule.unless().forEach(role -> none.addAll(plan.databaseRoles(role)));
			none.removeAll(covered);
			if (rule.anyRole()) {
				if (none.isEmpty()) {
					branches.add(new Branch(null, rule.mask()));
					return branches;
				}
				branches.add(new Branch("NOT (" + any(none, member) + ")", rule.mask()));
				continue;
			}
			List<String> holders = new ArrayList<>(plan.databaseRoles(rule.role()));
			holders.removeAll(none);
			holders.removeAll(covered);
			if (holders.isEmpty()) {
				continue; // no database role stands for it, or an earlier or overriding rule always takes it first
			}
			String condition = "(" + any(holders, member) + ")";
			branches.add(new Branch(none.isEmpty() ? condition : condition + " AND NOT (" + any(none, member) + ")",
					rule.mask()));
			if (none.isEmpty()) {
				covered.addAll(holders);
			}
		}
		// NULL branches just before the final NULL change nothing
		while (!branches.isEmpty() && branches.get(branches.size() - 1).mask().type() == MaskingType.NULL) {
			branches.remove(branches.size() - 1);
		}
		branches.add(new Branch(null, Mask.of(MaskingType.NULL)));
		return branches;
	}

	private static String any(Iterable<String> roles, Function<String, String> member) {
		List<String> tests = new ArrayList<>();
		roles.forEach(role -> tests.add(member.apply(role)));
		return String.join(" OR ", tests);
	}
}
