package dev.coffer.policy.alerts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.security.Caller;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;

/**
 * The {@link AccessMonitor}: evaluates the cached rules that watch a caller, counts in the shared
 * store, and lets {@link AlertService} open alerts. A caller no rule watches costs map lookups only.
 */
@Component
class Monitor implements AccessMonitor {

	private static final Logger log = LoggerFactory.getLogger(Monitor.class);

	private final MonitorCache cache;

	private final CounterStore counters;

	private final AlertService alerts;

	private final AuditLog audit;

	Monitor(MonitorCache cache, CounterStore counters, AlertService alerts, AuditLog audit) {
		this.cache = cache;
		this.counters = counters;
		this.alerts = alerts;
		this.audit = audit;
	}

	@Override
	public Decision check(Caller who) {
		if (who == null) {
			return Decision.ALLOWED;
		}
		String alert = this.cache.blockingAlert(who.reference());
		return alert == null ? Decision.ALLOWED : Decision.blockedBy(alert);
	}

	@Override
	public Decision record(Caller who, long protectedValues) {
		if (who == null || protectedValues <= 0) {
			return check(who);
		}
		List<Rule> rules = this.cache.rulesFor(who);
		if (rules.isEmpty()) {
			return check(who);
		}
		Instant now = Times.now().toInstant();
		String blocking = null;
		for (Rule rule : rules) {
			AlertService.Trip trip = evaluate(rule, who, protectedValues, now);
			if (trip != null) {
				AlertService.Tripped tripped = this.alerts.trip(rule, who, trip);
				if (tripped.blocks() && blocking == null) {
					blocking = tripped.alertId();
				}
			}
		}
		return blocking != null ? Decision.blockedBy(blocking) : check(who);
	}

	@Override
	public void admit(Caller who, Collection<String> items) {
		if (who == null) {
			return;
		}
		long requested = items == null ? 0 : items.stream().filter(item -> item != null && !item.isEmpty()).count();
		Decision before = check(who);
		if (before.blocked()) {
			throw refused(who, before.alertId(), requested);
		}
		if (requested == 0) {
			return;
		}
		Decision after = record(who, requested);
		if (after.blocked()) {
			throw refused(who, after.alertId(), requested);
		}
	}

	/** What {@code rule} makes of {@code values} more read by {@code who} at {@code now}: a trip, or {@code null}. */
	private AlertService.Trip evaluate(Rule rule, Caller who, long values, Instant now) {
		if (rule.isRate()) {
			long total = this.counters.add(rule.id(), who.reference(), values, rule.windowSeconds(), now.getEpochSecond());
			if (total <= rule.maxValues()) {
				return null;
			}
			return new AlertService.Trip(total + " protected values within " + rule.windowSeconds()
					+ " s (the rule allows " + rule.maxValues() + ")", total);
		}
		TimeWindow window = rule.window();
		if (window.contains(now)) {
			return null;
		}
		return new AlertService.Trip("Access on " + window.localTime(now) + " " + window.zoneId()
				+ ", outside the allowed window " + window.describe(), null);
	}

	/** Audits the refusal (a refusal that cannot be audited is still a refusal) and answers its problem. */
	private AccessBlockedException refused(Caller who, String alertId, long requested) {
		try {
			this.audit.record(AuditRecord.sensitive("alert.access_blocked", "alert", alertId, AuditRecord.Outcome.DENIED)
				.with("principal", who.reference())
				.with("requested_values", requested));
		}
		catch (ApiException unaudited) {
			log.warn("A blocked access by {} could not be audited; it is refused anyway", who.reference());
		}
		return new AccessBlockedException(alertId);
	}
}
