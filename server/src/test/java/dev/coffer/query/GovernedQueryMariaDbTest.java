package dev.coffer.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static dev.coffer.query.GovernedQueryTest.masked;
import static dev.coffer.query.GovernedQueryTest.ok;
import static dev.coffer.query.GovernedQueryTest.query;
import static dev.coffer.query.GovernedQueryTest.rows;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The governed query on the real MariaDB: the same masks, rows and refusals as on PostgreSQL. */
class GovernedQueryMariaDbTest {

	static Api admin;

	static String source;

	static QuerySources.Issued analyst;

	@BeforeAll
	static void setUp() throws SQLException {
		TestServer server = QuerySources.server();
		admin = server.admin();
		String database = QuerySources.mariadb();
		// a region that differs from an allowed value only in case: MariaDB's default collation would match it
		try (Connection connection = DriverManager.getConnection(QuerySources.MARIADB_URL + database, "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO customers VALUES (1000, 'Lower Case', 'lower@example.com', 'eu')");
			statement.execute("INSERT INTO customers VALUES (1001, 'Padded', 'padded@example.com', 'EU ')");
		}
		source = QuerySources.register(admin, "mysql", QuerySources.MARIADB_URL + database, "root");
		GovernedQueryTest.policies(admin, source, database);
		analyst = QuerySources.key(server, List.of("querier"), List.of("analyst"));
	}

	static final String JOINED = "SELECT c.id, c.email, p.card_number AS card, c.region FROM customers c "
			+ "JOIN payments p ON p.customer_id = c.id ORDER BY c.id";

	@Test
	void anAnalystGetsMaskedValuesOfExactlyTheAllowedRowsAndAnAdministratorClearOnes() {
		JsonNode body = ok(query(analyst.api(), source, JOINED));
		assertThat(body.get("columns").get(1).get("masking_type").asString()).isEqualTo("email");
		assertThat(body.get("columns").get(2).get("masking_type").asString()).isEqualTo("last_four");
		List<JsonNode> rows = rows(body);
		assertThat(rows).hasSize(QuerySources.CUSTOMERS / 3);
		for (JsonNode row : rows) {
			int id = row.get(0).asInt();
			assertThat(row.get(3).asString()).isEqualTo("EU");
			String email = QuerySources.email(id);
			assertThat(row.get(1).asString()).isEqualTo("*".repeat(email.indexOf('@')) + email.substring(email.indexOf('@')));
			assertThat(row.get(2).asString()).isEqualTo(masked(QuerySources.card(id), 4));
		}
		assertThat(rows(ok(query(analyst.api(), source, "SELECT id FROM customers WHERE id >= 1000")))).as("'eu' and 'EU ' are not 'EU'")
			.isEmpty();

		JsonNode clear = ok(query(admin, source, JOINED));
		assertThat(rows(clear)).hasSize(QuerySources.CUSTOMERS);
		assertThat(rows(clear).get(0).get(1).asString()).isEqualTo(QuerySources.email(1));
		assertThat(rows(clear).get(0).get(2).asString()).isEqualTo(QuerySources.card(1));
		JsonNode amounts = ok(query(admin, source, "SELECT amount, paid_on FROM payments WHERE id = 1003"));
		assertThat(rows(amounts).get(0).get(0).decimalValue()).isEqualByComparingTo("3.75");
		assertThat(rows(amounts).get(0).get(1).asString()).isEqualTo("2025-01-04");
	}

	@Test
	void writesAndFiltersOnMaskedColumnsAreRefusedAndLiteralsReadAsTheParserReadThem() {
		assertProblem(query(admin, source, "DELETE FROM customers"), 400, "query_not_read_only");
		assertProblem(query(admin, source, "SELECT id FROM customers INTO OUTFILE '/tmp/customers.txt'"), 400,
				"query_not_read_only");
		assertProblem(query(admin, source, "SELECT load_file('/etc/passwd')"), 400, "function_not_allowed");
		assertProblem(query(admin, source, "SELECT sleep(5)"), 400, "function_not_allowed");
		assertProblem(query(admin, source, "SELECT * FROM mysql.user"), 400, "query_not_supported");
		assertProblem(query(analyst.api(), source, "SELECT id FROM customers WHERE email LIKE 'user%'"), 403,
				"masked_column_in_filter");
		// '\' is no escape character here, as for the parser: the literal is one backslash and the query one statement
		JsonNode literal = ok(query(admin, source, "SELECT 'a\\' AS x, id FROM customers WHERE id = 3"));
		assertThat(rows(literal).get(0).get(0).asString()).isEqualTo("a\\");
		assertThat(rows(literal).get(0).get(1).asInt()).isEqualTo(3);
		JsonNode unicode = ok(query(admin, source, "SELECT 'Zoë 😀 ''q''' AS t, full_name FROM customers WHERE id = 1"));
		assertThat(rows(unicode).get(0).get(0).asString()).isEqualTo("Zoë 😀 'q'");
		assertThat(rows(unicode).get(0).get(1).asString()).isEqualTo("Person 1");
		JsonNode quoted = ok(query(admin, source, "SELECT \"email\" FROM customers WHERE id = 3"));
		assertThat(rows(quoted).get(0).get(0).asString()).as("a double-quoted name is a column").isEqualTo("user3@example.com");
	}
}
