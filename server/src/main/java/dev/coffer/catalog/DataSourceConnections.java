package dev.coffer.catalog;

import java.sql.Connection;

/**
 * Connections to a registered data source, for features outside the catalog that query it (the
 * governed query) or change its native policies (policy push-down). Each connection counts against
 * the data source's {@code max_connections} on this node, carries the connect, login and socket
 * timeouts of {@code datasources.*}, and is opened with the stored credentials, which never leave
 * the catalog.
 */
public interface DataSourceConnections {

	/**
	 * The data source's id, API type ({@code postgresql}, {@code mysql}, {@code h2},
	 * {@code snowflake}) and name.
	 * @throws dev.coffer.api.error.ApiException {@code not_found} when there is no such data source
	 */
	SourceInfo describe(String dataSourceId);

	/**
	 * A read-only connection: {@link Connection#setReadOnly(boolean) read-only}, and on PostgreSQL and
	 * MariaDB inside a READ ONLY transaction that is rolled back on close.
	 * @throws dev.coffer.api.error.ApiException {@code not_found}, or {@code connection_failed} with a reason
	 */
	SourceConnection openReadOnly(String dataSourceId);

	/**
	 * A read-only connection as {@link #openReadOnly}, for reading a result of unknown size: on
	 * PostgreSQL the driver refuses one fetch of more than {@code maxFetchBytes} bytes of rows
	 * (pgjdbc {@code maxResultBuffer}) instead of holding it in memory; other drivers have no such
	 * limit, so the caller keeps its fetch size small.
	 * @throws dev.coffer.api.error.ApiException {@code not_found}, or {@code connection_failed} with a reason
	 */
	SourceConnection openForQuery(String dataSourceId, long maxFetchBytes);

	/**
	 * A connection that may change the database (for applying native policies), in a transaction
	 * ({@code autoCommit} off) the caller commits; rolled back on close if not committed.
	 * @throws dev.coffer.api.error.ApiException {@code not_found}, or {@code connection_failed} with a reason
	 */
	SourceConnection openForChanges(String dataSourceId);

	/** What a feature may know of a data source: never its URL parameters or credentials. */
	record SourceInfo(String id, String type, String name, String username) {
	}

	/** A connection and its slot of the data source's limit; closing rolls back what is not committed and frees the slot. */
	interface SourceConnection extends AutoCloseable {

		Connection connection();

		/** How long one statement may run, in seconds ({@code datasources.query_timeout_seconds}). */
		int queryTimeoutSeconds();

		@Override
		void close();
	}
}
