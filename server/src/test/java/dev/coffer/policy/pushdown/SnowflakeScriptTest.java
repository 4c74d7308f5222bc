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
 * SET MASKING POLICY ... FORCE, ALTER TABLE ... MODIFY COLUMN ... SET TAG / SET MASKING POLICY ...
 * FORCE, CREATE ROW ACCESS POLICY ... RETURNS BOOLEAN and ALTER TABLE ... ADD / DROP ALL ROW ACCESS
 * POLICIES.
 */
class SnowflakeScriptTest {

	static final String SOURCE = "0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

	private static final String IDENT = "\"(?:[^\"]|\"\")+\"";

	private static final String QUALIFIED = IDENT + "\\." + IDENT;

	private static final List<Pattern> DOCUMENTED = List.of(
			Pattern.compile("CREATE SCHEMA IF NOT EXISTS " + IDENT),
			Pattern.compile("CREATE TAG IF NOT EXISTS " + QUALIFIED),
			Pattern.compile("ALTER TABLE " + QUALIFIED + " MODIFY COLUMN " + IDENT + " SET TAG " + QUALIFIED + " = '(?:[^']|'')*'"),
			Pattern.compile("CREATE MASKING POLICY IF NOT EXISTS " + QUALIFIED + " AS \\(val [A-Z_]+\\) RETURNS [A-Z_]+ -> .+ "
					+ "COMMENT = '(?:[^']|'')*'", Pattern.DOTALL),
			Pattern.compile("ALTER MASKING POLICY " + QUALIFIED + " SET BODY -> .+", Pattern.DOTALL),
			Pattern.compile("ALTER TABLE " + QUALIFIED + " MODIFY COLUMN " + IDENT + " SET MASKING POLICY " + QUALIFIED + " FORCE"),
			Pattern.compile("ALTER TAG " + QUALIFIED + " SET MASKING POLICY " + QUALIFIED + "(?:, MASKING POLICY " + QUALIFIED
					+ ")* FORCE"),
			Pattern.compile("ALTER TABLE " + QUALIFIED + " DROP ALL ROW ACCESS POLICIES"),
			Pattern.compile("CREATE OR REPLACE ROW ACCESS POLICY " + QUALIFIED + " AS \\(c1 [A-Z_]+(?:, c[0-9]+ [A-Z_]+)*\\) "
					+ "RETURNS BOOLEAN -> .+ COMMENT = '(?:[^']|'')*'", Pattern.DOTALL),
			Pattern.compile("ALTER TABLE " + QUALIFIED + " ADD ROW ACCESS POLICY " + QUALIFIED + " ON \\(" + IDENT + "(?:, "
					+ IDENT + ")*\\)"));

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
	void rolesAreCheckedInSessionMostPermissiveFirstAndHashesAreSha2() {
		Script script = script();
		String emailTag = script.statements().stream()
			.filter(s -> s.startsWith("ALTER MASKING POLICY \"COFFER\".\"COFFER_TAG_PII_VARCHAR_"))
			.findFirst()
			.orElseThrow();
		assertThat(emailTag).contains("SYSTEM$GET_TAG_ON_CURRENT_COLUMN('COFFER.PII') = 'email'")
			.contains("WHEN IS_ROLE_IN_SESSION('REPORTING_SUPPORT') THEN val WHEN IS_ROLE_IN_SESSION('ANALYST') THEN")
			.contains("SHA2(val, 256)");
		assertThat(script.notes()).anyMatch(note -> note.contains("tokenize needs Coffer's token vault"));
	}

	@Test
	void hostileValuesStayInsideTheirLiterals() {
		String rows = script().statements().stream()
			.filter(s -> s.startsWith("CREATE OR REPLACE ROW ACCESS POLICY"))
			.findFirst()
			.orElseThrow();
		assertThat(rows).contains("'O''Brien\\\\'' OR TRUE --'");
		assertThat(Sql.sfLiteral("a'b\\")).isEqualTo("'a''b\\\\'");
		assertThat(Sql.sfIdent("we\"ird")).isEqualTo("\"we\"\"ird\"");
	}

	static Script script() {
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
				(schema, table) -> table.equals("CUSTOMERS") ? customerTags : Map.of(),
				List.of(new RoleMapping("analyst", "analyst"), new RoleMapping("support", "REPORTING_SUPPORT")));
		return new SnowflakeScript("coffer").render(plan, policies);
	}
}
