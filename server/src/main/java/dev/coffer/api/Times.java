package dev.coffer.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Time as the store keeps it: UTC, microsecond precision (PostgreSQL's), so responses match reads. */
public final class Times {

	private Times() {
	}

	public static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}
}
