package dev.coffer.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The store's clock, for what nodes compare with each other: leases of jobs and webhook
 * deliveries. A lease written by one node and checked by another then never depends on how far
 * apart the two nodes' clocks are.
 */
@Component
public class StoreClock {

	private final JdbcClient jdbc;

	StoreClock(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The store's current time (UTC, microseconds); outside a transaction, the statement's time. */
	public OffsetDateTime now() {
		return this.jdbc.sql("SELECT CURRENT_TIMESTAMP")
			.query(OffsetDateTime.class)
			.single()
			.withOffsetSameInstant(ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.MICROS);
	}
}
