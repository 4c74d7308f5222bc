package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditRecord.Outcome;
import dev.coffer.jobs.JobContext;
import dev.coffer.jobs.JobHandler;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * {@code tokens.purge_expired}: deletes the tokens whose {@code expires_at} passed more than
 * {@code grace_hours} ago (default: setting {@code tokens.expired_grace_hours}), {@value #BATCH}
 * per transaction, each batch audited as {@code tokens.expired_purged} with its count. Until then
 * detokenize answers {@code token_expired}; afterwards {@code token_not_found}.
 *
 * <p>The cutoff is fixed when the job first starts and kept in the checkpoint, so a resumed attempt
 * purges up to the same instant. Safe when nodes run it at once: each batch deletes only tokens
 * still there and still expired, and counts only what it deleted.
 */
@Component
class TokenPurgeJob implements JobHandler {

	static final String TYPE = "tokens.purge_expired";

	static final int BATCH = 1000;

	private final TokenRecords records;

	private final Settings settings;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	TokenPurgeJob(TokenRecords records, Settings settings, AuditLog audit, TransactionTemplate transactions) {
		this.records = records;
		this.settings = settings;
		this.audit = audit;
		this.transactions = transactions;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public void run(JobContext context) {
		Map<String, Object> saved = context.checkpoint();
		Object given = context.params().get("grace_hours");
		long graceHours = saved.get("grace_hours") instanceof Number number ? number.longValue()
				: given instanceof Number number ? number.longValue()
						: this.settings.getLong(SettingKey.TOKENS_EXPIRED_GRACE_HOURS);
		OffsetDateTime cutoff = saved.get("cutoff") instanceof String text ? OffsetDateTime.parse(text)
				: cutoff(graceHours);
		long deleted = saved.get("deleted") instanceof Number number ? number.longValue() : 0;
		long total = deleted + this.records.countExpiredBefore(cutoff);
		context.progress(deleted, total);
		while (!context.cancelled()) {
			List<String> batch = this.records.expiredBefore(cutoff, BATCH);
			if (batch.isEmpty()) {
				break;
			}
			Integer purged = this.transactions.execute(tx -> {
				int count = this.records.deleteExpired(batch, cutoff);
				if (count > 0) {
					this.audit.record(AuditLog.Actor.SYSTEM,
							AuditRecord.sensitive("tokens.expired_purged", "job", context.jobId(), Outcome.SUCCESS)
								.with("count", count)
								.with("cutoff", cutoff.toString()));
				}
				return count;
			});
			deleted += purged == null ? 0 : purged;
			// tokens that expired meanwhile before the cutoff cannot exist, but a total must not trail its count
			total = Math.max(total, deleted);
			context.progress(deleted, total);
			context.checkpoint(Map.of("cutoff", cutoff.toString(), "deleted", deleted, "grace_hours", graceHours));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("deleted", deleted);
		result.put("grace_hours", graceHours);
		result.put("cutoff", cutoff.toString());
		context.result(result);
	}

	/** Tokens that expired before this instant are purged. */
	static OffsetDateTime cutoff(long graceHours) {
		return Times.now().minusHours(graceHours);
	}
}
