package dev.coffer.policy.alerts;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Caller;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditRecord.Outcome;

/**
 * Opens alerts when rules trip and moves them through {@code open}, {@code acknowledged} and
 * {@code resolved}. Every change commits together with its audit event; {@code alert.fired} goes
 * out after the opening commits.
 */
@Service
class AlertService {

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

	private final AlertStore alerts;

	private final CounterStore counters;

	private final MonitorCache cache;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	AlertService(AlertStore alerts, CounterStore counters, MonitorCache cache, TransactionTemplate transactions,
			AuditLog audit, ApplicationEventPublisher events) {
		this.alerts = alerts;
		this.counters = counters;
		this.cache = cache;
		this.transactions = transactions;
		this.audit = audit;
		this.events = events;
	}

	/**
	 * {@code rule} tripped for {@code who}: counts a hit on its unresolved alert for that principal,
	 * or opens one (audited, {@code alert.fired}). Nodes racing to open the same alert meet on the
	 * unique open key: one opens it, the others count a hit.
	 */
	Tripped trip(Rule rule, Caller who, Trip trip) {
		String openKey = AlertStore.openKey(rule.id(), who.reference());
		for (int attempt = 1;; attempt++) {
			try {
				Tripped tripped = this.transactions.execute(tx -> hitOrOpen(rule, who, trip, openKey));
				if (tripped.blocks()) {
					this.cache.blocksChanged();
				}
				return tripped;
			}
			catch (DuplicateKeyException raced) {
				if (attempt >= 3) {
					throw raced;
				}
			}
		}
	}

	private Tripped hitOrOpen(Rule rule, Caller who, Trip trip, String openKey) {
		OffsetDateTime now = Times.now();
		Optional<AlertStore.Open> open = this.alerts.hit(openKey, now, trip.reason(), trip.observed(), rule.blocks());
		if (open.isPresent()) {
			this.audit.record(AuditRecord.sensitive("alert.hit", "alert", open.get().id(), Outcome.SUCCESS)
				.with("rule_id", rule.id())
				.with("principal", who.reference())
				.with("hits", open.get().hits())
				.with("observed_values", trip.observed())
				.with("blocking", open.get().blocks()));
			return new Tripped(open.get().id(), open.get().blocks(), false);
		}
		AlertView alert = new AlertView(Ids.next(), rule.id(), rule.name(), rule.kind(), rule.action(), who.reference(),
				who.principalId(), who.kind(), shortName(who), AlertStore.OPEN, rule.blocks(), trip.reason(), trip.reason(), 1,
				trip.observed(), rule.isRate() ? rule.maxValues() : null, rule.isRate() ? rule.windowSeconds() : null, now,
				now, null, null, null, null, null);
		this.alerts.insert(alert, rule.blocks());
		this.audit.record(AuditRecord.sensitive("alert.opened", "alert", alert.id(), Outcome.SUCCESS)
			.with("rule_id", rule.id())
			.with("rule_name", rule.name())
			.with("kind", rule.kind())
			.with("action", rule.action())
			.with("principal", who.reference())
			.with("observed_values", trip.observed())
			.with("max_values", alert.maxValues())
			.with("window_seconds", alert.windowSeconds())
			.with("reason", trip.reason()));
		this.events.publishEvent(new AlertFired(alert));
		return new Tripped(alert.id(), rule.blocks(), true);
	}

	AlertView get(String id) {
		return (ID.matcher(id).matches() ? this.alerts.find(id) : Optional.<AlertView>empty())
			.orElseThrow(() -> ApiException.notFound("Alert", id));
	}

	ListResponse<AlertView> list(AlertStore.Filter filter, Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.alerts.list(filter, paging), AlertView::id, () -> this.alerts.count(filter),
				response);
	}

	/** Someone is on it: {@code open} becomes {@code acknowledged}; a block stays. */
	AlertView acknowledge(String id, String note, Caller caller) {
		get(id);
		this.transactions.executeWithoutResult(tx -> {
			AlertView alert = this.alerts.lock(id).orElseThrow(() -> ApiException.notFound("Alert", id));
			if (!AlertStore.OPEN.equals(alert.status())) {
				throw new ApiException(ErrorCode.INVALID_ALERT_TRANSITION,
						"Alert '" + id + "' is " + alert.status() + "; only an open alert can be acknowledged");
			}
			OffsetDateTime now = Times.now();
			this.alerts.acknowledge(id, now, caller.reference());
			String noteId = note == null ? null : addNote(id, note, caller, now).id();
			this.audit.record(AuditRecord.sensitive("alert.acknowledged", "alert", id, Outcome.SUCCESS)
				.with("rule_id", alert.ruleId())
				.with("principal", alert.principal())
				.with("note_id", noteId));
		});
		return get(id);
	}

	/**
	 * Final: lifts the alert's block and forgets the principal's counts under the rule (so the
	 * access that tripped it does not trip it again at once). Audits who resolved it and why.
	 */
	AlertView resolve(String id, String resolution, Caller caller) {
		get(id);
		this.transactions.executeWithoutResult(tx -> {
			AlertView alert = this.alerts.lock(id).orElseThrow(() -> ApiException.notFound("Alert", id));
			if (AlertStore.RESOLVED.equals(alert.status())) {
				throw new ApiException(ErrorCode.INVALID_ALERT_TRANSITION,
						"Alert '" + id + "' is already resolved; a resolved alert is final");
			}
			this.alerts.resolve(id, Times.now(), caller.reference(), resolution);
			this.counters.reset(alert.ruleId(), alert.principal());
			this.audit.record(AuditRecord.sensitive("alert.resolved", "alert", id, Outcome.SUCCESS)
				.with("rule_id", alert.ruleId())
				.with("principal", alert.principal())
				.with("was_blocking", alert.blocking())
				.with("previous_status", alert.status())
				.with("resolution", resolution));
		});
		this.cache.blocksChanged();
		return get(id);
	}

	NoteView note(String id, String text, Caller caller) {
		get(id);
		return this.transactions.execute(tx -> {
			NoteView added = addNote(id, text, caller, Times.now());
			this.audit.record(AuditRecord.sensitive("alert.note_added", "alert", id, Outcome.SUCCESS)
				.with("note_id", added.id())
				.with("length", text.length()));
			return added;
		});
	}

	ListResponse<NoteView> notes(String id, Paging paging, HttpServletResponse response) {
		get(id);
		return Pages.of(paging, () -> this.alerts.notes(id, paging), NoteView::id, () -> this.alerts.countNotes(id),
				response);
	}

	private NoteView addNote(String alertId, String text, Caller caller, OffsetDateTime now) {
		NoteView note = new NoteView(Ids.next(), alertId, text, caller.reference(), shortName(caller), now);
		this.alerts.insertNote(note);
		return note;
	}

	/** The caller's name as alerts keep it: at most 200 characters (an OIDC name claim may be longer). */
	private static String shortName(Caller caller) {
		String name = caller.name();
		return name == null || name.length() <= 200 ? name : name.substring(0, 200);
	}

	/** What tripped a rule: a sentence for people, and for rate rules the values counted. */
	record Trip(String reason, Long observed) {
	}

	/** The alert a trip landed on, whether it blocks, and whether this trip opened it. */
	record Tripped(String alertId, boolean blocks, boolean opened) {
	}
}
