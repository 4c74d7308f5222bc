package dev.coffer.catalog;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A data source as the API shows it: never its password, only whether it has one. */
@Schema(name = "DataSource")
record DataSourceView(
		@Schema(description = "Identifier (UUIDv7).") String id,
		@Schema(description = "Unique name.") String name,
		@Schema(description = "`postgresql`, `mysql` (MariaDB and MySQL), `h2` (a remote H2 server) or `snowflake`.") String type,
		@Schema(description = "The JDBC URL; it never holds credentials.") String jdbcUrl,
		@Schema(description = "The database user Coffer connects as.") String username,
		@Schema(description = "Whether a password is stored (sealed; it is never returned).") boolean hasPassword,
		@Schema(description = "Free text.") String description,
		@Schema(description = "Most connections Coffer opens to this data source at once, per node.") int maxConnections,
		@Schema(description = "The most recent classification job started on this data source; absent before the first.") String lastClassificationJobId,
		@Schema(description = "When the data source was registered.") OffsetDateTime createdAt,
		@Schema(description = "When it last changed.") OffsetDateTime updatedAt,
		@Schema(description = "Who registered it (a principal reference).") String createdBy) {
}
