package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.stereotype.Component;

import dev.coffer.catalog.DataSourceConnections.SourceConnection;

/** {@link DataSourceConnections} over the catalog's {@link Connector} and stored definitions. */
@Component
class CatalogConnections implements DataSourceConnections {

	private final DataSources sources;

	private final Connector connector;

	CatalogConnections(DataSources sources, Connector connector) {
		this.sources = sources;
		this.connector = connector;
	}

	@Override
	public SourceInfo describe(String dataSourceId) {
		DataSourceView view = this.sources.get(dataSourceId);
		return new SourceInfo(view.id(), view.type(), view.name(), view.username());
	}

	@Override
	public SourceConnection openReadOnly(String dataSourceId) {
		DataSourceDefinition source = this.sources.definition(dataSourceId);
		try {
			return new LeasedConnection(this.connector.open(source), this.connector.queryTimeoutSeconds());
		}
		finally {
			source.password().wipe();
		}
	}

	@Override
	public SourceConnection openForQuery(String dataSourceId, long maxFetchBytes) {
		if (maxFetchBytes < 1) {
			throw new IllegalArgumentException("maxFetchBytes must be positive");
		}
		DataSourceDefinition source = this.sources.definition(dataSourceId);
		try {
			return new LeasedConnection(this.connector.open(source, maxFetchBytes), this.connector.queryTimeoutSeconds());
		}
		finally {
			source.password().wipe();
		}
	}

	@Override
	public SourceConnection openForChanges(String dataSourceId) {
		DataSourceDefinition source = this.sources.definition(dataSourceId);
		Connector.Lease lease;
		try {
			lease = this.connector.open(source);
		}
		finally {
			source.password().wipe();
		}
		try {
			Connection connection = lease.connection();
			connection.setReadOnly(false);
			connection.setAutoCommit(false);
			return new LeasedConnection(lease, this.connector.queryTimeoutSeconds());
		}
		catch (SQLException ex) {
			lease.close();
			throw new ConnectionFailedException(ConnectionErrors.reason(ex));
		}
	}

	private record LeasedConnection(Connector.Lease lease, int queryTimeoutSeconds) implements SourceConnection {

		@Override
		public Connection connection() {
			return this.lease.connection();
		}

		@Override
		public void close() {
			this.lease.close();
		}
	}
}
