package dev.coffer.webhooks;

import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;

/**
 * Manages subscriptions and their deliveries. A secret exists in clear only in the response that
 * issues it and, briefly, on the dispatcher's thread that signs with it; the store keeps it sealed.
 */
@Service
class WebhookService {

	static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

	private final SubscriptionStore subscriptions;

	private final DeliveryStore deliveries;

	private final DeliveryQueue queue;

	private final SecretVault vault;

	private final OutboundUrlGuard guard;

	private final Dispatcher dispatcher;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	WebhookService(SubscriptionStore subscriptions, DeliveryStore deliveries, DeliveryQueue queue, SecretVault vault,
			OutboundUrlGuard guard, Dispatcher dispatcher, TransactionTemplate transactions, AuditLog audit) {
		this.audit = audit;
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.queue = queue;
		this.vault = vault;
		this.guard = guard;
		this.dispatcher = dispatcher;
		this.transactions = transactions;
	}

	IssuedSecret create(String url, List<String> eventTypes, String description, String createdBy) {
		List<String> types = EventTypes.validate(eventTypes);
		this.guard.check(url);
		String id = Ids.next();
		WebhookSecret secret = WebhookSecret.generate();
		try {
			this.transactions.executeWithoutResult(tx -> {
				this.subscriptions.insert(id, url, types, description, this.vault.seal(id, secret), createdBy, Times.now());
				audited("webhook.created", id, types);
			});
			return new IssuedSecret(get(id), secret);
		}
		finally {
			secret.wipe();
		}
	}

	SubscriptionView get(String id) {
		return (ID.matcher(id).matches() ? this.subscriptions.find(id) : java.util.Optional.<SubscriptionView>empty())
			.orElseThrow(() -> ApiException.notFound("Webhook subscription", id));
	}

	ListResponse<SubscriptionView> list(Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.subscriptions.list(paging), SubscriptionView::id, this.subscriptions::count,
				response);
	}

	/** Changes the fields given (non-null); the URL passes the target check again. */
	SubscriptionView update(String id, String url, List<String> eventTypes, String description, String status) {
		SubscriptionView current = get(id);
		List<String> types = eventTypes == null ? current.eventTypes() : EventTypes.validate(eventTypes);
		if (status != null && !status.equals(SubscriptionStore.ACTIVE) && !status.equals(SubscriptionStore.DISABLED)) {
			throw ValidationFailedException.of("status", "invalid_value", "must be active or disabled");
		}
		if (url != null) {
			this.guard.check(url);
		}
		this.transactions.executeWithoutResult(tx -> {
			if (!this.subscriptions.update(id, url != null ? url : current.url(), types,
					description != null ? description : current.description(), status != null ? status : current.status(),
					Times.now())) {
				throw ApiException.notFound("Webhook subscription", id);
			}
			audited("webhook.updated", id, types);
		});
		return get(id);
	}

	void delete(String id) {
		get(id);
		this.transactions.executeWithoutResult(tx -> {
			if (!this.subscriptions.delete(id)) {
				throw ApiException.notFound("Webhook subscription", id);
			}
			audited("webhook.deleted", id, null);
		});
	}

	/**
	 * Gives the subscription a new secret. The current one keeps signing alongside for
	 * {@code overlap} (24 h when {@code null}); zero drops it at once.
	 */
	IssuedSecret rotate(String id, Duration overlap) {
		get(id);
		Duration effective = overlap != null ? overlap : DEFAULT_OVERLAP;
		WebhookSecret secret = WebhookSecret.generate();
		try {
			byte[] sealed = this.vault.seal(id, secret);
			OffsetDateTime now = Times.now();
			this.transactions.executeWithoutResult(status -> {
				if (!this.subscriptions.lock(id)) {
					throw ApiException.notFound("Webhook subscription", id);
				}
				SubscriptionStore.SealedSecrets old = this.subscriptions.secrets(id).orElseThrow();
				boolean keep = !effective.isZero();
				this.subscriptions.rotate(id, sealed, keep ? old.current() : null, keep ? now.plus(effective) : null, now);
				this.audit.record(AuditRecord.sensitive("webhook.secret_rotated", "webhook", id, AuditRecord.Outcome.SUCCESS)
					.with("overlap_seconds", effective.toSeconds()));
			});
			return new IssuedSecret(get(id), secret);
		}
		finally {
			secret.wipe();
		}
	}

	/** Queues a {@code webhook.test} delivery to the subscription. */
	DeliveryView sendTest(String id) {
		String deliveryId = this.queue.enqueueTest(get(id));
		return delivery(deliveryId);
	}

	ListResponse<DeliveryView> deliveries(String subscriptionId, Paging paging, HttpServletResponse response) {
		get(subscriptionId);
		return Pages.of(paging, () -> this.deliveries.list(subscriptionId, paging), DeliveryView::id,
				() -> this.deliveries.count(subscriptionId), response);
	}

	DeliveryView delivery(String id) {
		DeliveryView view = (ID.matcher(id).matches() ? this.deliveries.find(id) : java.util.Optional.<DeliveryView>empty())
			.orElseThrow(() -> ApiException.notFound("Webhook delivery", id));
		return view.withDetail(this.deliveries.payload(id).orElse(null), this.deliveries.attempts(id));
	}

	/** Makes the delivery due now, even a delivered or failed one: its next attempt starts at once. */
	DeliveryView redeliver(String id) {
		delivery(id);
		if (!this.deliveries.redeliver(id, Times.now())) {
			throw new ApiException(ErrorCode.CONFLICT,
					"An attempt of webhook delivery '" + id + "' is in progress; retry when it has finished");
		}
		this.dispatcher.wake();
		return delivery(id);
	}

	/** Records a subscription change inside its transaction (fail closed). */
	private void audited(String action, String id, List<String> eventTypes) {
		this.audit.record(AuditRecord.sensitive(action, "webhook", id, AuditRecord.Outcome.SUCCESS)
			.with("event_types", eventTypes));
	}

	NotificationSecretView notificationSecret(String owner) {
		this.audit.record(AuditRecord.sensitive("webhook.notification_secret_read", "principal", owner,
				AuditRecord.Outcome.SUCCESS));
		WebhookSecret secret = this.vault.notificationSecret(owner);
		try {
			return new NotificationSecretView(secret);
		}
		finally {
			secret.wipe();
		}
	}
}
