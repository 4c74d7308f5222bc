package dev.coffer.audit;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.coffer.api.Times;
import dev.coffer.jobs.JobContext;
import dev.coffer.jobs.JobHandler;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * {@code audit.purge}: deletes audit events older than {@code older_than_days} (default: the
 * {@code audit.retention_days} setting), keeping the rest verifiable from a sealed anchor. One
 * purge is one transaction, so a crash leaves either the old chain or the new anchor, and a retry
 * simply purges again.
 */
@Component
class AuditPurgeJob implements JobHandler {

	static final String TYPE = "audit.purge";

	private final AuditMaintenance maintenance;

	private final Settings settings;

	AuditPurgeJob(AuditMaintenance maintenance, Settings settings) {
		this.maintenance = maintenance;
		this.settings = settings;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public void run(JobContext context) {
		Object given = context.params().get("older_than_days");
		long days = given instanceof Number number ? number.longValue()
				: this.settings.getLong(SettingKey.AUDIT_RETENTION_DAYS);
		context.progress(0, 1);
		java.time.OffsetDateTime cutoff = Times.now().minusDays(days);
		Object requestedAt = context.params().get("requested_at");
		if (requestedAt instanceof String at) {
			java.time.OffsetDateTime asked = java.time.OffsetDateTime.parse(at);
			cutoff = cutoff.isBefore(asked) ? cutoff : asked;
		}
		Object requestedBy = context.params().get("requested_by");
		int purged = days <= 0 && given == null ? 0
				: this.maintenance.purgeBefore(cutoff, requestedBy == null ? "system" : requestedBy.toString());
		context.progress(1, 1);
		context.result(Map.of("purged_events", purged, "older_than_days", days));
	}
}
