package dev.coffer.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.api.error.ApiException;
import dev.coffer.policy.AccessDecision;
import dev.coffer.policy.ColumnRef;
import dev.coffer.policy.MaskingType;
import dev.coffer.query.SourceDialect.TableMeta;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks and the rewrite on their own, against the real PostgreSQL catalog: every FROM item
 * gets a generated alias and every name is written as the column the policies were applied to,
 * qualified by that alias; {@code *} is expanded, output positions replace output names, each
 * table becomes a marker, and the output columns keep the labels the caller wrote.
 */
class QueryRewriteTest {

	static Connection connection;

	@BeforeAll
	static void connect() throws SQLException {
		connection = DriverManager.getConnection(QuerySources.postgres(), TestStore.PG_USER, TestStore.PG_PASSWORD);
	}

	@AfterAll
	static void close() throws SQLException {
		connection.close();
	}

	/** e-mail masked, everything else clear. */
	static List<AccessDecision> decisions(TableMeta table) {
		List<AccessDecision> out = new ArrayList<>();
		for (SourceDialect.ColumnMeta column : table.columns()) {
			ColumnRef ref = new ColumnRef("00000000-0000-7000-8000-000000000001", table.schema(), table.name(), column.name());
			out.add(column.name().equals("email")
					? new AccessDecision(ref, "masked", MaskingType.EMAIL, null, null, "analyst", "column_policy", "", List.of())
					: new AccessDecision(ref, "clear", MaskingType.NO_MASK, null, null, null, "unprotected", "", List.of()));
		}
		return out;
	}

	static String rewrite(String sql) {
		var select = SelectParser.parse(sql);
		QueryAnalyzer analyzer = new QueryAnalyzer(connection, new SourceDialect.Postgres(), QueryRewriteTest::decisions, "m_");
		QueryAnalyzer.Result result = analyzer.analyze(select);
		return select + " | " + result.outputs().stream().map(o -> o.hidden() ? "H" : "c").reduce("", String::concat);
	}

	static List<String> labels(String sql) {
		QueryAnalyzer analyzer = new QueryAnalyzer(connection, new SourceDialect.Postgres(), QueryRewriteTest::decisions, "m_");
		return analyzer.analyze(SelectParser.parse(sql)).labels();
	}

	static String code(String sql) {
		try {
			return rewrite(sql);
		}
		catch (ApiException ex) {
			return ex.code().code();
		}
	}

	@Test
	void namesStarsAndOutputReferencesAreRewrittenToTheCheckedColumns() {
		assertThat(rewrite("SELECT * FROM shop.customers c WHERE id > 1 ORDER BY id"))
			.isEqualTo("SELECT coffer_s1.\"id\", coffer_s1.\"full_name\", coffer_s1.\"email\", coffer_s1.\"region\" "
					+ "FROM m_0_ AS coffer_s1 WHERE coffer_s1.\"id\" > 1 ORDER BY 1 | ccHc");
		assertThat(rewrite("SELECT Customers.EMAIL AS e, region FROM SHOP.CUSTOMERS ORDER BY 2"))
			.startsWith("SELECT coffer_s1.\"email\" AS e, coffer_s1.\"region\" FROM m_0_ AS coffer_s1");
		assertThat(rewrite("WITH x AS (SELECT id, lower(full_name) AS n, email FROM shop.customers) SELECT * FROM x"))
			.isEqualTo("WITH coffer_w1 AS (SELECT coffer_s1.\"id\" AS coffer_c1, lower(coffer_s1.\"full_name\") AS coffer_c2, "
					+ "coffer_s1.\"email\" AS coffer_c3 FROM m_0_ AS coffer_s1) SELECT coffer_s2.\"coffer_c1\", "
					+ "coffer_s2.\"coffer_c2\", coffer_s2.\"coffer_c3\" FROM coffer_w1 AS coffer_s2 | ccH");
		assertThat(labels("WITH x AS (SELECT id, lower(full_name) AS n, email FROM shop.customers) SELECT * FROM x"))
			.containsExactly("id", "n", "email");
		assertThat(rewrite("SELECT p.amount, (SELECT count(*) FROM shop.customers c WHERE c.id = p.customer_id) "
				+ "FROM shop.payments p")).contains("FROM m_1_ AS coffer_s2 WHERE coffer_s2.\"id\" = coffer_s1.\"customer_id\"");
	}

