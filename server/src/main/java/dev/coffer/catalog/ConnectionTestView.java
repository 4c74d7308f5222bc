package dev.coffer.catalog;

import io.swagger.v3.oas.annotations.media.Schema;

/** A successful connection test. A failed one is a {@code connection_failed} problem with a {@code reason}. */
@Schema(name = "ConnectionTest")
record ConnectionTestView(
		@Schema(description = "Always true: a failure answers a `connection_failed` problem.") boolean ok,
		@Schema(description = "The database product, as its driver reports it.", example = "PostgreSQL") String databaseProduct,
		@Schema(description = "The database version.", example = "16.4") String databaseVersion,
		@Schema(description = "The JDBC driver and its version.") String driver,
		@Schema(description = "Milliseconds to connect and read the metadata.") long latencyMs) {
}
