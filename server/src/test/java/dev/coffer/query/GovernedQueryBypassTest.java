package dev.coffer.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.query.GovernedQueryTest.ok;
import static dev.coffer.query.GovernedQueryTest.query;
import static dev.coffer.query.GovernedQueryTest.rows;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ways past the masks a security review found, each on the real PostgreSQL: names the database
 * would resolve differently from Coffer (identifiers cut at 63 bytes, non-ASCII case folding, a
 * schema-qualified outer reference), partitions and inheritance children read without their
 * parent's policies (or a parent read with its children's rows), views, extension and {@code pg_}
 * relations, casts into the system catalogs, positions in parentheses, huge generated values, JDBC
 * escapes and a percent-encoded path that made the results replayable. No clear e-mail address of
 * {@code shop.customers} ({@code user...@example.com}) may reach an analyst.
 */
class GovernedQueryBypassTest {

	static TestServer server;

	static Api admin;

	static String source;

	static QuerySources.Issued analyst;

	@BeforeAll
	static void setUp() throws SQLException {
		server = QuerySources.server();
		admin = server.admin();
		String url = QuerySources.postgres();
		try (Connection connection = DriverManager.getConnection(url, TestStore.PG_USER, TestStore.PG_PASSWORD);
				Statement statement = connection.createStatement()) {
			for (String sql : List.of("CREATE SCHEMA staging",
					"CREATE TABLE staging.customers (id INT, email VARCHAR(200))",
					"INSERT INTO staging.customers VALUES (1, 'staging1@example.org')",
					"CREATE TABLE shop.accounts (id INT, email VARCHAR(200), region VARCHAR(10)) PARTITION BY LIST (region)",
					"CREATE TABLE shop.accounts_us PARTITION OF shop.accounts FOR VALUES IN ('US')",
					"CREATE TABLE shop.accounts_eu PARTITION OF shop.accounts FOR VALUES IN ('EU')",
					"INSERT INTO shop.accounts SELECT id, email, region FROM shop.customers WHERE region IN ('US', 'EU')",
					"CREATE TABLE shop.persons (id INT, email VARCHAR(200))",
					"CREATE TABLE shop.vip (tier VARCHAR(10)) INHERITS (shop.persons)",
					"INSERT INTO shop.persons VALUES (1, 'plain1@example.org')",
					"INSERT INTO shop.vip SELECT id, email, 'gold' FROM shop.customers WHERE id <= 5",
					"CREATE VIEW shop.customer_emails AS SELECT id, email FROM shop.customers",
					"CREATE VIEW shop.staging_view AS SELECT id, email FROM staging.customers",
					"CREATE TABLE shop.pg_notes (id INT, note TEXT)",
					"INSERT INTO shop.pg_notes VALUES (1, 'internal')",
					"CREATE TABLE shop.ext_notes (id INT, note TEXT)",
					"INSERT INTO shop.ext_notes VALUES (1, 'internal')",
					"CREATE EXTENSION hstore SCHEMA shop",
					"ALTER EXTENSION hstore ADD TABLE shop.ext_notes")) {
				statement.execute(sql);
			}
		}
		source = QuerySources.register(admin, "postgresql", url, "postgres");
		GovernedQueryTest.policies(admin, source, "shop");
		// shop.accounts: e-mail masked, EU rows only; shop.vip (a child of shop.persons): e-mail masked
		columnPolicy("accounts", "email");
		columnPolicy("vip", "email");
		Api.Response rows = admin.post("/api/v1/policies/rows", Map.of("name", "q-acc-region-" + System.nanoTime(),
				"table", Map.of("data_source_id", source, "schema", "shop", "table", "accounts"), "column", "region",
				"rules", List.of(Map.of("role", "analyst", "values", List.of("EU")), Map.of("role", "admin", "values", List.of("*")))));
		assertThat(rows.status()).as(rows.toString()).isEqualTo(201);
		analyst = QuerySources.key(server, List.of("querier"), List.of("analyst"));
	}

