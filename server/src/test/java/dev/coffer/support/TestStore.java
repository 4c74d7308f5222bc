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

	private static boolean cleaned;

	public static String createPostgresDatabase() {
		dropLeftoverDatabases();
		// the creation time in the name lets a later run drop only old leftovers, never a live database of
		// another test JVM running at the same time
		String name = "coffer_test_" + (System.currentTimeMillis() / 1000) + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(PG_URL + "postgres", PG_USER, PG_PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL on " + PG_URL + " is needed by the tests (.ci/run starts it)", ex);
		}
		return name;
	}

	/** Once per run: drops test databases over two hours old that nobody is connected to. */
	private static synchronized void dropLeftoverDatabases() {
		if (cleaned) {
			return;
		}
		cleaned = true;
		try (Connection connection = DriverManager.getConnection(PG_URL + "postgres", PG_USER, PG_PASSWORD);
				Statement statement = connection.createStatement()) {
			java.util.List<String> names = new java.util.ArrayList<>();
			try (java.sql.ResultSet rs = statement.executeQuery(
					"SELECT datname FROM pg_database d WHERE datname LIKE 'coffer\\_test\\_%' "
							+ "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)")) {
				while (rs.next()) {
					names.add(rs.getString(1));
				}
			}
			long cutoff = System.currentTimeMillis() / 1000 - 7200;
			for (String leftover : names) {
				String[] parts = leftover.split("_");
				boolean old;
				try {
					old = parts.length == 4 && Long.parseLong(parts[2]) < cutoff;
				}
				catch (NumberFormatException ex) {
					old = true; // a name of the earlier scheme
				}
				if (!old) {
					continue;
				}
				try {
					statement.execute("DROP DATABASE IF EXISTS " + leftover);
				}
				catch (SQLException busy) {
					// someone connected meanwhile: leave it
				}
			}
		}
		catch (SQLException ex) {
			// cleanup is best effort; creating the database reports a real problem
		}
	}
}
