package dev.coffer.policy.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.coffer.api.Times;
import dev.coffer.api.error.SafeLog;

/** Deletes counter buckets that no longer count, every minute; safe on every node at once. */
@Component
class CounterPruning {

	private static final Logger log = LoggerFactory.getLogger(CounterPruning.class);

	private final CounterStore counters;

	CounterPruning(CounterStore counters) {
		this.counters = counters;
	}

	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void prune() {
		try {
			int pruned = this.counters.prune(Times.now().toEpochSecond());
			if (pruned > 0) {
				log.debug("Alert counters: pruned {} expired buckets", pruned);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Pruning alert counters failed: {}", SafeLog.describe(ex));
		}
	}
}