	static void columnPolicy(String table, String column) {
		Api.Response created = admin.post("/api/v1/policies/columns", Map.of("name", "q-" + table + "-" + System.nanoTime(),
				"columns", List.of(Map.of("data_source_id", source, "schema", "shop", "table", table, "column", column)),
				"rules", List.of(GovernedQueryTest.rule("analyst", "email"), GovernedQueryTest.rule("admin", "no_mask"))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	static Api.Response asAnalyst(String sql) {
		return query(analyst.api(), source, sql);
	}

	/** No e-mail address of shop.customers in clear anywhere in the answer. */
	static void noClearEmail(Api.Response response) {
		assertThat(response.body()).as(response.toString()).doesNotContainPattern("user[0-9]+@");
		// an answer, or a refusal with a stable code: never a server failure, which would show nothing either
		assertThat(response.status()).as(response.toString()).isIn(200, 400, 403, 422);
		if (response.status() != 200) {
			assertThat(response.json().get("code").asString()).as(response.toString()).isNotBlank();
		}
	}

	@Test
	void identifiersPostgresqlWouldCutAt63BytesAreRefused() {
		String a1 = "a".repeat(63) + "1";
		String a2 = "a".repeat(63) + "2";
		Api.Response cut = asAnalyst("SELECT (SELECT string_agg(" + a1 + ".email, ',') FROM shop.customers AS " + a2 + ") FROM "
				+ "(SELECT 'x' AS email) AS " + a1);
		noClearEmail(cut);
		assertProblem(cut, 400, "identifier_not_allowed");
		// 63 bytes of UTF-8 (here 32 characters) are the limit, not 63 characters
		assertProblem(asAnalyst("SELECT 1 AS \"" + "é".repeat(32) + "\""), 400, "identifier_not_allowed");
		assertThat(rows(ok(asAnalyst("SELECT 1 AS " + "b".repeat(63)))).get(0).get(0).asInt()).isEqualTo(1);
	}

	@Test
	void onlyAsciiLettersFoldToLowerCaseAsOnPostgresql() {
		Api.Response star = asAnalyst("SELECT t.* FROM (SELECT c.id AS É, c.email AS \"é\" FROM shop.customers c) t");
		noClearEmail(star);
		JsonNode body = ok(star);
		assertThat(body.get("columns").get(0).get("disposition").asString()).isEqualTo("clear");
		assertThat(body.get("columns").get(0).get("name").asString()).isEqualTo("É");
		assertThat(body.get("columns").get(1).get("disposition").asString()).isEqualTo("masked");
		assertThat(body.get("columns").get(1).get("name").asString()).isEqualTo("é");
		assertThat(rows(body)).isNotEmpty().allSatisfy(row -> assertThat(row.get(1).asString()).startsWith("*"));
		// É unquoted is "É" on PostgreSQL: the inner table, whose e-mail is masked, not the outer one
		Api.Response inner = asAnalyst("SELECT (SELECT string_agg(É.email, ',') FROM shop.customers AS \"É\") FROM "
				+ "(SELECT 'x' AS email) AS É");
		noClearEmail(inner);
		assertProblem(inner, 403, "masked_column_in_expression");
	}

	@Test
	void aSchemaQualifiedOuterReferenceReadsTheOuterTable() {
		// as reported: the aggregate of an outer column belongs to the outer query, so PostgreSQL finds 20 rows for one value
		Api.Response aggregated = asAnalyst("SELECT (SELECT string_agg(staging.customers.email, ',') FROM shop.customers) AS s "
				+ "FROM staging.customers");
		noClearEmail(aggregated);
		assertProblem(aggregated, 422, "query_failed");
		assertThat(aggregated.field("sqlstate")).isEqualTo("21000");
		Api.Response outer = asAnalyst("SELECT (SELECT staging.customers.email FROM shop.customers LIMIT 1) AS s "
				+ "FROM staging.customers");
		noClearEmail(outer);
		JsonNode body = ok(outer);
		assertThat(rows(body).get(0).get(0).asString()).isEqualTo("staging1@example.org");
		assertThat(body.get("columns").get(0).get("name").asString()).isEqualTo("s");
	}

	@Test
	void generatedNamesCannotBeWrittenByTheCaller() {
		assertProblem(asAnalyst("SELECT coffer_s1.id FROM shop.customers coffer_s1"), 400, "identifier_not_allowed");
		assertProblem(asAnalyst("WITH COFFER_W1 AS (SELECT id FROM shop.customers) SELECT id FROM COFFER_W1"), 400,
				"identifier_not_allowed");
	}

	@Test
	void aPartitionCarriesTheMasksAndRowFiltersOfItsParent() {
		Api.Response us = asAnalyst("SELECT * FROM shop.accounts_us");
		noClearEmail(us);
		assertThat(rows(ok(us))).as("the parent's row filter keeps EU rows only").isEmpty();
		Api.Response eu = asAnalyst("SELECT id, email FROM shop.accounts_eu ORDER BY id");
		noClearEmail(eu);
		JsonNode body = ok(eu);
		assertThat(body.get("columns").get(1).get("masking_type").asString()).isEqualTo("email");
		assertThat(body.get("columns").get(1).get("source").get("table").asString()).isEqualTo("accounts_eu");
		assertThat(rows(body)).hasSize(QuerySources.CUSTOMERS / 3)
			.allSatisfy(row -> assertThat(row.get(1).asString()).startsWith("*"));
		noClearEmail(asAnalyst("SELECT * FROM shop.accounts"));
		// the administrator's no_mask rule on the parent reaches the partition too
		assertThat(rows(ok(query(admin, source, "SELECT email FROM shop.accounts_us WHERE id = 1"))).get(0).get(0).asString())
			.isEqualTo("user1@example.com");
	}

	@Test
	void aParentWhoseChildCarriesPoliciesOfItsOwnIsRefusedAndTheChildIsMasked() {
		Api.Response parent = asAnalyst("SELECT * FROM shop.persons");
		noClearEmail(parent);
		assertProblem(parent, 403, "relation_not_queryable");
		assertProblem(asAnalyst("SELECT p.id FROM shop.persons p"), 403, "relation_not_queryable");
		Api.Response child = asAnalyst("SELECT id, email, tier FROM shop.vip ORDER BY id");
		noClearEmail(child);
		assertThat(rows(ok(child))).hasSize(5).allSatisfy(row -> assertThat(row.get(1).asString()).startsWith("*"));
		assertProblem(asAnalyst("SELECT * FROM ONLY shop.persons"), 400, "query_not_supported");
	}

	@Test
	void aViewOverProtectedTablesWithoutPoliciesOfItsOwnIsRefused() {
		Api.Response view = asAnalyst("SELECT * FROM shop.customer_emails");
		noClearEmail(view);
		assertProblem(view, 403, "relation_not_queryable");
		assertThat(rows(ok(asAnalyst("SELECT email FROM shop.staging_view"))).get(0).get(0).asString())
			.isEqualTo("staging1@example.org");
	}

	@Test
	void extensionAndPgRelationsWithoutPoliciesAreRefused() {
		assertProblem(asAnalyst("SELECT * FROM shop.pg_notes"), 403, "relation_not_queryable");
		assertProblem(asAnalyst("SELECT * FROM shop.ext_notes"), 403, "relation_not_queryable");
		assertProblem(query(admin, source, "SELECT * FROM shop.ext_notes"), 403, "relation_not_queryable");
	}

	@Test
	void castsIntoSystemTypesAreRefusedAndOrdinaryCastsRun() {
		for (String sql : List.of("SELECT CAST(CAST(CAST(1260 AS int) AS oid) AS regclass) AS r",
				"SELECT CAST('pg_read_server_files' AS regrole) AS r", "SELECT '1'::oid AS o", "SELECT 1::xid AS x",
				"SELECT CAST('$' AS jsonpath) AS j", "SELECT CAST(1 AS pg_catalog.int4) AS i", "SELECT CAST(1 AS \"int4\") AS i",
				"SELECT CAST('(0,1)' AS tid) AS t", "SELECT CAST('x' AS pg_lsn) AS l", "SELECT CAST(ARRAY[1] AS int[]) AS a",
				"SELECT CAST('1' AS int[]) AS a", "SELECT CAST('x' AS name) AS n")) {
			Api.Response refused = asAnalyst(sql);
			assertThat(refused.status()).as(sql + " -> " + refused).isEqualTo(400);
			assertThat(refused.body()).doesNotContain("pg_authid");
		}
		assertProblem(asAnalyst("SELECT CAST(CAST(CAST(1260 AS int) AS oid) AS regclass) AS r"), 400, "cast_not_allowed");
		JsonNode casts = ok(asAnalyst("SELECT CAST(id AS text) AS t, CAST(id AS varchar(10)) AS v, id::bigint AS b, "
				+ "CAST(id AS double precision) AS d, CAST(id AS numeric(10, 2)) AS n, CAST('2025-01-02' AS date) AS dt, "
				+ "CAST('2025-01-02 03:04:05+00' AS timestamp with time zone) AS ts, CAST('1 day' AS interval) AS i, "
				+ "CAST('true' AS boolean) AS bo, CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS uuid) AS u "
				+ "FROM shop.customers WHERE id = 3"));
		assertThat(rows(casts).get(0).get(0).asString()).isEqualTo("3");
	}

	@Test
	void aPositionInParenthesesOrWithSignsIsAPositionAndChecked() {
		for (String sql : List.of("SELECT id, email FROM shop.customers ORDER BY (2)",
				"SELECT id, email FROM shop.customers ORDER BY ((2)) DESC", "SELECT id, email FROM shop.customers ORDER BY -(-2)",
				"SELECT email, count(*) FROM shop.customers GROUP BY (1)",
				"SELECT id, email FROM shop.customers UNION ALL SELECT id, email FROM shop.customers ORDER BY (2)",
				"SELECT DISTINCT ON ((2)) id, email FROM shop.customers")) {
			Api.Response refused = asAnalyst(sql);
			noClearEmail(refused);
			assertThat(refused.status()).as(sql + " -> " + refused).isEqualTo(403);
			assertThat(refused.field("code")).as(sql).isEqualTo("masked_column_in_filter");
		}
		assertThat(rows(ok(asAnalyst("SELECT id, email FROM shop.customers ORDER BY (1) DESC"))).get(0).get(0).asInt())
			.isEqualTo(60);
	}

	@Test
	void hugeGeneratedValuesAreRefused() {
		for (String sql : List.of("SELECT repeat('x', 200000000) AS x FROM shop.customers a, shop.customers b",
				"SELECT lpad('x', 200000000) AS x", "SELECT rpad(full_name, 100001, 'y') AS x FROM shop.customers",
				"SELECT repeat('x', id) AS x FROM shop.customers", "SELECT space(20000) AS x")) {
			Api.Response refused = asAnalyst(sql);
			assertThat(refused.status()).as(sql + " -> " + refused).isEqualTo(400);
			assertThat(refused.field("code")).as(sql).isEqualTo("function_not_allowed");
		}
		assertThat(rows(ok(asAnalyst("SELECT lpad(CAST(id AS text), 6, '0') AS x, repeat('-', 3) AS y FROM shop.customers "
				+ "WHERE id = 3"))).get(0).get(0).asString()).isEqualTo("000003");
	}

	@Test
	void oneFetchOrTheResponseLargerThanTheLimitEndsTheResultAndSaysSo() {
		// the default limit: one row of 20,000,000 characters is more than one fetch may hold (16 MiB)
		assertProblem(query(admin, source, "SELECT replace(repeat('x', 10000), 'x', repeat('y', 2000)) AS x FROM shop.customers"),
				422, "query_result_too_large");
		assertThat(admin.put("/api/v1/settings/query.max_response_bytes", Map.of("value", 65_536)).status()).isEqualTo(200);
		try {
			Api.Response big = query(admin, source, "SELECT a.id, repeat('x', 5000) AS x FROM shop.customers a, shop.customers b");
			assertThat(big.status()).as(big.toString()).isEqualTo(200);
			assertThat(big.body().length()).isLessThanOrEqualTo(65_536);
			JsonNode body = big.json();
			assertThat(body.get("truncated").asBoolean()).isTrue();
			assertThat(body.get("error").get("code").asString()).isEqualTo("query_result_too_large");
			assertThat(body.get("row_count").asInt()).isBetween(1, 13);
			// one value larger than a fetch may hold is refused before the first row
			assertProblem(query(admin, source, "SELECT string_agg(a.full_name, ',') AS s FROM shop.customers a, "
					+ "shop.customers b, shop.customers c"), 422, "query_result_too_large");
			assertThat(rows(ok(query(admin, source, "SELECT id FROM shop.customers")))).hasSize(QuerySources.CUSTOMERS);
		}
		finally {
			assertThat(admin.delete("/api/v1/settings/query.max_response_bytes").status()).isEqualTo(200);
		}
	}

	@Test
	void jdbcEscapesAreRefused() {
		assertProblem(asAnalyst("SELECT {fn lower(full_name)} AS n FROM shop.customers"), 400, "query_not_supported");
		assertProblem(asAnalyst("SELECT {fn ucase(full_name)} AS n FROM shop.customers"), 400, "function_not_allowed");
		assertProblem(asAnalyst("SELECT {d '2025-01-01'} AS d"), 400, "query_not_supported");
	}

	@Test
	void aPercentEncodedPathNeverStoresTheResultForReplay() {
		String key = java.util.UUID.randomUUID().toString();
		Api idempotent = admin.header("Idempotency-Key", key);
		String path = "/api/v1/data-sources/" + source + "/quer%79";
		Api.Response first = idempotent.post(path, Map.of("sql", "SELECT email FROM shop.customers WHERE id = 1"));
		assertThat(rows(ok(first)).get(0).get(0).asString()).isEqualTo("user1@example.com");
		Api.Response second = idempotent.post(path, Map.of("sql", "SELECT email FROM shop.customers WHERE id = 1"));
		assertThat(second.header("Idempotent-Replayed")).isNull();
		assertThat(server.jdbc().sql("SELECT count(*) FROM idempotency_records WHERE idempotency_key = :key").param("key", key)
			.query(Long.class).single()).isZero();
	}
}
