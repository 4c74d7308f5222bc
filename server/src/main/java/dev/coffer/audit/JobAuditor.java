package dev.coffer.audit;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.coffer.jobs.JobChanged;
import dev.coffer.jobs.JobFinished;

/**
 * Records jobs: submissions and cancellations inside the transaction that makes them (fail closed),
 * outcomes as the system's, best effort (the outcome stands either way).
 */
@Component
class JobAuditor {

	private final AuditLog audit;

	JobAuditor(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void on(JobChanged changed) {
		this.audit.record(AuditRecord.sensitive(changed.action(), "job", changed.jobId(), AuditRecord.Outcome.SUCCESS)
			.with("type", changed.type())
			.with("notify_url_host", changed.notifyHost()));
	}

	@EventListener
	void on(JobFinished finished) {
		Object id = finished.job().get("id");
		try {
			this.audit.record(AuditLog.Actor.SYSTEM, AuditRecord.ordinary(finished.type(), "job",
					id == null ? null : id.toString(),
					"failed".equals(finished.status()) ? AuditRecord.Outcome.FAILURE : AuditRecord.Outcome.SUCCESS)
				.with("type", finished.job().get("type"))
				.with("attempts", finished.job().get("attempts")));
		}
		catch (RuntimeException notAudited) {
			// counted and logged by AuditLog
		}
	}
}
