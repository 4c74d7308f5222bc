package dev.coffer.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static dev.coffer.query.GovernedQueryTest.ok;
import static dev.coffer.query.GovernedQueryTest.query;
import static dev.coffer.query.GovernedQueryTest.rows;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ways past the masks a security review found, on the real MariaDB: a database-qualified outer
 * reference, names longer than MariaDB takes, text MariaDB reads differently from the parser
 * ({@code --1}, {@code /*!...*}{@code /}), HAVING naming a select-list alias, positions in
 * parentheses, huge generated values and results. No clear e-mail address of the protected
 * {@code customers} table ({@code user...@example.com}) may reach an analyst.
 */
class GovernedQueryMariaDbBypassTest {

	static Api admin;

	static String source;

	static String other;

	static QuerySources.Issued analyst;

	@BeforeAll
	static void setUp() throws SQLException {
		TestServer server = QuerySources.server();
		admin = server.admin();
		String database = QuerySources.mariadb();
		other = "coffer_qo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(QuerySources.MARIADB_URL, "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + other);
			statement.execute("CREATE TABLE " + other + ".customers (id INT, email VARCHAR(200))");
			statement.execute("INSERT INTO " + other + ".customers VALUES (1, 'other1@example.org')");
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (Connection connection = DriverManager.getConnection(QuerySources.MARIADB_URL, "root", "");
					Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + other);
			}
			catch (SQLException ex) {
				// best effort
			}
		}));
		source = QuerySources.register(admin, "mysql", QuerySources.MARIADB_URL + database, "root");
		GovernedQueryTest.policies(admin, source, database);
		analyst = QuerySources.key(server, List.of("querier"), List.of("analyst"));
	}

	static Api.Response asAnalyst(String sql) {
		return query(analyst.api(), source, sql);
	}

	static void noClearEmail(Api.Response response) {
		assertThat(response.body()).as(response.toString()).doesNotContainPattern("user[0-9]+@");
		// an answer, or a refusal with a stable code: never a server failure, which would show nothing either
		assertThat(response.status()).as(response.toString()).isIn(200, 400, 403, 422);
		if (response.status() != 200) {
			assertThat(response.json().get("code").asString()).as(response.toString()).isNotBlank();
		}
	}

	@Test
	void aDatabaseQualifiedOuterReferenceReadsTheOuterTable() {
		noClearEmail(asAnalyst("SELECT (SELECT group_concat(" + other + ".customers.email) FROM customers) AS s FROM " + other
				+ ".customers"));
		Api.Response outer = asAnalyst("SELECT (SELECT " + other + ".customers.email FROM customers LIMIT 1) AS s FROM " + other
				+ ".customers");
		noClearEmail(outer);
		assertThat(rows(ok(outer)).get(0).get(0).asString()).isEqualTo("other1@example.org");
	}

	@Test
	void namesLongerThanMariaDbTakesAreRefused() {
		assertProblem(asAnalyst("SELECT c.id FROM customers AS " + "c".repeat(65)), 400, "identifier_not_allowed");
		assertThat(rows(ok(asAnalyst("SELECT " + "c".repeat(64) + ".id FROM customers AS " + "c".repeat(64) + " WHERE id = 3"))))
			.hasSize(1);
		Api.Response letters = asAnalyst("SELECT t.* FROM (SELECT c.id AS É, c.email AS e FROM customers c) t");
		noClearEmail(letters);
	}

	@Test
	void textMariaDbReadsOtherwiseThanTheParserIsRefused() {
		assertProblem(asAnalyst("SELECT 1--1 AS x"), 400, "query_not_supported");
		assertProblem(asAnalyst("SELECT 1 /*! + 1 */ AS x"), 400, "query_not_supported");
		assertProblem(asAnalyst("SELECT 1 /*M!100000 + 1 */ AS x"), 400, "query_not_supported");
		assertThat(rows(ok(asAnalyst("SELECT 1 - -1 AS x -- a comment\n"))).get(0).get(0).asInt()).isEqualTo(2);
		assertThat(rows(ok(asAnalyst("SELECT '--1' AS x /* a comment */"))).get(0).get(0).asString()).isEqualTo("--1");
	}

	@Test
	void havingNamingASelectListAliasIsRefusedClearly() {
		Api.Response refused = query(admin, source, "SELECT full_name AS id, count(*) AS n FROM customers GROUP BY full_name "
				+ "HAVING id > 'P'");
		assertProblem(refused, 400, "query_not_supported");
		assertThat(refused.field("message")).contains("HAVING", "alias");
		assertThat(rows(ok(query(admin, source, "SELECT region, count(*) AS n FROM customers GROUP BY region HAVING "
				+ "count(*) > 1 AND region = 'EU'"))).get(0).get(1).asInt()).isEqualTo(QuerySources.CUSTOMERS / 3);
	}

	@Test
	void aPositionInParenthesesIsAPositionAndChecked() {
		for (String sql : List.of("SELECT id, email FROM customers ORDER BY (2)", "SELECT id, email FROM customers ORDER BY -(-2)",
				"SELECT id, email FROM customers ORDER BY +2", "SELECT email, count(*) FROM customers GROUP BY (1)")) {
			Api.Response refused = asAnalyst(sql);
			noClearEmail(refused);
			assertProblem(refused, 403, "masked_column_in_filter");
		}
	}

	@Test
	void hugeValuesAndResultsAreRefusedOrCut() {
		assertProblem(asAnalyst("SELECT repeat('x', 200000000) AS x FROM customers a, customers b"), 400, "function_not_allowed");
		assertProblem(asAnalyst("SELECT space(1000000) AS x"), 400, "function_not_allowed");
		assertThat(admin.put("/api/v1/settings/query.max_response_bytes", Map.of("value", 65_536)).status()).isEqualTo(200);
		try {
			Api.Response big = query(admin, source, "SELECT a.id, repeat('x', 5000) AS x FROM customers a, customers b");
			assertThat(big.status()).as(big.toString()).isEqualTo(200);
			assertThat(big.body().length()).isLessThanOrEqualTo(65_536);
			JsonNode body = big.json();
			assertThat(body.get("truncated").asBoolean()).isTrue();
			assertThat(body.get("error").get("code").asString()).isEqualTo("query_result_too_large");
			// one value larger than a fetch may hold: MariaDB's driver has read it, nothing after it is
			JsonNode one = ok200(query(admin, source, "SELECT replace(repeat('x', 10000), 'x', repeat('y', 100)) AS x"));
			assertThat(one.get("row_count").asInt()).isZero();
			assertThat(one.get("error").get("code").asString()).isEqualTo("query_result_too_large");
		}
		finally {
			assertThat(admin.delete("/api/v1/settings/query.max_response_bytes").status()).isEqualTo(200);
		}
	}

	static JsonNode ok200(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}
}
