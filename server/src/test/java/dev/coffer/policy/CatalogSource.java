package dev.coffer.policy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import dev.coffer.support.Api;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real PostgreSQL database (on localhost) to register as a data source, so policies meet the
 * catalog's own column tags: schema {@code crm} with table {@code "Customers"} whose column
 * {@code "Email"} keeps the case it was created with (as Snowflake's upper-case names would), and
 * lower-case {@code phone}, {@code ssn}, {@code card_token}. One database per test run.
 */
final class CatalogSource {

	private static String database;

	private CatalogSource() {
	}

	static synchronized String url() {
		if (database == null) {
			database = TestStore.createPostgresDatabase();
			try (Connection connection = DriverManager.getConnection(TestStore.PG_URL + database, TestStore.PG_USER,
					TestStore.PG_PASSWORD); Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA crm");
				statement.execute("CREATE TABLE crm.\"Customers\" (id INT PRIMARY KEY, \"Email\" VARCHAR(200), phone VARCHAR(40), "
						+ "ssn VARCHAR(11), card_token VARCHAR(40))");
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return TestStore.PG_URL + database;
	}

	/** Registers the database as a new data source; answers its id. */
	static String register(Api admin) {
		Map<String, Object> body = new HashMap<>();
		body.put("name", PolicyFixtures.unique("crm"));
		body.put("type", "postgresql");
		body.put("jdbc_url", url());
		body.put("username", TestStore.PG_USER);
		body.put("password", TestStore.PG_PASSWORD);
		Api.Response created = admin.post("/api/v1/data-sources", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.field("id");
	}

	/** Catalogues a column of {@code crm."Customers"} by hand (its name as the database has it); answers the column id. */
	static String catalogue(Api admin, String dataSource, String column) {
		Api.Response registered = admin.post("/api/v1/data-sources/" + dataSource + "/columns",
				Map.of("schema", "crm", "table", "Customers", "column", column));
		assertThat(registered.status()).as(registered.toString()).isIn(200, 201);
		return registered.field("id");
	}

	/** Tags a catalogued column by hand, with a value or none. */
	static void tag(Api admin, String dataSource, String columnId, String tag, String value) {
		Api.Response tagged = admin.put("/api/v1/data-sources/" + dataSource + "/columns/" + columnId + "/tags/" + tag,
				value == null ? Map.of() : Map.of("value", value));
		assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
	}

	static void untag(Api admin, String dataSource, String columnId, String tag) {
		Api.Response untagged = admin.delete("/api/v1/data-sources/" + dataSource + "/columns/" + columnId + "/tags/" + tag);
		assertThat(untagged.status()).as(untagged.toString()).isEqualTo(200);
	}

	/** The column of {@code crm.customers} as policies name it (lower case). */
	static Map<String, Object> column(String dataSource, String column) {
		return PolicyFixtures.column(dataSource, "crm", "customers", column.toLowerCase(java.util.Locale.ROOT));
	}
}
