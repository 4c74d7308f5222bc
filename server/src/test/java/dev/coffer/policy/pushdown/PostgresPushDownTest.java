package dev.coffer.policy.pushdown;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Push-down applied for real: a PostgreSQL source database, column and row policies made through
 * the API, the script applied through the API, then the database queried as the restricted LOGIN
 * role itself: masked values equal to Coffer's own masks, only the allowed rows, the base table
 * refused. Names and values meant to break out of the generated SQL are part of the fixture.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPushDownTest {

	/** Breaks out of a single-quoted literal, with and without backslash escapes. */
	private static final String HOSTILE_VALUE = "EU'); DROP TABLE shop.customers; --\\";

	private static final String HOSTILE_COLUMN = "no\"te'; DROP TABLE shop.customers; --";

	private static final String HOSTILE_CONSTANT = "O'Brien\\'); DROP TABLE shop.customers; --";

	private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private final String analyst = "pd_analyst_" + this.suffix;

	private final String support = "pd support\"" + this.suffix;

	private String database;

	private TestServer server;

	private Api admin;

	private String dataSource;

	@BeforeAll
	void createSourceDatabase() throws SQLException {
		this.database = TestStore.createPostgresDatabase();
		try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA shop");
			statement.execute("CREATE TABLE shop.customers (id INT PRIMARY KEY, email VARCHAR(200), card VARCHAR(30), "
					+ "region VARCHAR(100), ssn TEXT, amount NUMERIC(10,2), " + Sql.pgIdent(HOSTILE_COLUMN) + " TEXT)");
			statement.execute("CREATE TABLE shop.open_table (id INT)");
			statement.execute("INSERT INTO shop.open_table VALUES (1)");
			statement.execute("CREATE ROLE " + Sql.pgIdent(this.analyst) + " LOGIN");
			statement.execute("CREATE ROLE " + Sql.pgIdent(this.support) + " LOGIN");
			// before push-down the analyst could read everything: push-down must take that away
			statement.execute("GRANT USAGE ON SCHEMA shop TO " + Sql.pgIdent(this.analyst));
			statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA shop TO " + Sql.pgIdent(this.analyst));
		}
		try (Connection connection = superuser();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO shop.customers VALUES (?, ?, ?, ?, ?, ?, ?)")) {
			String[] regions = { "EU", "US", "APAC", HOSTILE_VALUE, "EU", "US" };
			for (int i = 1; i <= regions.length; i++) {
				insert.setInt(1, i);
				insert.setString(2, "person" + i + "@example.com");
				insert.setString(3, "4111 1111 1111 " + (1110 + i));
				insert.setString(4, regions[i - 1]);
				insert.setString(5, "123-45-" + (6780 + i));
				insert.setBigDecimal(6, new java.math.BigDecimal(i * 1234 + ".56"));
				insert.setString(7, "note " + i);
				insert.addBatch();
			}
			insert.executeBatch();
		}
		this.server = TestServer.shared(TestStore.EMBEDDED);
		this.admin = this.server.admin();
		Api.Response created = this.admin.post("/api/v1/data-sources", Map.of("name", "pushdown-" + this.suffix, "type",
				"postgresql", "jdbc_url", TestStore.PG_URL + this.database, "username", TestStore.PG_USER, "password",
				TestStore.PG_PASSWORD));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.dataSource = created.field("id");
		String policyAnalyst = "analyst-" + this.suffix;
		String policySupport = "support-" + this.suffix;
		create("columns", Map.of("name", "pd-email-" + this.suffix, "columns", List.of(column("email")), "rules",
				List.of(rule(policyAnalyst, Map.of("type", "email")), rule(policySupport, Map.of("type", "no_mask")))));
		create("columns", Map.of("name", "pd-card-" + this.suffix, "columns", List.of(column("card")), "rules",
				List.of(rule(policyAnalyst, Map.of("type", "last_four")), rule("*", Map.of("type", "full_mask")))));
		create("columns", Map.of("name", "pd-ssn-" + this.suffix, "columns", List.of(column("ssn")), "rules",
				List.of(rule(policyAnalyst, Map.of("type", "full_mask_hash")))));
		create("columns", Map.of("name", "pd-amount-" + this.suffix + "'; DROP TABLE shop.customers; --", "columns",
				List.of(column("amount")), "rules", List.of(rule(policyAnalyst, Map.of("type", "round", "round_to", 1000)))));
		create("columns", Map.of("name", "pd-note-" + this.suffix, "columns", List.of(column(HOSTILE_COLUMN)), "rules",
				List.of(rule(policyAnalyst, Map.of("type", "constant", "constant", HOSTILE_CONSTANT)))));
		create("rows", Map.of("name", "pd-region-" + this.suffix, "table", Map.of("data_source_id", this.dataSource,
				"schema", "shop", "table", "customers"), "column", "region", "rules",
				List.of(Map.of("role", policyAnalyst, "values", List.of("EU", HOSTILE_VALUE)),
						Map.of("role", policySupport, "values", List.of("*")))));
	}

	@AfterAll
	void dropRoles() {
		try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
			for (String role : List.of(this.analyst, this.support)) {
				statement.execute("DROP OWNED BY " + Sql.pgIdent(role));
				statement.execute("DROP ROLE " + Sql.pgIdent(role));
			}
		}
		catch (SQLException ex) {
			// best effort: the roles have unique names
		}
	}

	@Test
	void appliedPushDownMasksColumnsFiltersRowsAndLocksTheBaseTableForTheRestrictedRole() throws SQLException {
		Api.Response generated = this.admin.post(pushDown(""), options());
		assertThat(generated.status()).as(generated.toString()).isEqualTo(200);
		String fingerprint = generated.field("fingerprint");
		assertThat(generated.json().get("tables").asInt()).isEqualTo(1);
		assertThat(generated.field("script")).contains("CREATE VIEW \"coffer_shop\".\"customers\"")
			.contains("ENABLE ROW LEVEL SECURITY")
			.doesNotContain("open_table");

		Api.Response applied = this.admin.post(pushDown("/apply"), withFingerprint(fingerprint));
		assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
		assertThat(applied.json().get("applied").asBoolean()).isTrue();

		List<List<Object>> rows = readAs(this.analyst, "SELECT id, email, card, region, ssn, amount, "
				+ Sql.pgIdent(HOSTILE_COLUMN) + " FROM coffer_shop.customers ORDER BY id");
		assertThat(rows).extracting(row -> row.get(0)).containsExactly(1, 4, 5);
		assertThat(rows.get(0).get(1)).isEqualTo(preview("email", "person1@example.com"));
		assertThat(rows.get(0).get(1)).isEqualTo("*******@example.com");
		assertThat(rows.get(0).get(2)).isEqualTo(preview("last_four", "4111 1111 1111 1111")).isEqualTo("***************1111");
		assertThat(rows.get(2).get(4)).as("the database's hash is Coffer's hash").isEqualTo(preview("full_mask_hash", "123-45-6785"));
		assertThat(rows.get(0).get(5)).isEqualTo(new java.math.BigDecimal("1000.00"));
		assertThat(rows.get(1).get(6)).as("the hostile constant is a value, nothing more").isEqualTo(HOSTILE_CONSTANT);
		assertThat(rows.get(1).get(3)).isEqualTo(HOSTILE_VALUE);

		assertThatThrownBy(() -> readAs(this.analyst, "SELECT email FROM shop.customers"))
			.isInstanceOfSatisfying(SQLException.class, ex -> assertThat(ex.getSQLState()).isEqualTo("42501"));

		List<List<Object>> supportRows = readAs(this.support, "SELECT id, email, card FROM coffer_shop.customers ORDER BY id");
		assertThat(supportRows).as("support sees every row, emails clear, cards by the '*' rule").hasSize(6);
		assertThat(supportRows.get(1).get(1)).isEqualTo("person2@example.com");
		assertThat(supportRows.get(1).get(2)).isEqualTo("*******************");
	}

	@Test
	void reapplyingReplacesWhatTheLastApplyMadeAndGivesTheSameResult() throws SQLException {
		for (int i = 0; i < 2; i++) {
			String fingerprint = this.admin.post(pushDown(""), options()).field("fingerprint");
			Api.Response applied = this.admin.post(pushDown("/apply"), withFingerprint(fingerprint));
			assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
		}
		assertThat(readAs(this.analyst, "SELECT id FROM coffer_shop.customers ORDER BY id")).extracting(row -> row.get(0))
			.containsExactly(1, 4, 5);
		assertThat(readAs(this.analyst, "SELECT count(*) FROM shop.open_table")).as("a table no policy covers: still readable")
			.containsExactly(List.of(1L));
		try (Connection connection = superuser(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*) FROM shop.customers")) {
			rs.next();
			assertThat(rs.getInt(1)).as("no hostile name or value ran as SQL").isEqualTo(6);
		}
	}

	@Test
	void applyingAnotherScriptThanTheReviewedOneChangesNothingAndIsAudited() {
		Api.Response refused = this.admin.post(pushDown("/apply"), withFingerprint("0".repeat(64)));
		assertProblem(refused, 409, "push_down_changed");
		String audit = this.admin.get("/api/v1/audit/events?limit=1000").body();
		assertThat(audit).contains("fingerprint_changed").contains("0".repeat(64));
	}

	@Test
	void applyingNeedsTheReviewedFingerprint() {
		Api.Response refused = this.admin.post(pushDown("/apply"), options());
		assertProblem(refused, 400, "validation_failed");
		assertThat(refused.body()).contains("expected_fingerprint");
	}

	@Test
	void theScriptPinsTheSearchPathAndALockTimeoutAndQualifiesEveryFunction() {
		Api.Response generated = this.admin.post(pushDown(""), options());
		assertThat(generated.json().get("statements").get(0).asString()).isEqualTo("SET LOCAL search_path = pg_catalog, pg_temp");
		assertThat(generated.json().get("statements").get(1).asString()).isEqualTo("SET LOCAL lock_timeout = '5s'");
		String script = generated.field("script");
		assertThat(script).contains("pg_catalog.pg_has_role(")
			.doesNotContainPattern("(?<![.a-z_])(pg_has_role|encode|sha256|convert_to|repeat|char_length|strpos|substr|round)\\(");
	}

	@Test
	void applyingForARoleTheDatabaseDoesNotHaveRollsBackAndSaysSo() {
		Map<String, Object> options = Map.of("role_map", Map.of("analyst-" + this.suffix, "no_such_role_" + this.suffix,
				"support-" + this.suffix, this.support));
		Api.Response generated = this.admin.post(pushDown(""), options);
		assertThat(generated.status()).isEqualTo(200);
		assertThat(generated.json().get("notes").toString()).contains("no_such_role_" + this.suffix);
		assertProblem(this.admin.post(pushDown("/apply"), Map.of("role_map", options.get("role_map"), "expected_fingerprint",
				generated.field("fingerprint"))), 422, "push_down_failed");
	}

	@Test
	void applyNeedsThePushDownPermissionWhichOnlyAdminsHold() {
		Api.Response account = this.admin.post("/api/v1/service-accounts", Map.of("name", "pd-steward-" + this.suffix));
		Api.Response key = this.admin.post("/api/v1/api-keys", Map.of("principal_id", account.field("id"), "roles",
				List.of("steward")));
		Api steward = this.admin.anonymous().bearer(key.field("bearer_token"));
		assertThat(steward.post(pushDown(""), options()).status()).as("stewards review the script").isEqualTo(200);
		assertProblem(steward.post(pushDown("/apply"), options()), 403, "permission_denied");
	}

	@Test
	void badOptionsAreRefusedWithTheirFields() {
		assertProblem(this.admin.post(pushDown(""), Map.of("target", "oracle")), 400, "validation_failed");
		assertProblem(this.admin.post(pushDown(""), Map.of("target", "snowflake")), 422, "push_down_unsupported");
		assertProblem(this.admin.post(pushDown(""), Map.of("view_schema_prefix", "x\"; DROP")), 400, "validation_failed");
		assertProblem(this.admin.post(pushDown(""), Map.of("roles", List.of("not a role!"))), 400, "validation_failed");
		for (String reserved : List.of("public", "PUBLIC", "pg_read_all_data", "current_user")) {
			Api.Response refused = this.admin.post(pushDown(""), Map.of("role_map", Map.of("analyst-" + this.suffix, reserved)));
			assertProblem(refused, 400, "validation_failed");
			assertThat(refused.body()).contains("role_map.analyst-" + this.suffix);
		}
	}

	private Map<String, Object> options() {
		return Map.of("role_map", Map.of("analyst-" + this.suffix, this.analyst, "support-" + this.suffix, this.support));
	}

	private Map<String, Object> withFingerprint(String fingerprint) {
		return Map.of("role_map", Map.of("analyst-" + this.suffix, this.analyst, "support-" + this.suffix, this.support),
				"expected_fingerprint", fingerprint);
	}

	private String pushDown(String tail) {
		return "/api/v1/data-sources/" + this.dataSource + "/push-down" + tail;
	}

	private Object preview(String type, String value) {
		Api.Response response = this.admin.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", type),
				"value_type", "text", "values", List.of(value)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("values").get(0).asString();
	}

	private void create(String kind, Map<String, Object> body) {
		Api.Response created = this.admin.post("/api/v1/policies/" + kind, body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	private Map<String, Object> column(String name) {
		return Map.of("data_source_id", this.dataSource, "schema", "shop", "table", "customers", "column",
				name.toLowerCase(Locale.ROOT));
	}

	private static Map<String, Object> rule(String role, Map<String, Object> masking) {
		return Map.of("role", role, "masking", masking);
	}

	private Connection superuser() throws SQLException {
		return DriverManager.getConnection(TestStore.PG_URL + this.database, TestStore.PG_USER, TestStore.PG_PASSWORD);
	}

	/** Rows of {@code sql}, logged in as {@code role} (trust authentication on localhost). */
	private List<List<Object>> readAs(String role, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(TestStore.PG_URL + this.database, role, "");
				Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			assertThat(connection.getMetaData().getUserName()).isEqualTo(role);
			List<List<Object>> rows = new ArrayList<>();
			while (rs.next()) {
				List<Object> row = new ArrayList<>();
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
					row.add(rs.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
	}
}
