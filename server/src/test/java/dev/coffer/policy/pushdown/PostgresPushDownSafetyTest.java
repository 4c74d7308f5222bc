package dev.coffer.policy.pushdown;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Push-down fails closed on a real PostgreSQL: each test sets up one database state under which the
 * generated views and policies could not enforce what Coffer enforces (a search_path hijack, a
 * restricted role that can still read the base table some other way, row-level security or a view
 * schema someone else set up, default privileges) and checks that the script still enforces it or
 * that applying is refused with nothing applied; and that users in several roles get exactly what
 * {@code /api/v1/access/evaluate} gives those roles. Every scenario has its own schema and data
 * source, so one's state cannot leak into another's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPushDownSafetyTest {

	private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	/** Database roles standing for the two Coffer roles, and users holding them. */
	private final String analyst = "sa_analyst_" + this.suffix;

	private final String contractor = "sa_contractor_" + this.suffix;

	private final String userAnalyst = "sa_u_a_" + this.suffix;

	private final String userContractor = "sa_u_c_" + this.suffix;

	private final String userBoth = "sa_u_ac_" + this.suffix;

	private final String policyAnalyst = "sa-analyst-" + this.suffix;

	private final String policyContractor = "sa-contractor-" + this.suffix;

	private final List<String> roles = new ArrayList<>();

	private String database;

	private Api admin;

	private int schemas;

	@BeforeAll
	void createRoles() throws SQLException {
		this.database = TestStore.createPostgresDatabase();
		execute("CREATE ROLE " + this.analyst, "CREATE ROLE " + this.contractor,
				"CREATE ROLE " + this.userAnalyst + " LOGIN IN ROLE " + this.analyst,
				"CREATE ROLE " + this.userContractor + " LOGIN IN ROLE " + this.contractor,
				"CREATE ROLE " + this.userBoth + " LOGIN IN ROLE " + this.analyst + ", " + this.contractor);
		this.roles.addAll(List.of(this.userAnalyst, this.userContractor, this.userBoth, this.analyst, this.contractor));
		this.admin = TestServer.shared(TestStore.EMBEDDED).admin();
	}

	@AfterAll
	void dropRoles() {
		for (String role : this.roles) {
			try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
				statement.execute("DROP OWNED BY " + role);
				statement.execute("DROP ROLE " + role);
			}
			catch (SQLException ex) {
				// best effort: the roles have unique names
			}
		}
	}

	@Test
	void aPgHasRolePlantedInPublicCannotUnmaskTheRestrictedRole() throws SQLException {
		Scenario scenario = scenario();
		execute("CREATE FUNCTION public.pg_has_role(text, text) RETURNS boolean AS 'select true' LANGUAGE sql");
		try {
			assertThat(scenario.apply().status()).isEqualTo(200);
			assertThat(readAs(this.userContractor, "SELECT email FROM " + scenario.view() + " ORDER BY id"))
				.as("contractors get NULL: the planted function is not the one the view calls")
				.isNotEmpty()
				.allSatisfy(row -> assertThat(row.get(0)).isNull());
		}
		finally {
			// CASCADE: had the view called the planted function, it would depend on it
			execute("DROP FUNCTION public.pg_has_role(text, text) CASCADE");
		}
	}

	@Test
	void aUserInSeveralMappedRolesSeesWhatCofferGivesThoseRolesTogether() throws SQLException {
		Scenario scenario = scenario();
		assertThat(scenario.apply().status()).isEqualTo(200);
		Map<String, List<String>> users = Map.of(this.userAnalyst, List.of(this.policyAnalyst), this.userContractor,
				List.of(this.policyContractor), this.userBoth, List.of(this.policyAnalyst, this.policyContractor));
		for (Map.Entry<String, List<String>> user : users.entrySet()) {
			Api.Response evaluated = this.admin.post("/api/v1/access/evaluate", Map.of("roles", user.getValue(), "columns",
					List.of(Map.of("data_source_id", scenario.dataSource, "schema", scenario.schema, "table", "customers",
							"column", "email"))));
			assertThat(evaluated.status()).as(evaluated.toString()).isEqualTo(200);
			String type = evaluated.json().get("columns").get(0).get("masking_type").asString();
			Object expected = type.equals("null") ? null : preview(type, "person1@example.com");
			assertThat(readAs(user.getKey(), "SELECT email FROM " + scenario.view() + " WHERE id = 1").get(0).get(0))
				.as(user.getValue() + " get " + type).isEqualTo(expected);
		}
		assertThat(readAs(this.userBoth, "SELECT email FROM " + scenario.view() + " WHERE id = 1").get(0).get(0))
			.as("the named contractor rule overrides the '*' rule: full_mask from the analysts' policy")
			.isEqualTo("*******************");
	}

	static Stream<Arguments> unsafeStates() {
		return Stream.of(
				Arguments.of("a group the mapped role inherits from can read the table",
						List.of("CREATE ROLE {grp}", "GRANT SELECT ON {s}.customers TO {grp}", "GRANT {grp} TO {analyst}"),
						"can act as role {grp}"),
				Arguments.of("a member can SET ROLE to a role that can read the table",
						List.of("CREATE ROLE {grp}", "GRANT SELECT ON {s}.customers TO {grp}",
								"CREATE ROLE {usr} LOGIN NOINHERIT IN ROLE {analyst}, {grp}"),
						"Database role {usr}"),
				Arguments.of("PUBLIC can read a column", List.of("GRANT SELECT (id) ON {s}.customers TO PUBLIC"),
						"could still read {s}.customers"),
				Arguments.of("pg_read_all_data", List.of("GRANT pg_read_all_data TO {contractor}"), "pg_read_all_data"),
				Arguments.of("the mapped role owns the table", List.of("ALTER TABLE {s}.customers OWNER TO {analyst}"), "owns it"),
				Arguments.of("a partition stays readable", List.of("CREATE TABLE {s}.orders (id int, region text) PARTITION BY "
						+ "LIST (region)", "CREATE TABLE {s}.orders_eu PARTITION OF {s}.orders FOR VALUES IN ('EU')",
						"GRANT SELECT ON {s}.orders, {s}.orders_eu TO {analyst}", "POLICY {s}.orders"), "{s}.orders_eu"),
				Arguments.of("row-level security Coffer did not set up", List.of("ALTER TABLE {s}.customers ENABLE ROW LEVEL "
						+ "SECURITY", "CREATE POLICY tenant ON {s}.customers USING (true)"), "Coffer did not make"),
				Arguments.of("row-level security turned on without policies", List.of("ALTER TABLE {s}.customers ENABLE ROW "
						+ "LEVEL SECURITY"), "already has row-level security"),
				Arguments.of("someone else's view schema", List.of("CREATE ROLE {grp}", "CREATE SCHEMA coffer_{s} AUTHORIZATION {grp}"),
						"owned by {grp}"),
				Arguments.of("a BYPASSRLS mapped role", List.of("ALTER ROLE {contractor} BYPASSRLS"), "BYPASSRLS"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unsafeStates")
	void applyingIsRefusedAndNothingAppliedWhenThePoliciesCouldNotBeEnforced(String state, List<String> setup, String reason)
			throws SQLException {
		Scenario scenario = scenario();
		String group = "sa_grp_" + this.schemas + "_" + this.suffix;
		String user = "sa_usr_" + this.schemas + "_" + this.suffix;
		this.roles.add(0, group);
		this.roles.add(0, user);
		try {
			for (String statement : setup) {
				String sql = statement.replace("{s}", scenario.schema).replace("{grp}", group).replace("{usr}", user)
					.replace("{analyst}", this.analyst).replace("{contractor}", this.contractor);
				if (sql.startsWith("POLICY ")) {
					scenario.rowPolicy(sql.substring("POLICY ".length()).split("\\.")[1]);
				}
				else {
					execute(sql);
				}
			}
			String expected = reason.replace("{s}", scenario.schema).replace("{grp}", group).replace("{usr}", user);
			Api.Response generated = scenario.generate();
			assertThat(generated.json().get("notes").toString()).as("the preview says so").contains(expected);
			Api.Response refused = scenario.apply(generated.field("fingerprint"));
			assertProblem(refused, 422, "push_down_unsafe");
			assertThat(refused.json().get("reasons").toString()).contains(expected);
			assertThat(exists("coffer_" + scenario.schema + ".customers")).as("nothing applied").isFalse();
		}
		finally {
			execute("ALTER ROLE " + this.contractor + " NOBYPASSRLS", "REVOKE pg_read_all_data FROM " + this.contractor);
		}
	}

	@Test
	void cofferRowSecurityIsRestrictiveAndLeavesOtherRolesAsTheyWere() throws SQLException {
		Scenario scenario = scenario();
		String auditor = "sa_auditor_" + this.suffix;
		this.roles.add(0, auditor);
		execute("CREATE ROLE " + auditor + " LOGIN", "GRANT USAGE ON SCHEMA " + scenario.schema + " TO " + auditor,
				"GRANT SELECT ON " + scenario.schema + ".customers TO " + auditor);
		assertThat(scenario.apply().status()).isEqualTo(200);
		List<List<Object>> policies = query("SELECT polname, polpermissive FROM pg_policy WHERE polrelid = '"
				+ scenario.schema + ".customers'::regclass ORDER BY polname");
		assertThat(policies).containsExactly(List.of("coffer_permit", true), List.of("coffer_rows", false));
		assertThat(readAs(auditor, "SELECT count(*) FROM " + scenario.schema + ".customers")).containsExactly(List.of(3L));
		assertThat(readAs(this.userAnalyst, "SELECT id FROM " + scenario.view() + " ORDER BY id")).containsExactly(List.of(1),
				List.of(2));
	}

	@Test
	void defaultPrivilegesCannotMakeTheViewWritable() throws SQLException {
		Scenario scenario = scenario();
		execute("CREATE SCHEMA coffer_" + scenario.schema, "ALTER DEFAULT PRIVILEGES IN SCHEMA coffer_" + scenario.schema
				+ " GRANT INSERT, UPDATE, DELETE ON TABLES TO " + this.analyst + ", PUBLIC");
		Api.Response generated = scenario.generate();
		assertThat(generated.field("script")).contains("REVOKE ALL ON \"coffer_" + scenario.schema + "\".\"customers\" FROM PUBLIC");
		assertThat(scenario.apply(generated.field("fingerprint")).status()).isEqualTo(200);
		assertThat(query("SELECT has_table_privilege('" + this.userAnalyst + "', '" + scenario.view() + "', 'UPDATE'), "
				+ "has_table_privilege('" + this.userAnalyst + "', '" + scenario.view() + "', 'SELECT')"))
			.containsExactly(List.of(false, true));
		assertThatThrownBy(() -> readAs(this.userAnalyst, "UPDATE " + scenario.view() + " SET id = id RETURNING id"))
			.isInstanceOfSatisfying(SQLException.class, ex -> assertThat(ex.getSQLState()).isEqualTo("42501"));
	}

	@Test
	void rowsAreComparedAsValuesWhateverTheSessionsFormats() throws SQLException {
		Scenario scenario = scenario();
		execute("CREATE TABLE " + scenario.schema + ".visits (id int, score double precision, day date)",
				"INSERT INTO " + scenario.schema + ".visits VALUES (1, 0.3, '2024-01-31'), (2, CAST(0.1 AS double precision) + CAST(0.2 AS double precision), '2024-01-31'), "
						+ "(3, 0.3, '2024-02-01')");
		create("rows", Map.of("name", "sa-score-" + scenario.schema, "table", scenario.table("visits"), "column", "score",
				"rules", List.of(Map.of("role", this.policyAnalyst, "values", List.of("0.3")))));
		create("rows", Map.of("name", "sa-day-" + scenario.schema, "table", scenario.table("visits"), "column", "day",
				"rules", List.of(Map.of("role", this.policyAnalyst, "values", List.of("2024-01-31")))));
		assertThat(scenario.apply().status()).isEqualTo(200);
		String view = "coffer_" + scenario.schema + ".visits";
		assertThat(readAs(this.userAnalyst, "SELECT id FROM " + view + " ORDER BY id")).containsExactly(List.of(1));
		// the JDBC driver insists on DateStyle ISO for its session: the other formats are set for one function's run
		execute("CREATE FUNCTION public.ids_" + scenario.schema + "() RETURNS SETOF int LANGUAGE sql SET extra_float_digits "
				+ "TO 0 SET \"DateStyle\" TO 'SQL, DMY' AS 'SELECT id FROM " + view + " ORDER BY id'");
		assertThat(readAs(this.userAnalyst, "SELECT * FROM public.ids_" + scenario.schema + "()"))
			.as("'0.30000000000000004' prints as 0.3 and dates as 31/01/2024 now: neither changes the rows")
			.containsExactly(List.of(1));
	}

	@Test
	void everyRoleThePoliciesNameIsGeneratedAndLeavingOneOutRefusesApplying() {
		Scenario scenario = scenario();
		Api.Response generated = this.admin.post(scenario.pushDown(""), Map.of("role_map", Map.of(this.policyAnalyst,
				this.analyst)));
		assertThat(generated.json().get("roles").toString()).as("role_map only maps; it does not narrow")
			.contains(this.policyContractor);
		Map<String, Object> narrowed = Map.of("roles", List.of(this.policyAnalyst), "role_map", scenario.roleMap());
		Api.Response preview = this.admin.post(scenario.pushDown(""), narrowed);
		assertThat(preview.json().get("notes").toString()).contains("not generated for: " + this.policyContractor);
		Api.Response refused = this.admin.post(scenario.pushDown("/apply"), Map.of("roles", List.of(this.policyAnalyst),
				"role_map", scenario.roleMap(), "expected_fingerprint", preview.field("fingerprint")));
		assertProblem(refused, 422, "push_down_unsafe");
	}

	/** A schema with table customers (3 rows), a data source on the database, and its policies. */
	private Scenario scenario() {
		String schema = "sa" + (++this.schemas) + "_" + this.suffix;
		try {
			execute("CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".customers (id int, email text, region text)",
					"INSERT INTO " + schema + ".customers VALUES (1, 'person1@example.com', 'EU'), "
							+ "(2, 'person2@example.com', 'US'), (3, 'person3@example.com', 'APAC')");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		Api.Response created = this.admin.post("/api/v1/data-sources", Map.of("name", "pd-safety-" + schema, "type",
				"postgresql", "jdbc_url", TestStore.PG_URL + this.database, "username", TestStore.PG_USER, "password",
				TestStore.PG_PASSWORD));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Scenario scenario = new Scenario(schema, created.field("id"));
		Map<String, Object> email = Map.of("data_source_id", scenario.dataSource, "schema", schema, "table", "customers",
				"column", "email");
		create("columns", Map.of("name", "sa-p-" + schema, "columns", List.of(email), "rules", List.of(
				Map.of("role", this.policyContractor, "masking", Map.of("type", "null")),
				Map.of("role", "*", "masking", Map.of("type", "no_mask")))));
		create("columns", Map.of("name", "sa-q-" + schema, "columns", List.of(email), "rules", List.of(
				Map.of("role", this.policyAnalyst, "masking", Map.of("type", "full_mask")))));
		scenario.rowPolicy("customers");
		return scenario;
	}

	private final class Scenario {

		final String schema;

		final String dataSource;

		Scenario(String schema, String dataSource) {
			this.schema = schema;
			this.dataSource = dataSource;
		}

		String view() {
			return "coffer_" + this.schema + ".customers";
		}

		Map<String, Object> table(String table) {
			return Map.of("data_source_id", this.dataSource, "schema", this.schema, "table", table);
		}

		void rowPolicy(String table) {
			create("rows", Map.of("name", "sa-rows-" + this.schema + "-" + table, "table", table(table), "column", "region",
					"rules", List.of(Map.of("role", PostgresPushDownSafetyTest.this.policyAnalyst, "values", List.of("EU", "US")),
							Map.of("role", PostgresPushDownSafetyTest.this.policyContractor, "values", List.of("*")))));
		}

		Map<String, String> roleMap() {
			return Map.of(PostgresPushDownSafetyTest.this.policyAnalyst, PostgresPushDownSafetyTest.this.analyst,
					PostgresPushDownSafetyTest.this.policyContractor, PostgresPushDownSafetyTest.this.contractor);
		}

		String pushDown(String tail) {
			return "/api/v1/data-sources/" + this.dataSource + "/push-down" + tail;
		}

		Api.Response generate() {
			Api.Response generated = PostgresPushDownSafetyTest.this.admin.post(pushDown(""), Map.of("role_map", roleMap()));
			assertThat(generated.status()).as(generated.toString()).isEqualTo(200);
			return generated;
		}

		Api.Response apply(String fingerprint) {
			return PostgresPushDownSafetyTest.this.admin.post(pushDown("/apply"), Map.of("role_map", roleMap(),
					"expected_fingerprint", fingerprint));
		}

		Api.Response apply() {
			Api.Response applied = apply(generate().field("fingerprint"));
			assertThat(applied.status()).as(applied.toString()).isIn(200, 422);
			return applied;
		}
	}

	private void create(String kind, Map<String, Object> body) {
		Api.Response created = this.admin.post("/api/v1/policies/" + kind, body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	private Object preview(String type, String value) {
		Api.Response response = this.admin.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", type),
				"value_type", "text", "values", List.of(value)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("values").get(0).asString();
	}

	private boolean exists(String relation) throws SQLException {
		return query("SELECT to_regclass('" + relation + "') IS NOT NULL").get(0).get(0).equals(Boolean.TRUE);
	}

	private void execute(String... statements) throws SQLException {
		try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private List<List<Object>> query(String sql) throws SQLException {
		try (Connection connection = superuser()) {
			return rows(connection, sql);
		}
	}

	private Connection superuser() throws SQLException {
		return DriverManager.getConnection(TestStore.PG_URL + this.database, TestStore.PG_USER, TestStore.PG_PASSWORD);
	}

	/** Rows of {@code sql}, logged in as {@code role} (trust authentication on localhost), after {@code setup}. */
	private List<List<Object>> readAs(String role, String... sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(TestStore.PG_URL + this.database, role, "")) {
			assertThat(connection.getMetaData().getUserName()).isEqualTo(role);
			try (Statement statement = connection.createStatement()) {
				for (int i = 0; i < sql.length - 1; i++) {
					statement.execute(sql[i]);
				}
			}
			return rows(connection, sql[sql.length - 1]);
		}
	}

	private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
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
