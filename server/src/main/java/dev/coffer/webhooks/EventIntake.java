package dev.coffer.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.coffer.api.error.SafeLog;
import dev.coffer.api.events.WebhookEvent;

/**
 * Receives every {@link WebhookEvent} once the publishing transaction has committed (or at once
 * when published outside a transaction) and queues its deliveries. It only writes rows: a slow or
 * dead receiver never slows the request that published the event.
 */
@Component
class EventIntake {

	private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

	private final DeliveryQueue queue;

	EventIntake(DeliveryQueue queue) {
		this.queue = queue;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WebhookEvent event) {
		try {
			this.queue.enqueue(event);
		}
		catch (RuntimeException ex) {
			// the publisher's work is committed; losing the notification must not fail it
			log.error("Could not queue webhook deliveries for an event of type {}: {}", event.type(), SafeLog.describe(ex));
		}
	}
}
