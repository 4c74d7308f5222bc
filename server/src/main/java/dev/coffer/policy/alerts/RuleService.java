package dev.coffer.policy.alerts;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Role;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditRecord.Outcome;

/**
 * Creates, changes and deletes alert rules, each change audited. A change to a rule's kind,
 * window or target restarts its counts; open alerts keep their own copy of what tripped them and
 * stay until resolved, even when their rule is deleted.
 */
@Service
class RuleService {

	static final long MAX_VALUES = 1_000_000_000_000L;

	static final long MAX_WINDOW_SECONDS = 2_592_000L;

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

	/** Principal ids: UUIDs, or an OIDC subject (at most 255 printable ASCII characters, OIDC Core §2). */
	static final Pattern PRINCIPAL_ID = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final RuleStore rules;

	private final CounterStore counters;

	private final MonitorCache cache;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	RuleService(RuleStore rules, CounterStore counters, MonitorCache cache, TransactionTemplate transactions,
			AuditLog audit) {
		this.rules = rules;
		this.counters = counters;
		this.cache = cache;
		this.transactions = transactions;
		this.audit = audit;
	}

	RuleView create(RuleInput input, Caller caller) {
		OffsetDateTime now = Times.now();
		Rule rule = validated(input, null, Ids.next(), now, caller.reference());
		try {
			this.transactions.executeWithoutResult(tx -> {
				this.rules.insert(rule);
				audited("alert_rule.created", rule);
			});
		}
		catch (DuplicateKeyException taken) {
			throw nameTaken(rule.name());
		}
		this.cache.rulesChanged();
		return RuleView.of(rule);
	}

	RuleView get(String id) {
		return RuleView.of(find(id));
	}

