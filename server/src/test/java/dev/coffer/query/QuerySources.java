package dev.coffer.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The databases the governed query tests read, loaded into the real PostgreSQL (schema
 * {@code shop}) and MariaDB (database {@code coffer_q_...}): {@value #CUSTOMERS} customers with an
 * e-mail address and a region ({@code EU} for ids divisible by 3, else {@code US} or {@code APAC}),
 * and one payment per customer with a card number; one server of their own for the tests (no other
 * test's tag policies), and keys with data roles.
 */
final class QuerySources {

	static final int CUSTOMERS = 60;

	static final List<String> CARDS = List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005",
			"6011111111111117");

	static final String MARIADB_URL = System.getProperty("coffer.test.mariadb-url", "jdbc:mariadb://127.0.0.1:3306/");

	private static TestServer server;

	private QuerySources() {
	}

	static synchronized TestServer server() {
		if (server == null) {
			server = TestServer.builder().property("coffer.alerts.cache-ttl", "100ms").start();
			server.admin().patch("/api/v1/settings", Map.of("auth.failures_per_minute_per_address", 100_000));
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		}
		return server;
	}

	static String region(int id) {
		return id % 3 == 0 ? "EU" : id % 3 == 1 ? "US" : "APAC";
	}

	static String email(int id) {
		return "user" + id + "@example.com";
	}

	static String card(int id) {
		return CARDS.get(id % CARDS.size());
	}

	/** A new PostgreSQL database with schema {@code shop}: its JDBC URL. */
	static String postgres() {
		String database = TestStore.createPostgresDatabase();
		String url = TestStore.PG_URL + database;
		try (Connection connection = DriverManager.getConnection(url, TestStore.PG_USER, TestStore.PG_PASSWORD)) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA shop");
			}
			load(connection, "shop.");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return url;
	}

	/** A new MariaDB database (dropped at exit): its name; its URL is {@link #MARIADB_URL} + name. */
	static String mariadb() {
		String database = "coffer_q_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(MARIADB_URL, "root", "")) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + database);
				statement.execute("USE " + database);
			}
			load(connection, "");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MariaDB on " + MARIADB_URL + " is needed by the governed query tests", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (Connection connection = DriverManager.getConnection(MARIADB_URL, "root", "");
					Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + database);
			}
			catch (SQLException ex) {
				// best effort
			}
		}));
		return database;
	}

	private static void load(Connection connection, String prefix) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + prefix + "customers (id INT PRIMARY KEY, full_name VARCHAR(100), "
					+ "email VARCHAR(200), region VARCHAR(10))");
			statement.execute("CREATE TABLE " + prefix + "payments (id INT PRIMARY KEY, customer_id INT, "
					+ "card_number VARCHAR(30), amount DECIMAL(10,2), paid_on DATE)");
		}
		try (PreparedStatement customers = connection.prepareStatement("INSERT INTO " + prefix + "customers VALUES (?, ?, ?, ?)");
				PreparedStatement payments = connection.prepareStatement("INSERT INTO " + prefix + "payments VALUES (?, ?, ?, ?, ?)")) {
			for (int i = 1; i <= CUSTOMERS; i++) {
				customers.setInt(1, i);
				customers.setString(2, "Person " + i);
				customers.setString(3, email(i));
				customers.setString(4, region(i));
				customers.addBatch();
				payments.setInt(1, 1000 + i);
				payments.setInt(2, i);
				payments.setString(3, card(i));
				payments.setBigDecimal(4, java.math.BigDecimal.valueOf(i * 125L, 2));
				payments.setDate(5, java.sql.Date.valueOf(java.time.LocalDate.of(2025, 1, 1).plusDays(i)));
				payments.addBatch();
			}
			customers.executeBatch();
			payments.executeBatch();
		}
	}

	static String register(Api admin, String type, String url, String username) {
		Map<String, Object> body = new HashMap<>();
		body.put("name", "q-" + type + "-" + System.nanoTime());
		body.put("type", type);
		body.put("jdbc_url", url);
		body.put("username", username);
		body.put("password", "");
		Api.Response created = admin.post("/api/v1/data-sources", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.field("id");
	}

	/** A key of a new service account with these platform and data roles: its client and principal id. */
	static Issued key(TestServer server, List<String> roles, List<String> dataRoles) {
		Api admin = server.admin();
		Api.Response account = admin.post("/api/v1/service-accounts", Map.of("name", "q-sa-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", roles, "data_roles", dataRoles));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return new Issued(server.anonymous().bearer(key.json().get("bearer_token").asString()), account.field("id"));
	}

	record Issued(Api api, String principalId) {
	}
}
