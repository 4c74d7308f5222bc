package dev.coffer.jobs;

import java.util.Map;

import dev.coffer.api.events.WebhookEvent;

/**
 * A job reached a final status. Delivered as {@code job.succeeded}, {@code job.failed} or
 * {@code job.cancelled}, with the job as the API shows it, to subscribers and to the job's
 * {@code notify_url}.
 *
 * @param status {@code succeeded}, {@code failed} or {@code cancelled}
 * @param job the job as {@code GET /api/v1/jobs/{id}} answers it
 * @param notifyUrl the {@code notify_url} given when the job was started, or {@code null}
 * @param notifyOwner who started the job ({@code Caller.reference()} or {@code system}): signs the notification
 */
public record JobFinished(String status, Map<String, Object> job, String notifyUrl, String notifyOwner)
		implements WebhookEvent {

	/** A job of the server itself (or of no known principal). */
	public JobFinished(String status, Map<String, Object> job, String notifyUrl) {
		this(status, job, notifyUrl, "system");
	}

	@Override
	public String type() {
		return "job." + this.status;
	}

	@Override
	public Map<String, Object> data() {
		return this.job;
	}
}
