package dev.coffer.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governed query on the real PostgreSQL: an analyst (role {@code querier}, data role
 * {@code analyst}) gets masked e-mails, the last four digits of cards and only the rows of its
 * region; an administrator with a {@code no_mask} rule gets clear values and every row; writes,
 * several statements, server functions and filters on masked columns are refused with stable codes.
 */
class GovernedQueryTest {

	static TestServer server;

	static Api admin;

	static String source;

	static QuerySources.Issued analyst;

	static String sourceUrl;

	@BeforeAll
	static void setUp() {
		server = QuerySources.server();
		admin = server.admin();
		sourceUrl = QuerySources.postgres();
		source = QuerySources.register(admin, "postgresql", sourceUrl, "postgres");
		policies(admin, source, "shop");
		analyst = QuerySources.key(server, List.of("querier"), List.of("analyst"));
	}

	/** email: analyst email mask, admin clear; card_number: analyst last four, admin clear; customers: analyst sees EU rows. */
	static void policies(Api admin, String source, String schema) {
		Api.Response email = admin.post("/api/v1/policies/columns", Map.of("name", "q-email-" + System.nanoTime(),
				"columns", List.of(Map.of("data_source_id", source, "schema", schema, "table", "customers", "column", "email")),
				"rules", List.of(rule("analyst", "email"), rule("admin", "no_mask"))));
		assertThat(email.status()).as(email.toString()).isEqualTo(201);
		Api.Response card = admin.post("/api/v1/policies/columns", Map.of("name", "q-card-" + System.nanoTime(),
				"columns", List.of(Map.of("data_source_id", source, "schema", schema, "table", "payments", "column", "card_number")),
				"rules", List.of(rule("analyst", "last_four"), rule("admin", "no_mask"))));
		assertThat(card.status()).as(card.toString()).isEqualTo(201);
		Api.Response rows = admin.post("/api/v1/policies/rows", Map.of("name", "q-region-" + System.nanoTime(),
				"table", Map.of("data_source_id", source, "schema", schema, "table", "customers"), "column", "region",
				"rules", List.of(Map.of("role", "analyst", "values", List.of("EU")), Map.of("role", "admin", "values", List.of("*")))));
		assertThat(rows.status()).as(rows.toString()).isEqualTo(201);
	}

	static Map<String, Object> rule(String role, String type) {
		return Map.of("role", role, "masking", Map.of("type", type));
	}

	static Api.Response query(Api api, String source, String sql) {
		return api.post("/api/v1/data-sources/" + source + "/query", Map.of("sql", sql));
	}

