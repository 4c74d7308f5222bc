package dev.coffer.api.events;

import java.util.Map;

/**
 * An application event that subscribers may receive as a webhook. Features publish records that
 * implement it with Spring's {@code ApplicationEventPublisher}; the webhooks feature delivers them
 * to the subscriptions of {@link #type()} after the publishing transaction commits. The data must
 * hold no secret and no sensitive value.
 */
public interface WebhookEvent {

	/** The event type subscribers choose, e.g. {@code api_key.created}, {@code job.succeeded}. */
	String type();

	/** The event's payload ({@code data} of the delivered JSON), snake_case keys. */
	Map<String, Object> data();

	/** A URL that gets this one event too (a job's {@code notify_url}), or {@code null}. */
	default String notifyUrl() {
		return null;
	}

	/**
	 * The principal that asked for the {@link #notifyUrl()} delivery ({@code Caller.reference()}, or
	 * {@code system}): its own notification secret signs it, so no receiver can forge another's.
	 */
	default String notifyOwner() {
		return "system";
	}
}
