package dev.coffer.policy.alerts;

import java.util.Collection;

import dev.coffer.api.security.Caller;

/**
 * Watches who reads protected values against the alert rules ({@code /api/v1/alert-rules}) and
 * answers whether a principal is blocked. Every feature that reveals protected values calls it:
 * detokenize and the warehouse functions through {@link #admit}, the governed query through
 * {@link #check} (to NULL protected columns) and {@link #record} (to count what it returned).
 *
 * <p>Cheap on the hot path: rules and the set of blocked principals are read from the store at most
 * every two seconds per node (property {@code coffer.alerts.cache-ttl}, default 2 s), so a principal no rule
 * watches costs no SQL; a watched principal costs two or three statements per rate rule. A block
 * opened or lifted on one node acts on the other nodes within that interval (at once on the node
 * that opened or lifted it, and at once wherever the same rule trips again, since its count is
 * shared).
 */
public interface AccessMonitor {

	/** Whether {@code who} may read protected values now; never touches the store more than the cache allows. */
	Decision check(Caller who);

	/**
	 * Counts {@code protectedValues} values read by {@code who}, evaluates the rules that watch it,
	 * and opens or updates their alerts (sending {@code alert.fired} on opening). Answers blocked
	 * when {@code who} is blocked now, including by a rule this access just tripped.
	 */
	Decision record(Caller who, long protectedValues);

	/**
	 * For endpoints that reveal one value per item: refuses a blocked principal before anything is
	 * revealed, counts the non-empty {@code items} (tokens asked for, revealed or not: guessing
	 * tokens counts as access), and refuses the request too if it tripped a {@code block} rule.
	 * Each refusal is audited.
	 *
	 * @throws AccessBlockedException naming the alert that blocks {@code who}
	 */
	void admit(Caller who, Collection<String> items);

	/**
	 * @param blocked whether the principal is blocked
	 * @param alertId the alert that blocks it, or {@code null}
	 */
	record Decision(boolean blocked, String alertId) {

		public static final Decision ALLOWED = new Decision(false, null);

		public static Decision blockedBy(String alertId) {
			return new Decision(true, alertId);
		}
	}
}
