package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.coffer.support.TestStore;

/**
 * Databases to classify, loaded into the real PostgreSQL (127.0.0.1:5432, user postgres) and
 * MariaDB (127.0.0.1:3306, root, empty password) on localhost: each a fresh database holding the
 * {@link #SHOP} schema, with known sensitive columns and decoys.
 */
final class SourceDatabases {

	static final String MARIADB_URL = System.getProperty("coffer.test.mariadb-url", "jdbc:mariadb://127.0.0.1:3306/");

	static final String MARIADB_USER = System.getProperty("coffer.test.mariadb-user", "root");

	static final String MARIADB_PASSWORD = System.getProperty("coffer.test.mariadb-password", "");

	/** The PostgreSQL schema of the fixture; on MariaDB, the database is the schema. */
	static final String SHOP = "shop";

	static final int ROWS = 300;

	private SourceDatabases() {
	}

	/** A new PostgreSQL database with schema {@code shop} loaded; answers its name. */
	static String postgres() {
		String database = TestStore.createPostgresDatabase();
		try (Connection connection = DriverManager.getConnection(TestStore.PG_URL + database, TestStore.PG_USER,
				TestStore.PG_PASSWORD)) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA " + SHOP);
			}
			load(connection, SHOP + ".");
			try (Statement statement = connection.createStatement()) {
				statement.execute("ANALYZE");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return database;
	}

	static String postgresUrl(String database) {
		return TestStore.PG_URL + database;
	}

	/** A new MariaDB database with the fixture loaded; answers its name (also the schema). */
	static String mariadb() {
		String database = "coffer_src_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(MARIADB_URL, MARIADB_USER, MARIADB_PASSWORD)) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + database);
				statement.execute("USE " + database);
			}
			load(connection, "");
			try (Statement statement = connection.createStatement()) {
				statement.execute("ANALYZE TABLE customers, payments, decoys");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MariaDB on " + MARIADB_URL + " is needed by the catalog tests", ex);
		}
		return database;
	}

	static String mariadbUrl(String database) {
		return MARIADB_URL + database;
	}

	static void dropMariadb(String database) {
		mariadbAdmin("DROP DATABASE IF EXISTS " + database);
	}

	static void mariadbAdmin(String... statements) {
		try (Connection connection = DriverManager.getConnection(MARIADB_URL, MARIADB_USER, MARIADB_PASSWORD);
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void postgresAdmin(String database, String... statements) {
		try (Connection connection = DriverManager.getConnection(TestStore.PG_URL + database, TestStore.PG_USER,
				TestStore.PG_PASSWORD); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * customers: full_name, email, phone, ssn (sensitive), notes (free text);
	 * payments: card_number (Luhn-valid cards), amount, created_on;
	 * decoys: email (holds no e-mail address), order_ref (16 digits failing Luhn), contact (holds e-mail
	 * addresses under a name that does not say so), empty_col (always NULL);
	 * empty_table: no rows.
	 */
	private static void load(Connection connection, String prefix) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + prefix + "customers (id INT PRIMARY KEY, full_name VARCHAR(100), "
					+ "email VARCHAR(200), phone VARCHAR(40), ssn VARCHAR(11), notes VARCHAR(200))");
			statement.execute("CREATE TABLE " + prefix + "payments (id INT PRIMARY KEY, card_number VARCHAR(30), "
					+ "amount DECIMAL(10,2), created_on DATE)");
			statement.execute("CREATE TABLE " + prefix + "decoys (id INT PRIMARY KEY, email VARCHAR(200), "
					+ "order_ref VARCHAR(30), contact VARCHAR(200), empty_col VARCHAR(20))");
			statement.execute("CREATE TABLE " + prefix + "empty_table (id INT, email VARCHAR(100))");
		}
		List<String> cards = List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117",
				"4012888888881881");
		try (PreparedStatement customers = connection.prepareStatement("INSERT INTO " + prefix
				+ "customers VALUES (?, ?, ?, ?, ?, ?)");
				PreparedStatement payments = connection.prepareStatement("INSERT INTO " + prefix
						+ "payments VALUES (?, ?, ?, ?)");
				PreparedStatement decoys = connection.prepareStatement("INSERT INTO " + prefix
						+ "decoys VALUES (?, ?, ?, ?, NULL)")) {
			for (int i = 1; i <= ROWS; i++) {
				customers.setInt(1, i);
				customers.setString(2, "Person " + i);
				customers.setString(3, "person" + i + "@example.com");
				customers.setString(4, "+1 415 555 " + String.format("%04d", i));
				customers.setString(5, String.format("%03d-%02d-%04d", 100 + i % 800, 10 + i % 89, 1000 + i));
				customers.setString(6, i % 3 == 0 ? null : "likes tea, order " + i);
				customers.addBatch();
				payments.setInt(1, i);
				payments.setString(2, cards.get(i % cards.size()));
				payments.setBigDecimal(3, java.math.BigDecimal.valueOf(i * 7L, 2));
				payments.setDate(4, java.sql.Date.valueOf(java.time.LocalDate.of(2024, 1, 1).plusDays(i)));
				payments.addBatch();
				decoys.setInt(1, i);
				decoys.setString(2, "not provided");
				decoys.setString(3, String.format("1234%012d", i * 10 + (KeywordTestClassifier.luhn(String.format("1234%012d", i * 10)) ? 1 : 0)));
				decoys.setString(4, "contact" + i + "@example.org");
				decoys.addBatch();
			}
			customers.executeBatch();
			payments.executeBatch();
			decoys.executeBatch();
		}
		if (!connection.getAutoCommit()) {
			connection.commit();
		}
	}
}
