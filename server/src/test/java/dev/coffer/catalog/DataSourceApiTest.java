package dev.coffer.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data sources through the API on both stores: registration and its checks, passwords sealed and
 * never returned nor logged, connection tests against the real PostgreSQL and MariaDB with
 * sanitised failures, permissions and audit.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class DataSourceApiTest {

	/** A password no response, log line or audit event may ever show. */
	static final String PASSWORD = "Pw-" + UUID.randomUUID();

	static final String MARIA_USER = "coffer_t_" + UUID.randomUUID().toString().substring(0, 8);

	static final String MARIA_PASSWORD = "Maria-" + UUID.randomUUID();

	static CatalogFixtures.LogCapture log;

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeAll
	static void captureLog() {
		log = new CatalogFixtures.LogCapture();
		SourceDatabases.mariadbAdmin("CREATE USER IF NOT EXISTS '" + MARIA_USER + "'@'%' IDENTIFIED BY '" + MARIA_PASSWORD + "'",
				"GRANT SELECT ON " + CatalogFixtures.mariadb() + ".* TO '" + MARIA_USER + "'@'%'");
	}

	@AfterAll
	static void noSecretWasLogged() {
		try {
			String text = log.text();
			assertThat(log.events()).as("log events captured").isPositive();
			assertThat(text).doesNotContain(PASSWORD).doesNotContain(MARIA_PASSWORD).doesNotContain("wrong-" + MARIA_PASSWORD);
		}
		finally {
			log.close();
			SourceDatabases.mariadbAdmin("DROP USER IF EXISTS '" + MARIA_USER + "'@'%'");
		}
	}

	@BeforeEach
	void setUp() {
		this.server = CatalogServers.shared(this.store);
		this.admin = this.server.admin();
		log.attach(); // a server's start resets the logging system, which drops appenders
	}

	@Test
	void dataSourceLifecycleNeverShowsThePassword() {
		Map<String, Object> body = definition("postgresql", SourceDatabases.postgresUrl(CatalogFixtures.postgres()), "postgres", PASSWORD);
		Api.Response created = this.admin.post("/api/v1/data-sources", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.field("id");
		assertThat(created.header("Location")).isEqualTo("/api/v1/data-sources/" + id);
		JsonNode view = created.json();
		assertThat(view.get("type").asString()).isEqualTo("postgresql");
		assertThat(view.get("has_password").asBoolean()).isTrue();
		assertThat(view.get("max_connections").asInt()).isEqualTo(4);
		assertThat(view.has("password")).isFalse();

		List<Api.Response> reads = List.of(created, this.admin.get("/api/v1/data-sources/" + id),
				this.admin.get("/api/v1/data-sources?limit=1000"), this.admin.get("/api/v1/data-sources?page=1&per_page=1000"),
				this.admin.patch("/api/v1/data-sources/" + id, Map.of("description", "orders")),
				this.admin.post("/api/v1/data-sources/" + id + "/test", null));
		for (Api.Response response : reads) {
			assertThat(response.status()).as(response.toString()).isBetween(200, 299);
			assertThat(response.body()).as(response.toString()).doesNotContain(PASSWORD);
		}
		assertThat(this.admin.get("/api/v1/data-sources/" + id).field("description")).isEqualTo("orders");

		Api.Response audit = this.admin.get("/api/v1/audit/events?limit=1000");
		assertThat(audit.body()).contains("data_source.created").contains("data_source.updated").doesNotContain(PASSWORD);

		Api.Response deleted = this.admin.delete("/api/v1/data-sources/" + id);
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertProblem(this.admin.get("/api/v1/data-sources/" + id), 404, "not_found");
	}

	@Test
	void passwordIsSealedAtRestAndBoundToItsDataSource() {
		String id = CatalogFixtures.register(this.admin, "postgresql", SourceDatabases.postgresUrl(CatalogFixtures.postgres()),
				"postgres", PASSWORD);
		byte[] sealed = this.server.jdbc().sql("SELECT password_sealed FROM data_sources WHERE id = :id").param("id", id)
			.query(byte[].class).single();
		assertThat(sealed).hasSizeGreaterThan(PASSWORD.length() + 28);
		assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD)
			.doesNotContain(PASSWORD.substring(3, 12));
		String other = CatalogFixtures.register(this.admin, "postgresql", SourceDatabases.postgresUrl(CatalogFixtures.postgres()),
				"postgres", null);
		assertThat(this.admin.get("/api/v1/data-sources/" + other).json().get("has_password").asBoolean()).isFalse();

		// moved onto another data source, the sealed password does not open: that data source cannot connect
		this.server.jdbc().sql("UPDATE data_sources SET password_sealed = :sealed WHERE id = :id")
			.param("sealed", sealed)
			.param("id", other)
			.update();
		Api.Response test = this.admin.post("/api/v1/data-sources/" + other + "/test", null);
		assertThat(test.status()).as(test.toString()).isGreaterThanOrEqualTo(400);
		assertThat(test.body()).doesNotContain(PASSWORD);
		this.admin.delete("/api/v1/data-sources/" + other);
	}

	@Test
	void badDefinitionsAreRefusedWithTheFieldAndNothingIsStored() {
		long before = count();
		String pg = SourceDatabases.postgresUrl(CatalogFixtures.postgres());
		assertField(this.admin.post("/api/v1/data-sources", definition("oracle", pg, "u", PASSWORD)), "type", "invalid_value");
		assertField(this.admin.post("/api/v1/data-sources", definition(null, pg, "u", PASSWORD)), "type", "required");
		Map<String, Object> unnamed = definition("postgresql", pg, "u", PASSWORD);
		unnamed.remove("name");
		assertField(this.admin.post("/api/v1/data-sources", unnamed), "name", "required");
		assertField(this.admin.post("/api/v1/data-sources", definition("postgresql",
				pg + "?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://127.0.0.1:1/x.xml",
				"u", PASSWORD)), "jdbc_url", "forbidden_parameter");
		assertField(this.admin.post("/api/v1/data-sources", definition("postgresql", pg + "?loggerFile=/tmp/coffer.log", "u", PASSWORD)),
				"jdbc_url", "forbidden_parameter");
		assertField(this.admin.post("/api/v1/data-sources", definition("postgresql", pg + "?password=" + PASSWORD, "u", null)),
				"jdbc_url", "credentials_in_url");
		assertField(this.admin.post("/api/v1/data-sources", definition("mysql", "jdbc:mariadb://127.0.0.1/x?allowLoadLocalInfile=true", "u", PASSWORD)),
				"jdbc_url", "forbidden_parameter");
		assertField(this.admin.post("/api/v1/data-sources", definition("h2", "jdbc:h2:mem:evil;INIT=RUNSCRIPT%20FROM%20'http://127.0.0.1:1/x'", "sa", null)),
				"jdbc_url", "forbidden_parameter");
		assertField(this.admin.post("/api/v1/data-sources", definition("h2", "jdbc:h2:file:" + this.server.dataDir() + "/store", "sa", null)),
				"jdbc_url", "invalid_format");
		assertField(this.admin.post("/api/v1/data-sources", definition("postgresql", "jdbc:mysql://h/x", "u", PASSWORD)),
				"jdbc_url", "invalid_format");
		Map<String, Object> tooMany = definition("postgresql", pg, "u", PASSWORD);
		tooMany.put("max_connections", 0);
		assertField(this.admin.post("/api/v1/data-sources", tooMany), "max_connections", "out_of_range");
		assertProblem(this.admin.post("/api/v1/data-sources", "{\"name\": 5, \"type\": []}"), 400, "malformed_json");
		assertThat(count()).isEqualTo(before);

		String id = CatalogFixtures.register(this.admin, "postgresql", pg, "postgres", null);
		Map<String, Object> sameName = definition("postgresql", pg, "postgres", null);
		sameName.put("name", this.admin.get("/api/v1/data-sources/" + id).field("name"));
		assertProblem(this.admin.post("/api/v1/data-sources", sameName), 409, "name_taken");
		assertField(this.admin.patch("/api/v1/data-sources/" + id, Map.of("type", "mysql")), "type", "immutable");
		this.admin.delete("/api/v1/data-sources/" + id);
	}

	@Test
	void aDataSourceCanNeverPointAtCoffersOwnStore() {
		if (this.store != TestStore.POSTGRES) {
			// the embedded store is never served over the network, and embedded H2 URLs are refused
			assertField(this.admin.post("/api/v1/data-sources", definition("h2", "jdbc:h2:" + this.server.dataDir() + "/store", "coffer", null)),
					"jdbc_url", "invalid_format");
			return;
		}
		String own = this.server.jdbc().sql("SELECT current_database()").query(String.class).single();
		for (String url : List.of("jdbc:postgresql://localhost:5432/" + own, "jdbc:postgresql://127.0.0.1/" + own,
				"jdbc:postgresql://elsewhere.invalid:5432,localhost/" + own + "?sslmode=disable")) {
			assertField(this.admin.post("/api/v1/data-sources", definition("postgresql", url, "postgres", null)), "jdbc_url", "own_store");
			assertField(this.admin.post("/api/v1/data-sources/connection-test", definition("postgresql", url, "postgres", null)),
					"jdbc_url", "own_store");
		}
	}

	@Test
	void changingWhereADataSourcePointsNeedsThePasswordAgain() {
		String pg = SourceDatabases.postgresUrl(CatalogFixtures.postgres());
		String id = CatalogFixtures.register(this.admin, "postgresql", pg, "postgres", PASSWORD);
		assertField(this.admin.patch("/api/v1/data-sources/" + id, Map.of("jdbc_url", pg + "?sslmode=disable")), "password", "required");
		assertField(this.admin.patch("/api/v1/data-sources/" + id, Map.of("username", "someone")), "password", "required");
		Api.Response moved = this.admin.patch("/api/v1/data-sources/" + id, Map.of("jdbc_url", pg + "?sslmode=disable", "password", ""));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(moved.json().get("has_password").asBoolean()).isFalse();
		assertThat(moved.field("jdbc_url")).endsWith("?sslmode=disable");
		this.admin.delete("/api/v1/data-sources/" + id);
	}

	@Test
	void connectionTestsSucceedOnTheRealPostgresqlAndMariadb() {
		for (String id : List.of(CatalogFixtures.registerPostgres(this.admin), CatalogFixtures.registerMariadb(this.admin),
				CatalogFixtures.register(this.admin, "mysql", SourceDatabases.mariadbUrl(CatalogFixtures.mariadb()).replace("jdbc:mariadb:", "jdbc:mysql:"),
						MARIA_USER, MARIA_PASSWORD))) {
			Api.Response test = this.admin.post("/api/v1/data-sources/" + id + "/test", null);
			assertThat(test.status()).as(test.toString()).isEqualTo(200);
			assertThat(test.json().get("ok").asBoolean()).isTrue();
			assertThat(test.field("database_product")).matches("(?i)postgresql|mariadb|mysql");
			assertThat(test.field("database_version")).isNotBlank();
			assertThat(test.body()).doesNotContain(MARIA_PASSWORD);
		}
		Api.Response unsaved = this.admin.post("/api/v1/data-sources/connection-test",
				definition("mysql", SourceDatabases.mariadbUrl(CatalogFixtures.mariadb()), MARIA_USER, MARIA_PASSWORD));
		assertThat(unsaved.status()).as(unsaved.toString()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/audit/events?limit=1000&action=data_source.connection_tested").body())
			.contains("data_source.connection_tested");
	}

	@Test
	void failedConnectionsSayWhyWithoutTheDriversMessage() {
		String maria = SourceDatabases.mariadbUrl(CatalogFixtures.mariadb());
		assertFailure(definition("mysql", maria, MARIA_USER, "wrong-" + MARIA_PASSWORD), "auth_failed");
		assertFailure(definition("mysql", SourceDatabases.MARIADB_URL + "coffer_no_such_db", SourceDatabases.MARIADB_USER,
				SourceDatabases.MARIADB_PASSWORD), "database_not_found");
		// PostgreSQL on localhost trusts every user: an unknown role is its authentication failure
		assertFailure(definition("postgresql", SourceDatabases.postgresUrl(CatalogFixtures.postgres()), "no_such_role_" + MARIA_USER,
				PASSWORD), "auth_failed");
		assertFailure(definition("postgresql", TestStore.PG_URL + "coffer_no_such_db", "postgres", PASSWORD), "database_not_found");
		assertFailure(definition("postgresql", "jdbc:postgresql://127.0.0.1:1/x", "postgres", PASSWORD), "host_unreachable");
		assertFailure(definition("mysql", "jdbc:mariadb://no-such-host.invalid/x", "root", PASSWORD), "host_unreachable");

		String saved = CatalogFixtures.register(this.admin, "mysql", maria, MARIA_USER, "wrong-" + MARIA_PASSWORD);
		Api.Response test = this.admin.post("/api/v1/data-sources/" + saved + "/test", null);
		assertProblem(test, 422, "connection_failed");
		assertThat(test.field("reason")).isEqualTo("auth_failed");
		assertThat(test.body()).doesNotContain(MARIA_PASSWORD).doesNotContain(MARIA_USER).doesNotContain(":3306")
			.doesNotContain(CatalogFixtures.mariadb());
		Api.Response browse = this.admin.get("/api/v1/data-sources/" + saved + "/schemas");
		assertProblem(browse, 422, "connection_failed");
		assertThat(browse.body()).doesNotContain(MARIA_PASSWORD).doesNotContain(MARIA_USER);
		this.admin.delete("/api/v1/data-sources/" + saved);
	}

	@Test
	void permissionsGateEveryOperation() {
		String id = CatalogFixtures.registerPostgres(this.admin);
		Api auditor = CatalogFixtures.withRole(this.admin, "auditor");
		Api steward = CatalogFixtures.withRole(this.admin, "steward");
		Api tokenizer = CatalogFixtures.withRole(this.admin, "tokenizer");
		assertThat(auditor.get("/api/v1/data-sources/" + id).status()).isEqualTo(200);
		assertThat(auditor.get("/api/v1/data-sources/" + id + "/summary").status()).isEqualTo(200);
		assertProblem(auditor.patch("/api/v1/data-sources/" + id, Map.of("description", "x")), 403, "permission_denied");
		assertProblem(auditor.post("/api/v1/data-sources/" + id + "/classifications", Map.of()), 403, "permission_denied");
		assertProblem(tokenizer.get("/api/v1/data-sources"), 403, "permission_denied");
		Api.Response stewardCreates = steward.post("/api/v1/data-sources",
				definition("postgresql", SourceDatabases.postgresUrl(CatalogFixtures.postgres()), "postgres", null));
		assertThat(stewardCreates.status()).as(stewardCreates.toString()).isEqualTo(201);
		assertThat(this.admin.delete("/api/v1/data-sources/" + stewardCreates.field("id")).status()).isEqualTo(204);
		assertThat(this.admin.delete("/api/v1/data-sources/" + id).status()).isEqualTo(204);
	}

	private void assertFailure(Map<String, Object> definition, String reason) {
		Api.Response response = this.admin.post("/api/v1/data-sources/connection-test", definition);
		assertProblem(response, 422, "connection_failed");
		assertThat(response.field("reason")).as(response.toString()).isEqualTo(reason);
		assertThat(response.body()).doesNotContain(PASSWORD).doesNotContain(MARIA_PASSWORD).doesNotContain(MARIA_USER)
			.doesNotContain(String.valueOf(definition.get("jdbc_url")));
	}

	private static void assertField(Api.Response response, String field, String code) {
		assertProblem(response, 400, "validation_failed");
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).as(response.toString()).isEqualTo(field);
		assertThat(error.get("code").asString()).as(response.toString()).isEqualTo(code);
		assertThat(response.body()).doesNotContain(PASSWORD);
	}

	private long count() {
		return this.admin.get("/api/v1/data-sources?page=1&per_page=1").json().get("total").asLong();
	}

	static Map<String, Object> definition(String type, String url, String username, String password) {
		Map<String, Object> body = new HashMap<>();
		body.put("name", "ds-" + System.nanoTime());
		if (type != null) {
			body.put("type", type);
		}
		body.put("jdbc_url", url);
		body.put("username", username);
		if (password != null) {
			body.put("password", password);
		}
		return body;
	}
}
