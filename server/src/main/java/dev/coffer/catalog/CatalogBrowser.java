package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableInfo;

/** Reads the live catalog of a data source: its schemas, their tables, a table's columns. */
@Component
class CatalogBrowser {

	private final DataSources dataSources;

	private final Connector connector;

	CatalogBrowser(DataSources dataSources, Connector connector) {
		this.dataSources = dataSources;
		this.connector = connector;
	}

	List<String> schemas(String dataSourceId) {
		return withConnection(dataSourceId, (dialect, connection) -> dialect.schemas(connection));
	}

	List<TableInfo> tables(String dataSourceId, String schema) {
		return withConnection(dataSourceId, (dialect, connection) -> {
			List<TableInfo> tables = dialect.tables(connection, schema);
			if (tables.isEmpty() && !dialect.schemas(connection).contains(schema)) {
				throw ApiException.notFound("Schema", schema);
			}
			return tables;
		});
	}

	List<ColumnInfo> columns(String dataSourceId, String schema, String table) {
		return withConnection(dataSourceId, (dialect, connection) -> {
			List<ColumnInfo> columns = dialect.columns(connection, schema, table).get(table);
			if (columns == null || columns.isEmpty()) {
				throw ApiException.notFound("Table", schema + "." + table);
			}
			return columns;
		});
	}

	interface CatalogQuery<T> {

		T run(Dialect dialect, Connection connection) throws SQLException;
	}

	<T> T withConnection(String dataSourceId, CatalogQuery<T> query) {
		DataSourceDefinition source = this.dataSources.definition(dataSourceId);
		try (Connector.Lease lease = this.connector.open(source)) {
			return query.run(Dialect.of(source.type()), lease.connection());
		}
		catch (SQLException ex) {
			throw new ConnectionFailedException(ConnectionErrors.queryReason(ex));
		}
		finally {
			source.password().wipe();
		}
	}
}
