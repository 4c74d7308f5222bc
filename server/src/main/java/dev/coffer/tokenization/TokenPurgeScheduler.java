package dev.coffer.tokenization;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.coffer.api.error.SafeLog;
import dev.coffer.jobs.JobView;
import dev.coffer.jobs.Jobs;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Starts the {@code tokens.purge_expired} job every {@code coffer.tokens.purge-interval} (default
 * one hour) on every node, when some token is due for purging and no job of that type is queued or
 * running on any node ({@link Jobs#submitUnlessLive}): nodes checking at once start one job.
 */
@Component
class TokenPurgeScheduler {

	private static final Logger log = LoggerFactory.getLogger(TokenPurgeScheduler.class);

	private final TokenRecords records;

	private final Settings settings;

	private final Jobs jobs;

	TokenPurgeScheduler(TokenRecords records, Settings settings, Jobs jobs) {
		this.records = records;
		this.settings = settings;
		this.jobs = jobs;
	}

	@Scheduled(fixedDelayString = "${coffer.tokens.purge-interval:PT1H}", initialDelayString = "${coffer.tokens.purge-initial-delay:PT3M}")
	void scheduled() {
		try {
			startIfDue();
		}
		catch (RuntimeException ex) {
			log.warn("Expired-token purge could not be started: {}", SafeLog.describe(ex));
		}
	}

	/**
	 * Submits a purge if a token expired more than the grace period ago and no purge is live.
	 * @return the job started, or empty if nothing is due or one is queued or running already
	 */
	Optional<JobView> startIfDue() {
		long graceHours = this.settings.getLong(SettingKey.TOKENS_EXPIRED_GRACE_HOURS);
		if (!this.records.anyExpiredBefore(TokenPurgeJob.cutoff(graceHours))) {
			return Optional.empty(); // an idle vault starts no job (and adds nothing to the audit log)
		}
		return this.jobs.submitUnlessLive(TokenPurgeJob.TYPE, Map.of());
	}
}
