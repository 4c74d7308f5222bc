package dev.coffer.webhooks;

import dev.coffer.store.StoreClock;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.events.WebhookEvent;

/**
 * Turns events into stored deliveries (one per matching active subscription, one for a
 * {@code notify_url}) in a transaction of their own, then wakes the dispatcher. Never calls a
 * receiver: that happens on the dispatcher's threads.
 */
@Component
class DeliveryQueue {

	private final SubscriptionStore subscriptions;

	private final DeliveryStore deliveries;

	private final Dispatcher dispatcher;

	private final JsonMapper json;

	private final TransactionTemplate newTransaction;

	/** Due times are compared by every node: the store's clock, never this node's. */
	private final StoreClock clock;

	DeliveryQueue(SubscriptionStore subscriptions, DeliveryStore deliveries, Dispatcher dispatcher, JsonMapper json,
			PlatformTransactionManager transactionManager, StoreClock clock) {
		this.clock = clock;
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.dispatcher = dispatcher;
		this.json = json;
		this.newTransaction = new TransactionTemplate(transactionManager);
		this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** @return the ids of the deliveries created */
	List<String> enqueue(WebhookEvent event) {
		OffsetDateTime now = this.clock.now();
		String payload = payload(event.type(), event.data(), now);
		List<String> ids = new ArrayList<>();
		this.newTransaction.executeWithoutResult(status -> {
			for (SubscriptionView subscription : this.subscriptions.activeFor(event.type())) {
				String id = Ids.next();
				this.deliveries.insert(id, subscription.id(), subscription.url(), event.type(), payload, now);
				ids.add(id);
			}
			String notifyUrl = event.notifyUrl();
			if (notifyUrl != null && !notifyUrl.isBlank()) {
				String id = Ids.next();
				this.deliveries.insert(id, null, event.notifyOwner(), notifyUrl, event.type(), payload, now);
				ids.add(id);
			}
		});
		if (!ids.isEmpty()) {
			this.dispatcher.wake();
		}
		return ids;
	}

	/** One {@code webhook.test} delivery to one subscription, whatever its event types. */
	String enqueueTest(SubscriptionView subscription) {
		OffsetDateTime now = this.clock.now();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("subscription_id", subscription.id());
		data.put("message", "A test event sent from Coffer on request.");
		String id = Ids.next();
		this.newTransaction.executeWithoutResult(status -> this.deliveries.insert(id, subscription.id(),
				subscription.url(), EventTypes.TEST, payload(EventTypes.TEST, data, now), now));
		this.dispatcher.wake();
		return id;
	}

	/** The body of every delivery of an event: {@code {"type", "timestamp" (RFC 3339), "data"}}. */
	private String payload(String type, Map<String, Object> data, OffsetDateTime now) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(now.toInstant()));
		body.put("data", data == null ? Map.of() : data);
		return this.json.writeValueAsString(body);
	}
}
