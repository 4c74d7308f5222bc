package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.SafeLog;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Opens connections to data sources: through the type's own driver (never another driver that
 * happens to accept the URL), with connect, login and socket timeouts, read-only, and at most the
 * data source's {@code max_connections} at once on this node. Failures become a
 * {@link ConnectionFailedException} with a reason code; nothing of the driver's message is kept.
 */
@Component
class Connector {

	private static final Logger log = LoggerFactory.getLogger(Connector.class);

	private final Settings settings;

	private final Map<DataSourceType, Driver> drivers = new ConcurrentHashMap<>();

	private final Map<String, Limit> limits = new ConcurrentHashMap<>();

	Connector(Settings settings) {
		this.settings = settings;
	}

	/** How long a query may run, in seconds ({@code datasources.query_timeout_seconds}). */
	int queryTimeoutSeconds() {
		return this.settings.getInt(SettingKey.DATASOURCES_QUERY_TIMEOUT_SECONDS);
	}

	/**
	 * Opens a read-only connection, waiting up to the connect timeout for a free slot.
	 * @throws ConnectionFailedException with reason {@code busy} if no slot frees up, or the reason the connection failed
	 */
	Lease open(DataSourceDefinition source) {
		return open(source, 0);
	}

	/**
	 * Opens a read-only connection as {@link #open(DataSourceDefinition)}; with {@code maxFetchBytes}
	 * above 0, a PostgreSQL driver refuses a fetch of more bytes than that (pgjdbc {@code maxResultBuffer}).
	 */
	Lease open(DataSourceDefinition source, long maxFetchBytes) {
		int connectTimeout = this.settings.getInt(SettingKey.DATASOURCES_CONNECT_TIMEOUT_SECONDS);
		Semaphore slots = source.id() == null ? null : limit(source).slots;
		try {
			if (slots != null && !slots.tryAcquire(connectTimeout, TimeUnit.SECONDS)) {
				throw new ConnectionFailedException(ConnectionErrors.BUSY);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConnectionFailedException(ConnectionErrors.BUSY);
		}
		try {
			Connection connection = connect(source, connectTimeout, maxFetchBytes);
			return new Lease(connection, slots);
		}
		catch (RuntimeException | Error ex) {
			if (slots != null) {
				slots.release();
			}
			throw ex;
		}
	}

	private Connection connect(DataSourceDefinition source, int connectTimeout, long maxFetchBytes) {
		Properties properties = properties(source, connectTimeout, queryTimeoutSeconds());
		if (maxFetchBytes > 0 && source.type() == DataSourceType.POSTGRESQL) {
			properties.setProperty("maxResultBuffer", Long.toString(maxFetchBytes));
		}
		Connection connection;
		try {
			connection = driver(source.type()).connect(source.target().driverUrl(), properties);
		}
		catch (SQLException | RuntimeException ex) {
			String reason = ConnectionErrors.reason(ex);
			log.info("Data source {}: connection failed ({})", source.id() == null ? "(unsaved)" : source.id(), reason);
			if (log.isDebugEnabled()) {
				log.debug("Data source {}: connection failure: {}", source.id(), SafeLog.describe(ex));
			}
			throw new ConnectionFailedException(reason);
		}
		finally {
			properties.clear();
		}
		if (connection == null) {
			throw new ConnectionFailedException(ConnectionErrors.DRIVER_ERROR);
		}
		try {
			connection.setReadOnly(true);
			if (source.type() == DataSourceType.POSTGRESQL || source.type() == DataSourceType.MYSQL) {
				// every query then runs in a READ ONLY transaction, rolled back when the lease closes
				connection.setAutoCommit(false);
			}
			return connection;
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new ConnectionFailedException(ConnectionErrors.reason(ex));
		}
	}

	/** The driver's properties: credentials, timeouts and safe defaults; nothing from the caller but the URL. */
	static Properties properties(DataSourceDefinition source, int connectTimeout, int queryTimeout) {
		Properties properties = new Properties();
		if (source.username() != null) {
			properties.setProperty("user", source.username());
		}
		// always set, even empty: without it pgjdbc would read a password from the server's ~/.pgpass
		properties.setProperty("password", source.password().reveal());
		int socketTimeout = queryTimeout + 30;
		switch (source.type()) {
			case POSTGRESQL -> {
				properties.setProperty("connectTimeout", Integer.toString(connectTimeout));
				properties.setProperty("loginTimeout", Integer.toString(connectTimeout));
				properties.setProperty("socketTimeout", Integer.toString(socketTimeout));
				properties.setProperty("ApplicationName", "coffer");
				properties.setProperty("readOnly", "true");
				// keep row values out of error messages
				properties.setProperty("logServerErrorDetail", "false");
				properties.setProperty("gssEncMode", "disable");
			}
			case MYSQL -> {
				properties.setProperty("connectTimeout", Integer.toString(connectTimeout * 1000));
				properties.setProperty("socketTimeout", Integer.toString(socketTimeout * 1000));
				properties.setProperty("allowLocalInfile", "false");
				properties.setProperty("permitMysqlScheme", "false");
			}
			case SNOWFLAKE -> {
				properties.setProperty("loginTimeout", Integer.toString(connectTimeout));
				properties.setProperty("networkTimeout", Integer.toString(socketTimeout * 1000));
				properties.setProperty("queryTimeout", Integer.toString(queryTimeout));
				// JSON results: Arrow results need --add-opens on Java 17
				properties.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
				properties.setProperty("CLIENT_SESSION_KEEP_ALIVE", "false");
			}
			case H2 -> {
				// a remote H2 server; the query timeout is set per statement
			}
		}
		return properties;
	}

	/** The type's driver, loaded once. */
	Driver driver(DataSourceType type) {
		return this.drivers.computeIfAbsent(type, t -> {
			try {
				return (Driver) Class.forName(t.driverClass()).getDeclaredConstructor().newInstance();
			}
			catch (ReflectiveOperationException | LinkageError ex) {
				log.error("JDBC driver for {} cannot be loaded: {}", t.apiName(), SafeLog.describe(ex));
				throw new ConnectionFailedException(ConnectionErrors.DRIVER_ERROR);
			}
		});
	}

	/** Forgets the connection limit of a data source (after a change or deletion). */
	void forget(String dataSourceId) {
		this.limits.remove(dataSourceId);
	}

	private Limit limit(DataSourceDefinition source) {
		return this.limits.compute(source.id(), (id, current) -> current != null && current.max == source.maxConnections()
				? current : new Limit(source.maxConnections(), new Semaphore(source.maxConnections())));
	}

	static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			// nothing to do
		}
	}

	private record Limit(int max, Semaphore slots) {
	}

	/** A connection and its slot; closing rolls back the read-only transaction and frees the slot. */
	static final class Lease implements AutoCloseable {

		private final Connection connection;

		private final Semaphore slots;

		private boolean closed;

		Lease(Connection connection, Semaphore slots) {
			this.connection = connection;
			this.slots = slots;
		}

		Connection connection() {
			return this.connection;
		}

		@Override
		public synchronized void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				if (!this.connection.getAutoCommit()) {
					this.connection.rollback();
				}
			}
			catch (SQLException | RuntimeException ex) {
				// the connection is closed next anyway
			}
			closeQuietly(this.connection);
			if (this.slots != null) {
				this.slots.release();
			}
		}
	}
}
