package dev.coffer.jobs;

import java.util.Map;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.coffer.api.error.SafeLog;

/**
 * Publishes {@link JobFinished} once a job's final status is committed. The status is written by
 * one auto-committed statement before this is called, so listeners (webhooks, {@code notify_url})
 * never see an end that could still roll back; they run outside any transaction.
 */
@Component
class JobEvents {

	private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

	private final JobStore store;

	private final JobJson json;

	private final ApplicationEventPublisher publisher;

	JobEvents(JobStore store, JobJson json, ApplicationEventPublisher publisher) {
		this.store = store;
		this.json = json;
		this.publisher = publisher;
	}

	/** Publishes the end of job {@code id}, as the store now has it. */
	void finished(String id) {
		try {
			this.store.find(id).filter(row -> row.status().finished()).ifPresent(row -> {
				JobView view = this.json.view(row);
				// subscribers of job.* see the job, but not another principal's callback URL (it may carry a token)
				Map<String, Object> data = new java.util.LinkedHashMap<>(this.json.asMap(view));
				data.remove("notify_url");
				this.publisher.publishEvent(new JobFinished(view.status(), data, row.notifyUrl(), row.createdBy()));
			});
		}
		catch (RuntimeException ex) {
			// the job's status stands; a listener's failure is its own to retry
			log.error("Publishing the end of job {} failed: {}", id, SafeLog.describe(ex));
		}
	}
}
