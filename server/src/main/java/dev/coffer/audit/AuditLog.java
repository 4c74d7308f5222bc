package dev.coffer.audit;

import java.util.ArrayList;
import java.util.List;
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
		record(Origin.current(), record);
	}

	/** Records an action with an explicit actor (authentication failures, the system itself). */
	public void record(Actor actor, AuditRecord record) {
		HttpServletRequest request = currentRequest();
		record(new Origin(actor, request == null ? null : request.getRemoteAddr(),
				request == null ? null : RequestIds.of(request)), record);
	}

	/**
	 * Records an action of the request {@code origin} was taken from, on any thread: a request whose
	 * work another thread commits along with its own ({@code dev.coffer.tokenization}'s shared
	 * commits) is audited with its own actor, address and request id. After the commit, the request
	 * calls {@link #awaitChained} on its own thread.
	 */
	public void record(Origin origin, AuditRecord record) {
		try {
			this.transactions.executeWithoutResult(status -> append(origin, record));
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
	 * On the thread of {@code origin}'s request, after the transaction that recorded its events
	 * committed: holds the response back until they are chained, when the commit could not chain them
	 * itself (as for the request that committed them, see {@link AuditChainFilter}).
	 */
	public void awaitChained(Origin origin) {
		long ticket = origin.ticket;
		HttpServletRequest request = currentRequest();
		if (ticket > 0 && request != null) {
			AuditChainFilter.awaitBeforeResponse(request, ticket);
		}
	}

	/**
	 * The keyed HMAC under which a sensitive value is stored in event details (hex); an auditor
	 * computes the same through {@code POST /api/v1/audit/hash} to search for it.
	 */
	public String searchHash(String value) {
		return this.keys.searchMac(value);
	}

	/**
	 * Adds the event to the transaction's events, written right before its commit (one batch): chained
	 * at once when the chain head is free, else pending for the chainer. Without a transaction
	 * synchronization (not the case with Spring's transaction managers) it is written pending at once.
	 */
	private void append(Origin origin, AuditRecord record) {
		Actor actor = origin.actor;
		String details = record.details().isEmpty() ? null : this.json.writeValueAsString(record.details());
		AuditEventView event = new AuditEventView(0, Ids.next(), Times.now(), actor.kind(), actor.id(), actor.name(),
				actor.keyName(), actor.roles(), origin.address, record.action(), record.resourceType(),
				record.resourceId(), record.outcome().value(), origin.requestId, details, "", null);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.store.insertPending(List.of(withPendingMac(event)));
			committed(currentRequest(), List.of(origin));
			return;
		}
		// one per transaction (the outermost one: its commit is the action's)
		ChainOnCommit events = null;
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof ChainOnCommit found) {
				events = found;
			}
		}
		if (events == null) {
			events = new ChainOnCommit(currentRequest());
			TransactionSynchronizationManager.registerSynchronization(events);
		}
		events.add(event, origin, record.sensitive());
	}

	private AuditEventView withPendingMac(AuditEventView event) {
		return new AuditEventView(0, event.id(), event.occurredAt(), event.actorKind(), event.actorId(),
				event.actorName(), event.keyName(), event.roles(), event.clientAddress(), event.action(),
				event.resourceType(), event.resourceId(), event.outcome(), event.requestId(), event.details(), "",
				this.chainer.pendingMac(event));
	}

	/** A request waits for the round that chains its events before answering; other threads do not wait. */
	private void committed(HttpServletRequest request, List<Origin> origins) {
		long ticket = this.chainer.signal();
		for (Origin origin : origins) {
			origin.ticket = Math.max(origin.ticket, ticket);
		}
		if (request != null) {
			AuditChainFilter.awaitBeforeResponse(request, ticket);
		}
	}

	/**
	 * The transaction's events, written right before its commit: chained in that commit when the chain
	 * head is free at once ({@link AuditChainer#appendInline}), so one commit writes the action, its
	 * events and their place in the chain; otherwise written pending, and chained by the chainer's
	 * next round after the commit, which the request then waits for.
	 */
	private final class ChainOnCommit implements TransactionSynchronization {

		private final HttpServletRequest request;

		private final List<AuditEventView> events = new ArrayList<>();

		private final List<Origin> origins = new ArrayList<>();

		private boolean sensitive;

		private boolean chained;

		ChainOnCommit(HttpServletRequest request) {
			this.request = request;
		}

		void add(AuditEventView event, Origin origin, boolean sensitive) {
			this.events.add(event);
			this.origins.add(origin);
			this.sensitive |= sensitive;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			try {
				this.chained = AuditLog.this.chainer.appendInline(this.events);
				if (!this.chained) {
					AuditLog.this.store.insertPending(this.events.stream().map(AuditLog.this::withPendingMac).toList());
				}
			}
			catch (RuntimeException ex) {
				AuditLog.this.failures.increment();
				log.error("Audit events could not be written with their action: {}", SafeLog.describe(ex));
				if (this.sensitive || !failOpen()) {
					throw new ApiException(ErrorCode.AUDIT_UNAVAILABLE,
							"The audit log cannot be written; the operation was refused");
				}
				this.chained = true; // fail open: nothing was written, nothing to wait for
			}
		}

		@Override
		public void afterCommit() {
			if (!this.chained) {
				committed(this.request, this.origins);
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

	/**
	 * Where an action comes from: its actor, client address and request id, taken on the request's
	 * thread ({@link #current}) so that another thread can record the action for it. Holds no secret.
	 */
	public static final class Origin {

		private final Actor actor;

		private final String address;

		private final String requestId;

		/** The chaining round the request waits for (0: none), set after the commit. */
		private volatile long ticket;

		private Origin(Actor actor, String address, String requestId) {
			this.actor = actor;
			this.address = address;
			this.requestId = requestId;
		}

		/** The current caller of the current request; the system or anonymous outside one. */
		public static Origin current() {
			HttpServletRequest request = currentRequest();
			Caller caller = Caller.current();
			Actor actor = caller == null ? (request == null ? Actor.SYSTEM : Actor.ANONYMOUS)
					: new Actor(caller.kind(), caller.principalId(), caller.name(), caller.keyName(),
							caller.roles().stream().map(Role::value).sorted().collect(Collectors.joining(",")));
			return new Origin(actor, request == null ? null : request.getRemoteAddr(),
					request == null ? null : RequestIds.of(request));
		}

		@Override
		public String toString() {
			return "Origin[" + this.actor.kind() + ", request " + this.requestId + "]";
		}
	}
}