	ListResponse<RuleView> list(Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.rules.list(paging).stream().map(RuleView::of).toList(), RuleView::id,
				this.rules::count, response);
	}

	/** Changes the fields given; the result is checked as a whole. */
	RuleView update(String id, RuleInput input) {
		find(id);
		Rule updated;
		try {
			updated = this.transactions.execute(tx -> {
				Rule current = this.rules.lock(id).orElseThrow(() -> ApiException.notFound("Alert rule", id));
				Rule rule = validated(input, current, id, Times.now(), current.createdBy());
				this.rules.update(rule);
				if (rule.countsDifferFrom(current)) {
					this.counters.reset(id);
				}
				audited("alert_rule.updated", rule);
				return rule;
			});
		}
		catch (DuplicateKeyException taken) {
			throw nameTaken(input.name());
		}
		this.cache.rulesChanged();
		return RuleView.of(updated);
	}

	/** Deletes the rule and its counts; its alerts stay (and keep blocking until resolved). */
	void delete(String id) {
		Rule rule = find(id);
		this.transactions.executeWithoutResult(tx -> {
			if (!this.rules.delete(id)) {
				throw ApiException.notFound("Alert rule", id);
			}
			audited("alert_rule.deleted", rule);
		});
		this.cache.rulesChanged();
	}

	private Rule find(String id) {
		return (ID.matcher(id).matches() ? this.rules.find(id) : Optional.<Rule>empty())
			.orElseThrow(() -> ApiException.notFound("Alert rule", id));
	}

	private void audited(String action, Rule rule) {
		this.audit.record(AuditRecord.sensitive(action, "alert_rule", rule.id(), Outcome.SUCCESS)
			.with("name", rule.name())
			.with("kind", rule.kind())
			.with("action", rule.action())
			.with("enabled", rule.enabled())
			.with("max_values", rule.maxValues())
			.with("window_seconds", rule.windowSeconds())
			.with("time_window", rule.window() == null ? null : rule.window().describe())
			.with("target_principal_id", rule.principalId())
			.with("target_role", rule.role()));
	}

	private static ApiException nameTaken(String name) {
		return new ApiException(ErrorCode.NAME_TAKEN, "An alert rule named '" + name + "' already exists");
	}

	/**
	 * The rule {@code input} describes, on top of {@code current} for an update ({@code null} on
	 * creation): every bad field is named in one {@code validation_failed}.
	 */
	static Rule validated(RuleInput input, Rule current, String id, OffsetDateTime now, String createdBy) {
		List<FieldError> errors = new ArrayList<>();
		String name = input.name() != null ? input.name() : current == null ? null : current.name();
		if (name == null) {
			errors.add(new FieldError("name", "required", "is required"));
		}
		else if (name.isBlank() || name.length() > 128) {
			errors.add(new FieldError("name", "invalid", "must be 1 to 128 characters, not only blanks"));
		}
		String description = input.description() != null ? input.description() : current == null ? null : current.description();
		if (description != null && description.length() > 1024) {
			errors.add(new FieldError("description", "invalid", "must be at most 1024 characters"));
		}
		String kind = input.kind() != null ? input.kind() : current == null ? null : current.kind();
		if (kind == null) {
			errors.add(new FieldError("kind", "required", "is required: rate or time_window"));
		}
		else if (!Rule.RATE.equals(kind) && !Rule.TIME_WINDOW.equals(kind)) {
			errors.add(new FieldError("kind", "invalid_value", "must be rate or time_window"));
		}
		Long maxValues = null;
		Long windowSeconds = null;
		TimeWindow window = null;
		if (Rule.RATE.equals(kind)) {
			absent("time_window", input.timeWindow(), kind, errors);
			RuleInput.Rate rate = input.rate() != null ? input.rate()
					: current != null && current.isRate() ? new RuleInput.Rate(current.maxValues(), current.windowSeconds()) : null;
			if (rate == null) {
				errors.add(new FieldError("rate", "required", "is required with kind rate: {max_values, window_seconds}"));
			}
			else {
				maxValues = range("rate.max_values", rate.maxValues(), 1, MAX_VALUES, errors);
				windowSeconds = range("rate.window_seconds", rate.windowSeconds(), 1, MAX_WINDOW_SECONDS, errors);
			}
		}
		else if (Rule.TIME_WINDOW.equals(kind)) {
			absent("rate", input.rate(), kind, errors);
			RuleInput.Window given = input.timeWindow();
			if (given != null) {
				window = TimeWindow.parse("time_window", given.days(), given.start(), given.end(), given.timeZone(), errors);
			}
			else if (current != null && current.window() != null) {
				window = current.window();
			}
			else {
				errors.add(new FieldError("time_window", "required",
						"is required with kind time_window: {days, start, end, time_zone}"));
			}
		}
		RuleInput.Target target = input.target() != null ? input.target()
				: current == null ? null : new RuleInput.Target(current.principalId(), current.role());
		String principalId = null;
		String role = null;
		if (target == null || (target.principalId() == null && target.role() == null)) {
			errors.add(new FieldError("target", "required", "is required: {principal_id} or {role}"));
		}
		else if (target.principalId() != null && target.role() != null) {
			errors.add(new FieldError("target", "invalid", "names either principal_id or role, not both"));
		}
		else if (target.principalId() != null) {
			principalId = target.principalId();
			if (!PRINCIPAL_ID.matcher(principalId).matches()) {
				errors.add(new FieldError("target.principal_id", "invalid_value", "is not a principal id"));
			}
		}
		else {
			role = target.role();
			if (!knownRole(role)) {
				errors.add(new FieldError("target.role", "unknown_role", "is not a role; one of "
						+ String.join(", ", Arrays.stream(Role.values()).map(Role::value).toList())));
			}
		}
		String action = input.action() != null ? input.action() : current == null ? null : current.action();
		if (action == null) {
			errors.add(new FieldError("action", "required", "is required: notify or block"));
		}
		else if (!Rule.NOTIFY.equals(action) && !Rule.BLOCK.equals(action)) {
			errors.add(new FieldError("action", "invalid_value", "must be notify or block"));
		}
		boolean enabled = input.enabled() != null ? input.enabled() : current == null || current.enabled();
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		return new Rule(id, name, description, kind, maxValues, windowSeconds, window, principalId, role, action, enabled,
				current == null ? now : current.createdAt(), now, createdBy);
	}

	/**
	 * Roles a rule may target: the platform's roles for now. Data roles (free-form, from the
	 * policies feature) fit here once callers carry them; {@link Rule#targets} matches by name.
	 */
	static boolean knownRole(String role) {
		return Role.fromValue(role).isPresent();
	}

	private static void absent(String field, Object value, String kind, List<FieldError> errors) {
		if (value != null) {
			errors.add(new FieldError(field, "not_allowed", "must be absent with kind " + kind));
		}
	}

	private static Long range(String field, Long value, long min, long max, List<FieldError> errors) {
		if (value == null) {
			errors.add(new FieldError(field, "required", "is required"));
		}
		else if (value < min || value > max) {
			errors.add(new FieldError(field, "out_of_range", "must be between " + min + " and " + max));
		}
		return value;
	}
}
