package dev.coffer.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The stores every store-touching test runs against: the embedded default and the real PostgreSQL
 * on localhost (a fresh database per server, never a mock).
 */
public enum TestStore {

	EMBEDDED, POSTGRES;

	public static final String PG_URL = System.getProperty("coffer.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/");

	public static final String PG_USER = System.getProperty("coffer.test.pg-user", "postgres");

	public static final String PG_PASSWORD = System.getProperty("coffer.test.pg-password", "");

	/** Server properties that select this store; for PostgreSQL, creates a new empty database. */
	public Map<String, String> newStoreProperties() {
		Map<String, String> properties = new HashMap<>();
		if (this == POSTGRES) {
			String database = createPostgresDatabase();
			properties.put("coffer.store.url", PG_URL + database);
			properties.put("coffer.store.username", PG_USER);
			properties.put("coffer.store.password", PG_PASSWORD);
		}
		return properties;
	}

	public static String createPostgresDatabase() {
		String name = "coffer_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(PG_URL + "postgres", PG_USER, PG_PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL on " + PG_URL + " is needed by the tests (.ci/run starts it)", ex);
		}
		return name;
	}
}
