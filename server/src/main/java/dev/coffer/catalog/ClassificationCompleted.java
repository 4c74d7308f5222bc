package dev.coffer.catalog;

import java.util.Map;

import dev.coffer.api.events.WebhookEvent;

/**
 * A classification job finished its tables: delivered as {@code classification.completed} to the
 * subscriptions of that type, with the job's result and id (counts and reason codes only).
 */
record ClassificationCompleted(Map<String, Object> data) implements WebhookEvent {

	@Override
	public String type() {
		return "classification.completed";
	}
}
