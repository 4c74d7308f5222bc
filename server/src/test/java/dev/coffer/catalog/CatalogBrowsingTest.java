package dev.coffer.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsing the live catalog of the real PostgreSQL and MariaDB on localhost and of a remote H2
 * server: schemas, tables, columns with types, both paginations. The Coffer store plays no part,
 * so the embedded store is enough.
 */
class CatalogBrowsingTest {

	static TestServer server;

	static Api admin;

	static Server h2;

	static String h2Url;

	@BeforeAll
	static void start() throws Exception {
		server = CatalogServers.shared(TestStore.EMBEDDED);
		admin = server.admin();
		Path dir = Files.createTempDirectory("coffer-h2-source-");
		h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
		h2Url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/sales";
		try (Connection connection = DriverManager.getConnection(h2Url, "sa", "h2-secret");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA crm");
			statement.execute("CREATE TABLE crm.leads (id INT PRIMARY KEY, email VARCHAR(100), photo VARBINARY(100))");
			statement.execute("INSERT INTO crm.leads VALUES (1, 'lead1@example.com', NULL), (2, 'lead2@example.com', X'00')");
		}
	}

	@AfterAll
	static void stop() {
		h2.stop();
	}

	@Test
	void postgresqlSchemasTablesAndColumns() {
		String id = CatalogFixtures.registerPostgres(admin);
		assertThat(names(admin.get("/api/v1/data-sources/" + id + "/schemas"), "name")).contains("public", "shop")
			.doesNotContain("pg_catalog", "information_schema");
		Api.Response tables = admin.get("/api/v1/data-sources/" + id + "/schemas/shop/tables");
		assertThat(names(tables, "name")).containsExactly("customers", "decoys", "empty_table", "payments");
		assertThat(tables.json().get("data").get(0).get("type").asString()).isEqualTo("table");
		Api.Response columns = admin.get("/api/v1/data-sources/" + id + "/schemas/shop/tables/customers/columns");
		assertThat(names(columns, "name")).containsExactly("id", "full_name", "email", "phone", "ssn", "notes");
		JsonNode email = columns.json().get("data").get(2);
		assertThat(email.get("data_type").asString()).isEqualTo("varchar");
		assertThat(email.get("ordinal").asInt()).isEqualTo(3);
		assertThat(email.get("nullable").asBoolean()).isTrue();
		assertThat(columns.json().get("data").get(0).get("nullable").asBoolean()).isFalse();
		assertProblem(admin.get("/api/v1/data-sources/" + id + "/schemas/no_such_schema/tables"), 404, "not_found");
		assertProblem(admin.get("/api/v1/data-sources/" + id + "/schemas/shop/tables/no_such_table/columns"), 404, "not_found");
	}

	@Test
	void mariadbDatabasesAreItsSchemas() {
		String id = CatalogFixtures.registerMariadb(admin);
		assertThat(names(admin.get("/api/v1/data-sources/" + id + "/schemas?limit=1000"), "name")).contains(CatalogFixtures.mariadb())
			.doesNotContain("mysql", "information_schema", "performance_schema", "sys");
		assertThat(names(admin.get("/api/v1/data-sources/" + id + "/schemas/" + CatalogFixtures.mariadb() + "/tables"), "name"))
			.containsExactly("customers", "decoys", "empty_table", "payments");
		Api.Response columns = admin.get("/api/v1/data-sources/" + id + "/schemas/" + CatalogFixtures.mariadb()
				+ "/tables/payments/columns");
		assertThat(names(columns, "name")).containsExactly("id", "card_number", "amount", "created_on");
		assertThat(names(columns, "data_type")).containsExactly("int", "varchar", "decimal", "date");
	}

	@Test
	void aRemoteH2Server() {
		String id = CatalogFixtures.register(admin, "h2", h2Url, "sa", "h2-secret");
		assertThat(admin.post("/api/v1/data-sources/" + id + "/test", null).field("database_product")).isEqualTo("H2");
		assertThat(names(admin.get("/api/v1/data-sources/" + id + "/schemas"), "name")).contains("CRM", "PUBLIC")
			.doesNotContain("INFORMATION_SCHEMA");
		Api.Response columns = admin.get("/api/v1/data-sources/" + id + "/schemas/CRM/tables/LEADS/columns");
		assertThat(names(columns, "name")).containsExactly("ID", "EMAIL", "PHOTO");
		JsonNode classified = CatalogFixtures.classify(admin, id, java.util.Map.of("scope", java.util.Map.of("schemas", List.of("CRM"))));
		assertThat(classified.get("result").get("tables_scanned").asInt()).isEqualTo(1);
		JsonNode email = CatalogFixtures.column(CatalogFixtures.columns(admin, id, ""), "LEADS", "EMAIL");
		assertThat(email.get("classification").get("type").asString()).isEqualTo("email");
		JsonNode photo = CatalogFixtures.column(CatalogFixtures.columns(admin, id, ""), "LEADS", "PHOTO");
		assertThat(photo.get("classification").get("sample_size").asInt()).as("binary values are not sampled").isZero();
	}

	@Test
	void browsingListsTakeBothPaginations() {
		String id = CatalogFixtures.registerPostgres(admin);
		String path = "/api/v1/data-sources/" + id + "/schemas/shop/tables/customers/columns";
		List<String> byCursor = new ArrayList<>();
		String cursor = null;
		do {
			Api.Response page = admin.get(path + "?limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			byCursor.addAll(names(page, "name"));
			cursor = page.json().has("next_cursor") ? page.field("next_cursor") : null;
		}
		while (cursor != null);
		assertThat(byCursor).containsExactly("id", "full_name", "email", "phone", "ssn", "notes");
		Api.Response second = admin.get(path + "?page=2&per_page=4");
		assertThat(names(second, "name")).containsExactly("ssn", "notes");
		assertThat(second.json().get("total").asInt()).isEqualTo(6);
		assertThat(second.header("X-Total-Count")).isEqualTo("6");
		assertProblem(admin.get(path + "?limit=2&page=1"), 400, "pagination_conflict");
		assertProblem(admin.get(path + "?cursor=bogus"), 400, "invalid_cursor");
	}

	private static List<String> names(Api.Response response, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		response.json().get("data").forEach(item -> names.add(item.get(field).asString()));
		return names;
	}
}
