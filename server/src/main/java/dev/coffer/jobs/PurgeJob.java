package dev.coffer.jobs;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.coffer.api.Times;

/**
 * {@code jobs.purge}: deletes jobs that ended more than {@code older_than_days} days ago (default
 * 30), in batches, saving the cutoff and the count after each batch so that a restart carries on
 * with the same cutoff.
 */
@Component
class PurgeJob implements JobHandler {

	static final String TYPE = "jobs.purge";

	static final int DEFAULT_OLDER_THAN_DAYS = 30;

	static final int BATCH = 500;

	private final JobStore store;

	PurgeJob(JobStore store) {
		this.store = store;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public void run(JobContext context) {
		Params params = context.params(Params.class);
		int days = params.olderThanDays() == null ? DEFAULT_OLDER_THAN_DAYS : params.olderThanDays();
		Map<String, Object> saved = context.checkpoint();
		OffsetDateTime cutoff = saved.get("cutoff") instanceof String text ? OffsetDateTime.parse(text)
				: Times.now().minusDays(days);
		long deleted = saved.get("deleted") instanceof Number number ? number.longValue() : 0;
		long total = saved.get("total") instanceof Number number ? number.longValue()
				: this.store.countFinishedBefore(cutoff);
		context.progress(deleted, total);
		while (!context.cancelled()) {
			List<String> batch = this.store.finishedBefore(cutoff, BATCH);
			if (batch.isEmpty()) {
				break;
			}
			deleted += this.store.deleteFinished(batch);
			// jobs that ended meanwhile before the cutoff cannot exist, but a total must not trail its count
			total = Math.max(total, deleted);
			context.progress(deleted, total);
			context.checkpoint(Map.of("cutoff", cutoff.toString(), "deleted", deleted, "total", total));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("deleted", deleted);
		result.put("older_than_days", days);
		result.put("cutoff", cutoff.toString());
		context.result(result);
	}

	/** The parameters of a purge. */
	record Params(Integer olderThanDays) {
	}
}