	@Test
	void derivedTablesAndJoinsUsingAreWrittenWithGeneratedNames() {
		assertThat(rewrite("SELECT t.n AS \"Name\", T.N FROM (SELECT full_name AS N FROM shop.customers UNION ALL "
				+ "SELECT region FROM shop.customers) t"))
			.isEqualTo("SELECT coffer_s3.\"coffer_c1\" AS \"Name\", coffer_s3.\"coffer_c1\" FROM (SELECT coffer_s1.\"full_name\" "
					+ "AS coffer_c1 FROM m_0_ AS coffer_s1 UNION ALL SELECT coffer_s2.\"region\" FROM m_1_ AS coffer_s2) AS coffer_s3 | cc");
		assertThat(labels("SELECT t.n AS \"Name\", T.N, count(*), 1 AS Uno FROM (SELECT full_name AS N FROM shop.customers) t "
				+ "GROUP BY t.n")).containsExactly("Name", "n", null, "uno");
		assertThat(rewrite("SELECT c.id FROM shop.customers c JOIN shop.payments p USING (id) LEFT JOIN shop.payments q USING "
				+ "(customer_id)")).isEqualTo("SELECT coffer_s1.\"id\" FROM m_0_ AS coffer_s1 JOIN m_1_ AS coffer_s2 ON "
						+ "coffer_s1.\"id\" = coffer_s2.\"id\" LEFT JOIN m_2_ AS coffer_s3 ON coffer_s2.\"customer_id\" = "
						+ "coffer_s3.\"customer_id\" | c");
		assertThat(code("SELECT 1 AS x FROM shop.payments p JOIN shop.payments q USING (id) JOIN shop.payments r USING (id)"))
			.as("the merged column of an earlier USING").isEqualTo("unresolved_name");
		assertThat(rewrite("SELECT id, region FROM shop.customers ORDER BY (2), -(-1), +1 DESC"))
			.endsWith("ORDER BY 2, 1, 1 DESC | cc");
	}

	@Test
	void namesTheDatabaseWouldReadOtherwiseAreRefused() {
		for (String sql : List.of("SELECT 1 AS 'x'", "SELECT `id` FROM shop.customers",
				"SELECT 1 AS \"\"", "SELECT id FROM shop.customers AS " + "x".repeat(64),
				"SELECT \"" + "x".repeat(64) + "\" FROM shop.customers", "SELECT 1 AS coffer_x",
				"SELECT t.a FROM (SELECT 1) AS t(Coffer_c1)")) {
			assertThat(code(sql)).as(sql).isEqualTo("identifier_not_allowed");
		}
		assertThat(labels("SELECT 1 AS \"É\", 2 AS É, 3 AS \"" + "é".repeat(31) + "\"")).containsExactly("É", "É", "é".repeat(31));
	}

	@Test
	void aMaskedColumnOutsideAPlainReferenceIsRefusedAtAnyDepth() {
		for (String sql : List.of("SELECT id FROM shop.customers WHERE email IS NULL",
				"SELECT id FROM (SELECT id, email FROM shop.customers) a JOIN shop.payments p ON a.email = p.card_number",
				"WITH x AS (SELECT email AS e FROM shop.customers) SELECT 1 FROM x GROUP BY e",
				"SELECT id, email FROM shop.customers ORDER BY 2 DESC",
				"SELECT region FROM shop.customers c WHERE EXISTS (SELECT 1 FROM shop.payments p WHERE p.card_number = c.email)",
				"SELECT DISTINCT ON (email) id FROM shop.customers",
				"SELECT c.id FROM shop.customers c JOIN shop.customers d USING (email)")) {
			assertThatThrownBy(() -> rewrite(sql)).as(sql)
				.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code().code()).isEqualTo("masked_column_in_filter"));
		}
		for (String sql : List.of("SELECT coalesce(email, 'x') FROM shop.customers", "SELECT max(email) FROM shop.customers",
				"SELECT (SELECT email FROM shop.customers LIMIT 1)", "SELECT email::text FROM shop.customers")) {
			assertThatThrownBy(() -> rewrite(sql)).as(sql)
				.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code().code()).isEqualTo("masked_column_in_expression"));
		}
	}

	@Test
	void namesThatCouldBindElsewhereAreRefused() {
		for (String sql : List.of("SELECT customers FROM shop.customers", "SELECT id FROM shop.customers c, shop.payments c",
				"SELECT id FROM shop.customers, shop.payments", "SELECT x.* FROM shop.customers",
				"SELECT nope.id FROM shop.customers c")) {
			String out = null;
			try { out = rewrite(sql); } catch (ApiException ex) { out = ex.code().code(); }
			assertThat(out).as(sql).isEqualTo("unresolved_name");
		}
		for (String sql : List.of("SELECT row_to_json(c.*) FROM shop.customers c", "SELECT * FROM generate_series(1, 3)",
				"SELECT * FROM shop.customers c, LATERAL (SELECT c.email) x", "SELECT * FROM shop.customers NATURAL JOIN shop.payments",
				"WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "SELECT @@version", "SELECT * FROM (VALUES (1)) v")) {
			assertThatThrownBy(() -> rewrite(sql)).as(sql).isInstanceOf(ApiException.class);
		}
	}
}
