package dev.coffer.audit;

import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.coffer.api.Ids;
import dev.coffer.api.RequestIds;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.SafeLog;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Role;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Appends events to the tamper-evident audit log. Called inside the transaction of the action it
 * records, a sensitive action and its event commit together or not at all: if the event cannot be
 * written the action is refused ({@code audit_unavailable}, fail closed). The actor, client address
 * and request id come from the current request.
 *
 * <p>The event is inserted unchained (no lock: audited requests do not wait for each other) with a
 * MAC of its content; after the commit, {@link AuditChainer} gives it its place in the hash chain,
 * and the request waits for that ({@link AuditChainFilter}) before its response is sent.
 */
@Component
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final AuditStore store;

	private final AuditKeys keys;

	private final TransactionTemplate transactions;

	private final Settings settings;

	private final JsonMapper json;

	private final Counter failures;

	private final AuditChainer chainer;

	AuditLog(AuditStore store, AuditKeys keys, TransactionTemplate transactions, Settings settings, JsonMapper json,
			MeterRegistry meters, AuditChainer chainer) {
		this.store = store;
		this.chainer = chainer;
		this.keys = keys;
		this.transactions = transactions;
		this.settings = settings;
		this.json = json;
		this.failures = Counter.builder("coffer.audit.write.failures")
			.description("Audit events that could not be written")
			.register(meters);
	}

	/** Records an action of the current caller. */
	public void record(AuditRecord record) {
		Caller caller = Caller.current();
		Actor actor = caller == null ? (currentRequest() == null ? Actor.SYSTEM : Actor.ANONYMOUS)
				: new Actor(caller.kind(), caller.principalId(), caller.name(), caller.keyName(),
						caller.roles().stream().map(Role::value).sorted().collect(Collectors.joining(",")));
		record(actor, record);
	}

	/** Records an action with an explicit actor (authentication failures, the system itself). */
	public void record(Actor actor, AuditRecord record) {
		HttpServletRequest request = currentRequest();
		String address = request == null ? null : request.getRemoteAddr();
		String requestId = request == null ? null : RequestIds.of(request);
		try {
			this.transactions.executeWithoutResult(status -> append(actor, record, address, requestId));
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			log.error("Audit event {} could not be written: {}", record.action(), SafeLog.describe(ex));
			if (record.sensitive() || !failOpen()) {
				throw new ApiException(ErrorCode.AUDIT_UNAVAILABLE,
						"The audit log cannot be written; the operation was refused");
			}
		}
	}

	/**
	 * The keyed HMAC under which a sensitive value is stored in event details (hex); an auditor
	 * computes the same through {@code POST /api/v1/audit/hash} to search for it.
	 */
	public String searchHash(String value) {
		return this.keys.searchMac(value);
	}

	private void append(Actor actor, AuditRecord record, String address, String requestId) {
		String details = record.details().isEmpty() ? null : this.json.writeValueAsString(record.details());
		AuditEventView unplaced = new AuditEventView(0, Ids.next(), Times.now(), actor.kind(), actor.id(),
				actor.name(), actor.keyName(), actor.roles(), address, record.action(), record.resourceType(),
				record.resourceId(), record.outcome().value(), requestId, details, "", null);
		AuditEventView event = new AuditEventView(0, unplaced.id(), unplaced.occurredAt(), unplaced.actorKind(),
				unplaced.actorId(), unplaced.actorName(), unplaced.keyName(), unplaced.roles(), unplaced.clientAddress(),
				unplaced.action(), unplaced.resourceType(), unplaced.resourceId(), unplaced.outcome(),
				unplaced.requestId(), unplaced.details(), "", this.chainer.pendingMac(unplaced));
		this.store.insertPending(event);
		HttpServletRequest request = currentRequest();
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			committed(request);
			return;
		}
		// once per transaction (the outermost one: its commit is the action's)
		boolean registered = TransactionSynchronizationManager.getSynchronizations()
			.stream()
			.anyMatch(ChainOnCommit.class::isInstance);
		if (!registered) {
			TransactionSynchronizationManager.registerSynchronization(new ChainOnCommit(request));
		}
	}

	/** A request waits for the round that chains its event before answering; other threads do not wait. */
	private void committed(HttpServletRequest request) {
		long ticket = this.chainer.signal();
		if (request != null) {
			AuditChainFilter.awaitBeforeResponse(request, ticket);
		}
	}

	/**
	 * Chains the transaction's events in its own commit when the chain head is free at once
	 * ({@link AuditChainer#chainInline}); otherwise, after the commit, leaves them to the chainer's
	 * next round, which the request then waits for.
	 */
	private final class ChainOnCommit implements TransactionSynchronization {

		private final HttpServletRequest request;

		private boolean chained;

		ChainOnCommit(HttpServletRequest request) {
			this.request = request;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			try {
				this.chained = AuditLog.this.chainer.chainInline();
			}
			catch (RuntimeException ex) {
				AuditLog.this.failures.increment();
				log.error("Audit events could not be chained with their action: {}", SafeLog.describe(ex));
				throw new ApiException(ErrorCode.AUDIT_UNAVAILABLE,
						"The audit log cannot be written; the operation was refused");
			}
		}

		@Override
		public void afterCommit() {
			if (!this.chained) {
				committed(this.request);
			}
		}
	}

	private boolean failOpen() {
		try {
			return this.settings.getBoolean(SettingKey.AUDIT_FAIL_OPEN);
		}
		catch (RuntimeException unreadable) {
			return false;
		}
	}

	private static HttpServletRequest currentRequest() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				? attributes.getRequest() : null;
	}

	/** Who acted, when not the current caller. */
	public record Actor(String kind, String id, String name, String keyName, String roles) {

		public static final Actor ANONYMOUS = new Actor("anonymous", null, null, null, null);

		public static final Actor SYSTEM = new Actor("system", null, "coffer", null, null);
	}
}