	static JsonNode ok(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.has("error")).as(response.toString()).isFalse();
		return body;
	}

	static List<JsonNode> rows(JsonNode body) {
		List<JsonNode> rows = new ArrayList<>();
		body.get("rows").forEach(rows::add);
		assertThat(body.get("row_count").asLong()).isEqualTo(rows.size());
		return rows;
	}

	static String masked(String value, int keep) {
		return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
	}

	static final String JOINED = "SELECT c.id, c.email, p.card_number AS card, c.region FROM shop.customers c "
			+ "JOIN shop.payments p ON p.customer_id = c.id ORDER BY c.id";

	@Test
	void anAnalystGetsMaskedEmailsLastFourCardsAndOnlyItsRegionsRows() {
		JsonNode body = ok(query(analyst.api(), source, JOINED));
		JsonNode columns = body.get("columns");
		assertThat(columns.get(1).get("disposition").asString()).isEqualTo("masked");
		assertThat(columns.get(1).get("masking_type").asString()).isEqualTo("email");
		assertThat(columns.get(1).get("source").get("column").asString()).isEqualTo("email");
		assertThat(columns.get(1).get("policy").get("kind").asString()).isEqualTo("column");
		assertThat(columns.get(2).get("name").asString()).isEqualTo("card");
		assertThat(columns.get(2).get("masking_type").asString()).isEqualTo("last_four");
		assertThat(columns.get(0).get("disposition").asString()).isEqualTo("clear");
		assertThat(columns.get(0).get("reason").asString()).isEqualTo("unprotected");
		List<JsonNode> rows = rows(body);
		assertThat(rows).hasSize(QuerySources.CUSTOMERS / 3);
		for (JsonNode row : rows) {
			int id = row.get(0).asInt();
			assertThat(QuerySources.region(id)).isEqualTo("EU");
			assertThat(row.get(3).asString()).isEqualTo("EU");
			String email = QuerySources.email(id);
			assertThat(row.get(1).asString()).isEqualTo("*".repeat(email.indexOf('@')) + email.substring(email.indexOf('@')));
			assertThat(row.get(2).asString()).isEqualTo(masked(QuerySources.card(id), 4));
		}
		assertThat(body.get("truncated").asBoolean()).isFalse();

		// the row policy holds whatever the query asks for
		JsonNode us = ok(query(analyst.api(), source, "SELECT count(*) AS n FROM shop.customers WHERE region = 'US'"));
		assertThat(rows(us).get(0).get(0).asInt()).isZero();
		JsonNode all = ok(query(analyst.api(), source, "SELECT count(*) FROM shop.customers"));
		assertThat(rows(all).get(0).get(0).asInt()).isEqualTo(QuerySources.CUSTOMERS / 3);
		JsonNode nested = ok(query(analyst.api(), source,
				"WITH eu AS (SELECT id, email FROM shop.customers) SELECT x.email FROM (SELECT * FROM eu) x WHERE x.id IN "
						+ "(SELECT customer_id FROM shop.payments WHERE amount > 0) ORDER BY x.id"));
		assertThat(rows(nested)).hasSize(QuerySources.CUSTOMERS / 3);
		assertThat(nested.get("columns").get(0).get("masking_type").asString()).as("traced through the CTE").isEqualTo("email");
		assertThat(rows(nested).get(0).get(0).asString()).startsWith("*****@");
	}

	@Test
	void anAdministratorWithANoMaskRuleGetsClearValuesAndEveryRow() {
		JsonNode body = ok(query(admin, source, JOINED));
		assertThat(body.get("columns").get(1).get("disposition").asString()).isEqualTo("clear");
		assertThat(body.get("columns").get(1).get("masking_type").asString()).isEqualTo("no_mask");
		List<JsonNode> rows = rows(body);
		assertThat(rows).hasSize(QuerySources.CUSTOMERS);
		for (JsonNode row : rows) {
			int id = row.get(0).asInt();
			assertThat(row.get(1).asString()).isEqualTo(QuerySources.email(id));
			assertThat(row.get(2).asString()).isEqualTo(QuerySources.card(id));
		}
		JsonNode text = ok(query(admin, source, "SELECT 'Zoë 😀 \"q\" \\ end' AS t, full_name, amount, paid_on FROM shop.customers c "
				+ "JOIN shop.payments p ON p.customer_id = c.id WHERE c.id = 1"));
		assertThat(rows(text).get(0).get(0).asString()).isEqualTo("Zoë 😀 \"q\" \\ end");
		assertThat(rows(text).get(0).get(1).asString()).isEqualTo("Person 1");
		assertThat(rows(text).get(0).get(2).isNumber()).isTrue();
		assertThat(rows(text).get(0).get(2).decimalValue()).isEqualByComparingTo("1.25");
		assertThat(rows(text).get(0).get(3).asString()).isEqualTo("2025-01-02");
		// the administrator sees e-mails in clear, so it may filter on them
		JsonNode one = ok(query(admin, source, "SELECT id FROM shop.customers WHERE email = 'user7@example.com'"));
		assertThat(rows(one).get(0).get(0).asInt()).isEqualTo(7);
	}

	/**
	 * Values shown as stored are copied from the driver's bytes where PostgreSQL sends text: every
	 * type still reads back as PostgreSQL prints it, numbers as JSON numbers unless NaN or infinite.
	 */
	@Test
	void valuesOfEveryTypeComeBackAsTheDatabasePrintsThem() {
		JsonNode body = ok(query(admin, source, "SELECT CAST('2024-02-29' AS date) AS d, "
				+ "CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS uuid) AS u, CAST('NaN' AS numeric) AS nan, "
				+ "CAST('-Infinity' AS float8) AS inf, CAST('1 day 02:00' AS interval) AS iv, CAST(12345678901 AS bigint) AS big, "
				+ "CAST(-0.5 AS numeric(6, 3)) AS half, CAST(1.5 AS real) AS r, CAST('12:30' AS time) AS t, CAST(true AS boolean) AS b, "
				+ "CAST('tab\tquote\"' AS text) AS esc, CAST('2024-02-29 13:45:01.5' AS timestamp) AS ts "
				+ "FROM shop.customers WHERE id = 1"));
		JsonNode row = rows(body).get(0);
		assertThat(row.get(0).asString()).isEqualTo("2024-02-29");
		assertThat(row.get(1).asString()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
		assertThat(row.get(2).isString()).isTrue();
		assertThat(row.get(2).asString()).isEqualTo("NaN");
		assertThat(row.get(3).asString()).isEqualTo("-Infinity");
		assertThat(row.get(4).asString()).isEqualTo("1 day 02:00:00");
		assertThat(row.get(5).isNumber()).isTrue();
		assertThat(row.get(5).asLong()).isEqualTo(12345678901L);
		assertThat(row.get(6).isNumber()).isTrue();
		assertThat(row.get(6).decimalValue()).isEqualByComparingTo("-0.500");
		assertThat(row.get(7).doubleValue()).isEqualTo(1.5d);
		assertThat(row.get(8).asString()).isEqualTo("12:30:00");
		assertThat(row.get(9).asBoolean()).isTrue();
		assertThat(row.get(10).asString()).isEqualTo("tab\tquote\"");
		assertThat(row.get(11).asString()).isEqualTo("2024-02-29T13:45:01.500");
	}

	@Test
	void writesSeveralStatementsAndServerFunctionsAreRefusedWithStableCodes() {
		Api api = analyst.api();
		assertProblem(query(api, source, "INSERT INTO shop.customers VALUES (999, 'x', 'x@example.com', 'EU')"), 400,
				"query_not_read_only");
		assertProblem(query(api, source, "UPDATE shop.customers SET email = 'x'"), 400, "query_not_read_only");
		assertProblem(query(api, source, "DELETE FROM shop.customers"), 400, "query_not_read_only");
		assertProblem(query(admin, source, "DROP TABLE shop.customers"), 400, "query_not_read_only");
		assertProblem(query(admin, source, "CREATE TABLE shop.x (id int)"), 400, "query_not_read_only");
		assertProblem(query(admin, source, "COPY shop.customers TO '/tmp/customers.csv'"), 400, "query_not_read_only");
		assertProblem(query(api, source, "SELECT * FROM shop.customers FOR UPDATE"), 400, "query_not_read_only");
		assertProblem(query(api, source, "SELECT id INTO shop.copy FROM shop.customers"), 400, "query_not_read_only");
		assertProblem(query(admin, source, "WITH gone AS (DELETE FROM shop.customers RETURNING id) SELECT * FROM gone"), 400,
				"query_not_read_only");
		assertProblem(query(api, source, "SELECT 1; DROP TABLE shop.customers"), 400, "multiple_statements");
		assertProblem(query(api, source, "SELECT id FROM shop.customers; SELECT 2"), 400, "multiple_statements");
		assertProblem(query(api, source, "SELECT pg_read_file('/etc/passwd')"), 400, "function_not_allowed");
		assertProblem(query(api, source, "SELECT pg_sleep(5)"), 400, "function_not_allowed");
		assertProblem(query(api, source, "SELECT set_config('search_path', 'x', false)"), 400, "function_not_allowed");
		assertProblem(query(api, source, "SELECT current_setting('data_directory')"), 400, "function_not_allowed");
		assertProblem(query(api, source, "SELECT lo_import('/etc/passwd')"), 400, "function_not_allowed");
		assertProblem(query(api, source, "SELECT * FROM dblink('host=x', 'select 1') AS t(a int)"), 400, "function_not_allowed");
		assertProblem(query(api, source, "SELECT query_to_xml('select email from shop.customers', true, true, '')"), 400,
				"function_not_allowed");
		assertProblem(query(api, source, "SELECT shop.lower(full_name) FROM shop.customers"), 400, "function_not_allowed");
		assertProblem(query(api, source, "SELECT * FROM pg_catalog.pg_stats"), 400, "query_not_supported");
		assertProblem(query(api, source, "SELECT * FROM information_schema.columns"), 400, "query_not_supported");
		assertProblem(query(api, source, "SELECT c FROM shop.customers c"), 400, "unresolved_name");
		assertProblem(query(api, source, "SELECT nothing FROM shop.customers"), 400, "unresolved_name");
		assertProblem(query(api, source, "SELECT id FROM shop.nothing"), 400, "unresolved_name");
		assertProblem(query(api, source, "SELEKT id FROM shop.customers"), 400, "query_parse_failed");
		assertProblem(query(api, source, "SELECT id FROM shop.customers WHERE id = ?"), 400, "query_not_supported");
		assertProblem(query(api, source, "SELECT E'a' AS x"), 400, "query_not_supported");
		assertProblem(query(api, source, "SELECT $$a$$ AS x"), 400, "query_not_supported");
		assertProblem(api.post("/api/v1/data-sources/" + source + "/query", Map.of("sql", " ")), 400, "validation_failed");
		assertProblem(api.post("/api/v1/data-sources/" + source + "/query", Map.of("sql", "SELECT 1", "max_rows", 0)), 400,
				"validation_failed");
		assertProblem(query(api, "00000000-0000-7000-8000-000000000000", "SELECT 1"), 404, "not_found");
		// nothing changed
		assertThat(rows(ok(query(admin, source, "SELECT count(*) FROM shop.customers"))).get(0).get(0).asInt())
			.isEqualTo(QuerySources.CUSTOMERS);
	}

	@Test
	void aMaskedColumnCannotFilterJoinGroupOrSortButMayBeSelected() {
		Api api = analyst.api();
		String filter = "masked_column_in_filter";
		assertProblem(query(api, source, "SELECT id FROM shop.customers WHERE email LIKE 'user1%'"), 403, filter);
		assertProblem(query(api, source, "SELECT id FROM shop.customers c WHERE c.email = 'user3@example.com'"), 403, filter);
		assertProblem(query(api, source, "SELECT id, email FROM shop.customers ORDER BY email"), 403, filter);
		assertProblem(query(api, source, "SELECT id, email AS e FROM shop.customers ORDER BY e"), 403, filter);
		assertProblem(query(api, source, "SELECT id, email FROM shop.customers ORDER BY 2"), 403, filter);
		assertProblem(query(api, source, "SELECT email, count(*) FROM shop.customers GROUP BY email"), 403, filter);
		assertProblem(query(api, source, "SELECT region FROM shop.customers GROUP BY region HAVING max(email) > 'm'"), 403, filter);
		assertProblem(query(api, source, "SELECT DISTINCT email FROM shop.customers"), 403, filter);
		assertProblem(query(api, source, "SELECT c.id FROM shop.customers c JOIN shop.payments p ON p.card_number = c.email"),
				403, filter);
		assertProblem(query(api, source, "SELECT id FROM shop.customers WHERE id IN (SELECT id FROM shop.customers "
				+ "WHERE email > 'user5')"), 403, filter);
		assertProblem(query(api, source, "SELECT id FROM shop.customers WHERE 'user3@example.com' IN (SELECT email FROM "
				+ "shop.customers)"), 403, filter);
		assertProblem(query(api, source, "SELECT x.id FROM (SELECT id, email FROM shop.customers) x WHERE x.email LIKE 'u%'"),
				403, filter);
		assertProblem(query(api, source, "SELECT id, row_number() OVER (ORDER BY email) FROM shop.customers"), 403, filter);
		assertProblem(query(api, source, "SELECT email FROM shop.customers UNION SELECT 'user3@example.com'"), 403, filter);
		String expression = "masked_column_in_expression";
		assertProblem(query(api, source, "SELECT lower(email) FROM shop.customers"), 403, expression);
		assertProblem(query(api, source, "SELECT count(email) FROM shop.customers"), 403, expression);
		assertProblem(query(api, source, "SELECT email || '' AS e FROM shop.customers"), 403, expression);
		assertProblem(query(api, source, "SELECT CASE WHEN email LIKE 'a%' THEN 1 END FROM shop.customers"), 403, expression);
		assertProblem(query(api, source, "SELECT (SELECT max(card_number) FROM shop.payments) AS m"), 403, expression);
		assertProblem(query(api, source, "SELECT substring(card_number from 1 for 6) FROM shop.payments"), 403, expression);
		Api.Response problem = query(api, source, "SELECT id FROM shop.customers WHERE email LIKE 'user1%'");
		assertThat(problem.field("message")).contains("shop.customers.email").doesNotContain("user1");

		// selected plainly (aliased, parenthesized, or as * and t.*), the column comes back masked
		JsonNode star = ok(query(api, source, "SELECT * FROM shop.customers c WHERE c.id = 3"));
		assertThat(star.get("columns")).hasSize(4);
		assertThat(rows(star).get(0).get(2).asString()).isEqualTo("*****@example.com");
		JsonNode aliased = ok(query(api, source, "SELECT (c.email) AS contact, p.* FROM shop.customers c, shop.payments p "
				+ "WHERE p.customer_id = c.id AND c.id = 6"));
		assertThat(aliased.get("columns").get(0).get("name").asString()).isEqualTo("contact");
		assertThat(rows(aliased).get(0).get(0).asString()).isEqualTo("*****@example.com");
		assertThat(rows(aliased).get(0).get(3).asString()).isEqualTo(masked(QuerySources.card(6), 4));
		assertThat(aliased.get("columns").get(3).get("masking_type").asString()).isEqualTo("last_four");
		// EXISTS only tests for rows: its select list may name anything
		assertThat(rows(ok(query(api, source, "SELECT count(*) FROM shop.payments p WHERE EXISTS (SELECT email FROM "
				+ "shop.customers c WHERE c.id = p.customer_id)"))).get(0).get(0).asInt()).isEqualTo(QuerySources.CUSTOMERS / 3);
	}

	@Test
	void maxRowsCutsTheResultAndSaysSo() {
		Api.Response response = admin.post("/api/v1/data-sources/" + source + "/query",
				Map.of("sql", "SELECT id FROM shop.customers ORDER BY id", "max_rows", 5));
		JsonNode body = ok(response);
		assertThat(rows(body)).hasSize(5);
		assertThat(body.get("truncated").asBoolean()).isTrue();
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		JsonNode exact = ok(admin.post("/api/v1/data-sources/" + source + "/query",
				Map.of("sql", "SELECT id FROM shop.customers WHERE id <= 5", "max_rows", 5)));
		assertThat(exact.get("truncated").asBoolean()).isFalse();
	}

	@Test
	void resultsAreNeverStoredForIdempotentReplay() {
		String key = java.util.UUID.randomUUID().toString();
		Api idempotent = admin.header("Idempotency-Key", key);
		Api.Response first = query(idempotent, source, "SELECT email FROM shop.customers WHERE id = 1");
		Api.Response second = query(idempotent, source, "SELECT email FROM shop.customers WHERE id = 1");
		assertThat(rows(ok(first)).get(0).get(0).asString()).isEqualTo("user1@example.com");
		assertThat(ok(second).get("row_count").asInt()).isEqualTo(1);
		assertThat(second.header("Idempotent-Replayed")).isNull();
		assertThat(server.jdbc().sql("SELECT count(*) FROM idempotency_records WHERE idempotency_key = :key").param("key", key)
			.query(Long.class).single()).isZero();
	}

	@Test
	void databaseErrorsAnswerTheirSqlStateButNeverTheDatabasesMessage() {
		Api.Response zero = query(analyst.api(), source, "SELECT 1 / 0 AS x");
		assertProblem(zero, 422, "query_failed");
		assertThat(zero.field("sqlstate")).isEqualTo("22012");
		Api.Response cast = query(analyst.api(), source, "SELECT CAST(full_name AS int) FROM shop.customers");
		assertProblem(cast, 422, "query_failed");
		assertThat(cast.field("sqlstate")).isEqualTo("22P02");
		assertThat(cast.body()).doesNotContain("Person").doesNotContain("invalid input");
		// the row filter is applied before the query's own conditions: no hidden row reaches 1 / 0
		JsonNode fenced = ok(query(analyst.api(), source,
				"SELECT id FROM shop.customers WHERE CASE WHEN region <> 'EU' THEN 1 / (id - id) ELSE 1 END = 1"));
		assertThat(rows(fenced)).hasSize(QuerySources.CUSTOMERS / 3);
	}

	@Test
	void aQueryRunningPastTheTimeoutIsCancelled() {
		assertThat(admin.put("/api/v1/settings/datasources.query_timeout_seconds", Map.of("value", 1)).status()).isEqualTo(200);
		try {
			Api.Response slow = query(admin, source, "SELECT count(*) FROM shop.customers a, shop.customers b, shop.customers c, "
					+ "shop.customers d, shop.customers e");
			assertProblem(slow, 504, "query_timeout");
		}
		finally {
			assertThat(admin.delete("/api/v1/settings/datasources.query_timeout_seconds").status()).isEqualTo(200);
		}
	}

	@Test
	void aCallerWithoutTheQueryPermissionIsRefused() {
		QuerySources.Issued tokenizer = QuerySources.key(server, List.of("tokenizer"), List.of("analyst"));
		Api.Response refused = query(tokenizer.api(), source, "SELECT id FROM shop.customers");
		assertProblem(refused, 403, "permission_denied");
		assertThat(refused.field("permission")).isEqualTo("datasources:query");
	}

	@Test
	void everyQueryIsAuditedWithoutItsTextOrValues() {
		QuerySources.Issued auditedAnalyst = QuerySources.key(server, List.of("querier"), List.of("analyst"));
		ok(query(auditedAnalyst.api(), source, "SELECT id, email FROM shop.customers WHERE full_name = 'Person 9'"));
		assertProblem(query(auditedAnalyst.api(), source, "SELECT id FROM shop.customers WHERE email = 'user9@example.com'"), 403,
				"masked_column_in_filter");
		List<JsonNode> mine = new ArrayList<>();
		Api.Response byActor = admin.get("/api/v1/audit/events?actor=" + auditedAnalyst.principalId() + "&limit=200");
		assertThat(byActor.status()).as(byActor.toString()).isEqualTo(200);
		byActor.json().get("data").forEach(event -> {
			if (auditedAnalyst.principalId().equals(event.get("actor_id").asString())) {
				mine.add(event);
			}
		});
		assertThat(mine).extracting(event -> event.get("action").asString() + "/" + event.get("outcome").asString())
			.contains("data_source.queried/success", "data_source.query_finished/success", "data_source.queried/denied");
		String all = mine.toString();
		assertThat(all).doesNotContain("Person 9").doesNotContain("user9").doesNotContain("full_name =");
		JsonNode admitted = mine.stream().filter(event -> event.get("action").asString().equals("data_source.queried")
				&& event.get("outcome").asString().equals("success")).findFirst().orElseThrow();
		assertThat(admitted.get("details").asString()).contains("sql_hmac", "sql_fingerprint", "shop.customers.email",
				"\"masking_type\":\"email\"", "row:");
		JsonNode finished = mine.stream().filter(event -> event.get("action").asString().equals("data_source.query_finished"))
			.findFirst().orElseThrow();
		assertThat(finished.get("details").asString()).contains("\"row_count\":1", "\"protected_values\":1");
	}
}
