package dev.coffer.policy.pushdown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.coffer.policy.ColumnRef;
import dev.coffer.policy.ColumnTag;
import dev.coffer.policy.PushDownFixtures;
import dev.coffer.policy.PushDownPolicies;
import dev.coffer.policy.TableRef;
import dev.coffer.policy.pushdown.PushDownPlan.RoleMapping;

import static dev.coffer.policy.PushDownFixtures.mask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Snowflake script cannot run here, so its exact text is checked: against a reviewed golden
 * file ({@code snowflake.sql}; rewrite it with {@code -Dcoffer.test.write-golden=true} after a
 * deliberate change, and review the diff), and statement by statement against the syntax Snowflake
 * documents for CREATE MASKING POLICY, ALTER MASKING POLICY ... SET BODY, CREATE TAG, ALTER TAG ...
 * SET MASKING POLICY ... FORCE, ALTER TABLE ... MODIFY COLUMN ... SET TAG / SET MASKING POLICY
 * [FORCE] / UNSET MASKING POLICY, CREATE ROW ACCESS POLICY IF NOT EXISTS ... RETURNS BOOLEAN, ALTER
 * ROW ACCESS POLICY ... SET BODY, ALTER TABLE ... ADD ROW ACCESS POLICY / DROP ROW ACCESS POLICY ...,
 * ADD ROW ACCESS POLICY ... and DROP ROW ACCESS POLICY IF EXISTS.
 */
class SnowflakeScriptTest {

	static final String SOURCE = "0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

	private static final String IDENT = "\"(?:[^\"]|\"\")+\"";

	private static final String QUALIFIED = IDENT + "\\." + IDENT;

	/** An existing policy's name, with its database. */
	private static final String QUALIFIED_3 = IDENT + "\\." + IDENT + "\\." + IDENT;

	private static final List<Pattern> DOCUMENTED = List.of(
			Pattern.compile("CREATE SCHEMA IF NOT EXISTS " + IDENT),
			Pattern.compile("CREATE TAG IF NOT EXISTS " + QUALIFIED),
			Pattern.compile("ALTER TABLE " + QUALIFIED + " MODIFY COLUMN " + IDENT + " SET TAG " + QUALIFIED + " = '(?:[^']|'')*'"),
			Pattern.compile("CREATE MASKING POLICY IF NOT EXISTS " + QUALIFIED + " AS \\(val [A-Z_]+\\) RETURNS [A-Z_]+ -> .+ "
					+ "COMMENT = '(?:[^']|'')*'", Pattern.DOTALL),
			Pattern.compile("ALTER MASKING POLICY " + QUALIFIED + " SET BODY -> .+", Pattern.DOTALL),
			Pattern.compile("ALTER TABLE " + QUALIFIED + " MODIFY COLUMN " + IDENT + " SET MASKING POLICY " + QUALIFIED
					+ "(?: FORCE)?"),
			Pattern.compile("ALTER TABLE " + QUALIFIED + " MODIFY COLUMN " + IDENT + " UNSET MASKING POLICY"),
			Pattern.compile("ALTER TAG " + QUALIFIED + " SET MASKING POLICY " + QUALIFIED + "(?:, MASKING POLICY " + QUALIFIED
					+ ")* FORCE"),
			Pattern.compile("CREATE ROW ACCESS POLICY IF NOT EXISTS " + QUALIFIED + " AS \\(c1 [A-Z_]+(?:, c[0-9]+ [A-Z_]+)*\\) "
					+ "RETURNS BOOLEAN -> .+ COMMENT = '(?:[^']|'')*'", Pattern.DOTALL),
			Pattern.compile("ALTER ROW ACCESS POLICY " + QUALIFIED + " SET BODY -> .+", Pattern.DOTALL),
			Pattern.compile("ALTER TABLE " + QUALIFIED + "(?: DROP ROW ACCESS POLICY " + QUALIFIED_3 + ",)? ADD ROW ACCESS POLICY "
					+ QUALIFIED + " ON \\(" + IDENT + "(?:, " + IDENT + ")*\\)"),
			Pattern.compile("DROP ROW ACCESS POLICY IF EXISTS " + QUALIFIED_3));

	@Test
	void scriptIsTheReviewedGoldenText() throws IOException {
		Script script = script();
		Path golden = Path.of("src/test/resources/dev/coffer/policy/pushdown/snowflake.sql");
		if (Boolean.getBoolean("coffer.test.write-golden")) {
			Files.writeString(golden, script.text());
		}
		try (InputStream in = getClass().getResourceAsStream("snowflake.sql")) {
			assertThat(script.text()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	@Test
	void everyStatementHasADocumentedShape() {
		for (String statement : script().statements()) {
			assertThat(DOCUMENTED).as(statement).anyMatch(pattern -> pattern.matcher(statement).matches());
		}
	}

	@Test
	void rulesAreCheckedInTheEnginesOrderAndHashesAreSha2() {
		Script script = script();
		String emailTag = script.statements().stream()
			.filter(s -> s.startsWith("ALTER MASKING POLICY \"COFFER\".\"COFFER_TAG_PII_VARCHAR_"))
			.findFirst()
			.orElseThrow();
		assertThat(emailTag).contains("SYSTEM$GET_TAG_ON_CURRENT_COLUMN('COFFER.PII') = 'email'")
			.contains("WHEN (IS_ROLE_IN_SESSION('REPORTING_SUPPORT')) THEN val WHEN (IS_ROLE_IN_SESSION('ANALYST')) THEN")
			.contains("SHA2(val, 256)");
		assertThat(script.notes()).anyMatch(note -> note.contains("tokenize needs Coffer's token vault"));
	}

	@Test
	void aUserInSeveralRolesGetsTheEnginesMaskNotTheLoosestOfEachRoleAlone() {
		// P gives contractors NULL and everyone else the value; Q gives analysts full_mask. The engine gives a
		// user holding both roles full_mask (P's named rule overrides its '*'); each role alone would give no_mask.
		Map<String, Map<String, Object>> p = new LinkedHashMap<>();
		p.put("contractor", mask("null"));
		p.put("*", mask("no_mask"));
		PushDownPolicies policies = PushDownFixtures.revision(7)
			.columnPolicy("p", List.of(new ColumnRef(SOURCE, "shop", "customers", "email")), p)
			.columnPolicy("q", List.of(new ColumnRef(SOURCE, "shop", "customers", "email")), Map.of("analyst", mask("full_mask")))
			.build();
		PushDownPlan plan = PushDownPlan.of(policies, SOURCE, List.of(new SourceColumn("SHOP", "CUSTOMERS", "EMAIL", "TEXT",
				TypeFamily.TEXT)), (schema, table) -> Map.of())
			.withRoles(List.of(new RoleMapping("analyst", "analyst"), new RoleMapping("contractor", "contractor")));
		String body = new SnowflakeScript("coffer").render(plan, policies, SnowflakeExisting.none()).statements().stream()
			.filter(s -> s.startsWith("ALTER MASKING POLICY"))
			.findFirst()
			.orElseThrow();
		assertThat(body).endsWith("SET BODY -> CASE WHEN NOT (IS_ROLE_IN_SESSION('CONTRACTOR')) THEN val "
				+ "WHEN (IS_ROLE_IN_SESSION('ANALYST')) THEN REPEAT('*', LENGTH(val)) ELSE NULL END");
	}

	@Test
	void tagsMaskEveryColumnTypeAndAColumnOfAnotherTypeGetsItsOwnPolicy() {
		assertThat(SnowflakeScript.TAG_TYPES).contains("VARIANT", "OBJECT", "ARRAY", "BINARY", "TIME", "GEOGRAPHY", "GEOMETRY");
		Map<String, Map<String, Object>> pii = new LinkedHashMap<>();
		pii.put("analyst", mask("no_mask"));
		pii.put("*", mask("full_mask"));
		PushDownPolicies policies = PushDownFixtures.revision(7).tagPolicy("pii", "pii", null, pii).build();
		PushDownPlan plan = PushDownPlan.of(policies, SOURCE, List.of(new SourceColumn("SHOP", "EVENTS", "PAYLOAD", "VARIANT",
				TypeFamily.OTHER), new SourceColumn("SHOP", "EVENTS", "EMBEDDING", "VECTOR", TypeFamily.OTHER)),
				(schema, table) -> Map.of("PAYLOAD", List.of(new ColumnTag("pii", null)), "EMBEDDING",
						List.of(new ColumnTag("pii", null))))
			.withRoles(List.of(new RoleMapping("analyst", "analyst")));
		List<String> statements = new SnowflakeScript("coffer").render(plan, policies, SnowflakeExisting.none()).statements();
		assertThat(statements).anyMatch(s -> s.startsWith("CREATE MASKING POLICY IF NOT EXISTS \"COFFER\".\"COFFER_TAG_PII_VARIANT_")
				&& s.contains("AS (val VARIANT) RETURNS VARIANT -> CASE WHEN (IS_ROLE_IN_SESSION('ANALYST')) THEN val ELSE NULL END"));
		assertThat(statements).as("no tag policy matches VECTOR: the column gets its own")
			.anyMatch(s -> s.matches("ALTER TABLE \"SHOP\".\"EVENTS\" MODIFY COLUMN \"EMBEDDING\" SET MASKING POLICY "
					+ "\"COFFER\".\"COFFER_MASK_EVENTS_EMBEDDING_[0-9A-F]{8}\""))
			.noneMatch(s -> s.contains("MODIFY COLUMN \"PAYLOAD\" SET MASKING POLICY"));
	}

	@Test
	void rowAccessPoliciesAreMadeFirstThenSwappedInOneStatementAndForeignOnesAreKept() {
		List<String> statements = script().statements();
		int create = indexOf(statements, "CREATE ROW ACCESS POLICY IF NOT EXISTS \"COFFER\".\"COFFER_ROWS_ORDERS_");
		int swap = indexOf(statements, "ALTER TABLE \"SHOP\".\"ORDERS\" DROP ROW ACCESS POLICY \"DB\".\"COFFER\"."
				+ "\"COFFER_ROWS_ORDERS_42C04547\", ADD ROW ACCESS POLICY \"COFFER\".\"COFFER_ROWS_ORDERS_");
		assertThat(create).isNotNegative().isLessThan(swap);
		assertThat(statements).noneMatch(s -> s.contains("DROP ALL ROW ACCESS POLICIES"))
			.contains("DROP ROW ACCESS POLICY IF EXISTS \"DB\".\"COFFER\".\"COFFER_ROWS_ORDERS_42C04547\"");

		Script foreign = script(new SnowflakeExisting(true, Map.of(SnowflakeExisting.key("SHOP", "ORDERS"),
				new SnowflakeExisting.Policy("DB", "GOVERNANCE", "ORDERS_BY_TENANT")), Map.of()));
		assertThat(foreign.statements()).noneMatch(s -> s.contains("ORDERS_BY_TENANT"))
			.noneMatch(s -> s.startsWith("ALTER TABLE \"SHOP\".\"ORDERS\""));
		assertThat(foreign.notes()).anyMatch(note -> note.contains("\"DB\".\"GOVERNANCE\".\"ORDERS_BY_TENANT\"")
				&& note.contains("Coffer did not make"));
	}

	@Test
	void maskingPoliciesReplaceOnlyCoffersOwnAndNeverForceOverAnotherOne() {
		Script script = script();
		assertThat(script.statements()).as("a foreign policy on AMOUNT stays")
			.noneMatch(s -> s.contains("MODIFY COLUMN \"AMOUNT\" SET MASKING POLICY"));
		assertThat(script.notes()).anyMatch(note -> note.contains("\"DB\".\"GOVERNANCE\".\"AMOUNT_MASK\""));
		assertThat(script.statements()).as("Coffer's own policy on CARD_NUMBER is already set: only its body changes")
			.noneMatch(s -> s.contains("MODIFY COLUMN \"CARD_NUMBER\" SET MASKING POLICY"));

		Script fresh = script(SnowflakeExisting.none());
		assertThat(fresh.statements()).anyMatch(s -> s.matches(".*MODIFY COLUMN \"AMOUNT\" SET MASKING POLICY \"COFFER\"\\.\"[A-Z0-9_]+\""))
			.noneMatch(s -> s.contains("SET MASKING POLICY") && s.startsWith("ALTER TABLE") && s.endsWith("FORCE"));
		Script unknown = script(SnowflakeExisting.unknown());
		assertThat(unknown.statements()).noneMatch(s -> s.startsWith("ALTER TABLE") && s.endsWith("FORCE"));
		assertThat(unknown.notes()).anyMatch(note -> note.contains("could not be read"));
	}

	@Test
	void rowValuesAreComparedAsTypedValuesNotAsSessionFormattedText() {
		PushDownPolicies policies = PushDownFixtures.revision(7)
			.rowPolicy("by-day", new TableRef(SOURCE, "shop", "visits"), "day", Map.of("analyst", List.of("2024-01-31", "31/01/2024")))
			.rowPolicy("by-score", new TableRef(SOURCE, "shop", "visits"), "score", Map.of("analyst", List.of("0.3")))
			.build();
		PushDownPlan plan = PushDownPlan.of(policies, SOURCE, List.of(new SourceColumn("SHOP", "VISITS", "DAY", "DATE",
				TypeFamily.DATE), new SourceColumn("SHOP", "VISITS", "SCORE", "FLOAT", TypeFamily.NUMBER)), (schema, table) -> Map.of())
			.withRoles(List.of(new RoleMapping("analyst", "analyst")));
		Script script = new SnowflakeScript("coffer").render(plan, policies, SnowflakeExisting.none());
		String rows = script.statements().stream().filter(s -> s.startsWith("CREATE ROW ACCESS POLICY")).findFirst().orElseThrow();
		assertThat(rows).contains("c1 IN (TO_DATE('2024-01-31', 'YYYY-MM-DD'))").contains("c2 IN (0.3)").doesNotContain("TO_VARCHAR");
		assertThat(script.notes()).anyMatch(note -> note.contains("1 allowed value(s) are not values of SHOP.VISITS.DAY"));
	}

	@Test
	void hostileValuesStayInsideTheirLiterals() {
		String rows = script().statements().stream()
			.filter(s -> s.startsWith("CREATE ROW ACCESS POLICY"))
			.findFirst()
			.orElseThrow();
		assertThat(rows).contains("'O''Brien\\\\'' OR TRUE --'");
		assertThat(Sql.sfLiteral("a'b\\")).isEqualTo("'a''b\\\\'");
		assertThat(Sql.sfIdent("we\"ird")).isEqualTo("\"we\"\"ird\"");
	}

	private static int indexOf(List<String> statements, String prefix) {
		for (int i = 0; i < statements.size(); i++) {
			if (statements.get(i).startsWith(prefix)) {
				return i;
			}
		}
		return -1;
	}

	/** The reviewed fixture, on tables where Coffer's earlier row access policy, its own column policy and a foreign one are set. */
	static Script script() {
		return script(new SnowflakeExisting(true,
				Map.of(SnowflakeExisting.key("SHOP", "ORDERS"), new SnowflakeExisting.Policy("DB", "COFFER", "COFFER_ROWS_ORDERS_42C04547")),
				Map.of(SnowflakeExisting.key("SHOP", "PAYMENTS", "AMOUNT"), new SnowflakeExisting.Policy("DB", "GOVERNANCE", "AMOUNT_MASK"),
						SnowflakeExisting.key("SHOP", "PAYMENTS", "CARD_NUMBER"),
						new SnowflakeExisting.Policy("DB", "COFFER", "COFFER_MASK_PAYMENTS_CARD_NUMBER_7E6E5619"))));
	}

	static Script script(SnowflakeExisting existing) {
		Map<String, Map<String, Object>> card = new LinkedHashMap<>();
		card.put("analyst", mask("last_four"));
		card.put("*", mask("full_mask"));
		Map<String, Map<String, Object>> amount = new LinkedHashMap<>();
		amount.put("analyst", mask("round", "round_to", 100));
		amount.put("support", mask("tokenize", "token_format", "card"));
		Map<String, Map<String, Object>> pii = new LinkedHashMap<>();
		pii.put("analyst", mask("email_hash"));
		pii.put("*", mask("full_mask"));
		Map<String, Map<String, Object>> email = new LinkedHashMap<>();
		email.put("analyst", mask("email"));
		email.put("support", mask("no_mask"));
		Map<String, List<String>> region = new LinkedHashMap<>();
		region.put("analyst", List.of("EU", "O'Brien\\' OR TRUE --"));
		region.put("support", List.of("*"));
		PushDownPolicies policies = PushDownFixtures.revision(42)
			.columnPolicy("card-last-four", List.of(new ColumnRef(SOURCE, "shop", "payments", "card_number")), card)
			.columnPolicy("amounts", List.of(new ColumnRef(SOURCE, "*", "payments", "amount")), amount)
			.tagPolicy("pii-any", "pii", null, pii)
			.tagPolicy("pii-email", "pii", "email", email)
			.rowPolicy("orders-by-region", new TableRef(SOURCE, "shop", "orders"), "region", region)
			.build();
		List<SourceColumn> columns = List.of(
				new SourceColumn("SHOP", "CUSTOMERS", "ID", "NUMBER", TypeFamily.NUMBER),
				new SourceColumn("SHOP", "CUSTOMERS", "EMAIL", "TEXT", TypeFamily.TEXT),
				new SourceColumn("SHOP", "CUSTOMERS", "PHONE", "TEXT", TypeFamily.TEXT),
				new SourceColumn("SHOP", "PAYMENTS", "CARD_NUMBER", "TEXT", TypeFamily.TEXT),
				new SourceColumn("SHOP", "PAYMENTS", "AMOUNT", "NUMBER", TypeFamily.NUMBER),
				new SourceColumn("SHOP", "ORDERS", "ID", "NUMBER", TypeFamily.NUMBER),
				new SourceColumn("SHOP", "ORDERS", "REGION", "TEXT", TypeFamily.TEXT));
		Map<String, List<ColumnTag>> customerTags = Map.of("EMAIL", List.of(new ColumnTag("PII", "email")), "PHONE",
				List.of(new ColumnTag("PII", null)));
		PushDownPlan plan = PushDownPlan.of(policies, SOURCE, columns,
				(schema, table) -> table.equals("CUSTOMERS") ? customerTags : Map.of())
			.withRoles(List.of(new RoleMapping("analyst", "analyst"), new RoleMapping("support", "REPORTING_SUPPORT")));
		return new SnowflakeScript("coffer").render(plan, policies, existing);
	}
}
