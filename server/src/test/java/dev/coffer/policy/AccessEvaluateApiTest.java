package dev.coffer.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.policy.PolicyFixtures.column;
import static dev.coffer.policy.PolicyFixtures.columnPolicy;
import static dev.coffer.policy.PolicyFixtures.dataSource;
import static dev.coffer.policy.PolicyFixtures.rule;
import static dev.coffer.policy.PolicyFixtures.tagPolicy;
import static dev.coffer.policy.PolicyFixtures.unique;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The conflict rules of the decision engine, through {@code POST /api/v1/access/evaluate}. */
@ParameterizedClass
@EnumSource(TestStore.class)
class AccessEvaluateApiTest {

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	StaticColumnTags tags;

	String source;

	@BeforeEach
	void setUp() {
		this.server = PolicyTestServers.shared(this.store);
		this.admin = this.server.admin();
		this.tags = this.server.bean(StaticColumnTags.class);
		this.source = dataSource();
	}

	@Test
	void aColumnNoPolicyAppliesToIsClearAndSaysSo() {
		JsonNode decision = evaluate(List.of("analyst"), column(this.source, "s", "t", "free")).get(0);
		assertThat(decision.get("disposition").asString()).isEqualTo("clear");
		assertThat(decision.get("masking_type").asString()).isEqualTo("no_mask");
		assertThat(decision.get("reason").asString()).isEqualTo("unprotected");
		assertThat(decision.get("policy").isNull()).isTrue();
		assertThat(decision.get("applicable_policies")).isEmpty();
	}

	@Test
	void aRoleNamedInNoApplicablePolicyGetsNullWithTheReason() {
		String policy = columnPolicy(this.admin, List.of(column(this.source, "s", "t", "ssn")),
				List.of(rule("hr", "no_mask")));
		JsonNode decision = evaluate(List.of("analyst"), column(this.source, "s", "t", "ssn")).get(0);
		assertThat(decision.get("disposition").asString()).isEqualTo("null");
		assertThat(decision.get("masking_type").asString()).isEqualTo("null");
		assertThat(decision.get("reason").asString()).isEqualTo("no_matching_role");
		assertThat(decision.get("explanation").asString()).contains("analyst").contains("NULL");
		assertThat(decision.get("applicable_policies").get(0).get("id").asString()).isEqualTo(policy);
		assertThat(evaluate(List.of(), column(this.source, "s", "t", "ssn")).get(0).get("disposition").asString())
			.as("no roles at all").isEqualTo("null");
	}

	@Test
	void theMostPermissiveMaskWinsAcrossRolesAndPolicies() {
		Map<String, Object> ssn = column(this.source, "s", "t", "ssn");
		String strict = columnPolicy(this.admin, List.of(ssn), List.of(rule("analyst", "full_mask"), rule("support", 10003)));
		String lenient = columnPolicy(this.admin, List.of(ssn), List.of(rule("fraud", "email"), rule("support", "null")));
		JsonNode both = evaluate(List.of("analyst", "support"), ssn).get(0);
		assertThat(both.get("masking_type").asString()).isEqualTo("last_four");
		assertThat(both.get("masking_id").asInt()).isEqualTo(10003);
		assertThat(both.get("disposition").asString()).isEqualTo("masked");
		assertThat(both.get("policy").get("id").asString()).isEqualTo(strict);
		assertThat(both.get("role").asString()).isEqualTo("support");
		assertThat(both.get("reason").asString()).isEqualTo("column_policy");
		JsonNode three = evaluate(List.of("analyst", "support", "fraud"), ssn).get(0);
		assertThat(three.get("masking_type").asString()).as("email beats last_four").isEqualTo("email");
		assertThat(three.get("policy").get("id").asString()).isEqualTo(lenient);
		assertThat(three.get("applicable_policies")).hasSize(2);
		assertThat(evaluate(List.of("support"), ssn).get(0).get("masking_type").asString())
			.as("a policy's null does not beat another's mask").isEqualTo("last_four");
	}

	@Test
	void aColumnPolicyOverridesTagPoliciesOnItsColumn() {
		Map<String, Object> email = column(this.source, "crm", "contacts", "email");
		Map<String, Object> other = column(this.source, "crm", "contacts", "backup_email");
		String tag = unique("pii");
		tag(email, tag, "email");
		tag(other, tag, "email");
		String tagPolicy = tagPolicy(this.admin, tag, null, List.of(rule("analyst", "no_mask")));
		String columnPolicy = columnPolicy(this.admin, List.of(email), List.of(rule("analyst", "email_hash")));
		List<JsonNode> decisions = evaluate(List.of("analyst"), email, other);
		assertThat(decisions.get(0).get("masking_type").asString()).as("the stricter column policy still wins")
			.isEqualTo("email_hash");
		assertThat(decisions.get(0).get("policy").get("id").asString()).isEqualTo(columnPolicy);
		assertThat(decisions.get(0).get("applicable_policies")).hasSize(1);
		assertThat(decisions.get(1).get("masking_type").asString()).isEqualTo("no_mask");
		assertThat(decisions.get(1).get("disposition").asString()).isEqualTo("clear");
		assertThat(decisions.get(1).get("reason").asString()).isEqualTo("tag_policy");
		assertThat(decisions.get(1).get("policy").get("id").asString()).isEqualTo(tagPolicy);
	}

	@Test
	void wildcardColumnPoliciesCompeteWithTagPoliciesAndAnExactColumnPolicyOverridesBoth() {
		String tag = unique("pii");
		Map<String, Object> email = column(this.source, "crm", "people", "email");
		Map<String, Object> phone = column(this.source, "crm", "people", "phone");
		Map<String, Object> note = column(this.source, "crm", "people", "note");
		tag(email, tag, null);
		tag(phone, tag, null);
		String everything = columnPolicy(this.admin, List.of(column(this.source, "*", "*", "*")),
				List.of(rule("analyst", "full_mask")));
		String tagPolicy = tagPolicy(this.admin, tag, null, List.of(rule("analyst", "email")));
		String exact = columnPolicy(this.admin, List.of(phone, column(this.source, "crm", "*", "phone")),
				List.of(rule("analyst", "null"), rule("hr", "no_mask")));
		List<JsonNode> decisions = evaluate(List.of("analyst"), email, phone, note);

		assertThat(decisions.get(0).get("masking_type").asString()).as("the tag policy is more permissive than the wildcard")
			.isEqualTo("email");
		assertThat(decisions.get(0).get("reason").asString()).isEqualTo("tag_policy");
		assertThat(decisions.get(0).get("policy").get("id").asString()).isEqualTo(tagPolicy);
		List<String> applicable = new ArrayList<>();
		decisions.get(0).get("applicable_policies").forEach(ref -> applicable.add(ref.get("id").asString()));
		assertThat(applicable).containsExactlyInAnyOrder(everything, tagPolicy);

		assertThat(decisions.get(1).get("masking_type").asString()).as("the exact column policy overrides both")
			.isEqualTo("null");
		assertThat(decisions.get(1).get("reason").asString()).isEqualTo("column_policy");
		assertThat(decisions.get(1).get("policy").get("id").asString()).isEqualTo(exact);
		assertThat(decisions.get(1).get("applicable_policies")).hasSize(1);

		assertThat(decisions.get(2).get("masking_type").asString()).as("untagged: the wildcard alone").isEqualTo("full_mask");
		assertThat(decisions.get(2).get("policy").get("id").asString()).isEqualTo(everything);
		assertThat(decisions.get(2).get("reason").asString()).isEqualTo("column_policy");
	}

	@Test
	void aTagPolicyWithAValueMatchesOnlyThatValue() {
		String tag = unique("class");
		Map<String, Object> phone = column(this.source, "s", "t", "phone");
		Map<String, Object> mail = column(this.source, "s", "t", "mail");
		Map<String, Object> untagged = column(this.source, "s", "t", "note");
		tag(phone, tag, "Phone");
		tag(mail, tag, "email");
		tagPolicy(this.admin, tag, "PHONE", List.of(rule("analyst", "last_four")));
		tagPolicy(this.admin, tag, null, List.of(rule("analyst", "full_mask")));
		List<JsonNode> decisions = evaluate(List.of("analyst"), phone, mail, untagged);
		assertThat(decisions.get(0).get("masking_type").asString()).as("value matches, case-insensitively").isEqualTo("last_four");
		assertThat(decisions.get(0).get("applicable_policies")).hasSize(2);
		assertThat(decisions.get(1).get("masking_type").asString()).isEqualTo("full_mask");
		assertThat(decisions.get(1).get("applicable_policies")).hasSize(1);
		assertThat(decisions.get(2).get("reason").asString()).isEqualTo("unprotected");
	}

	@Test
	void wildcardsAndTheCatchAllRuleApplyAsDocumented() {
		columnPolicy(this.admin, List.of(column(this.source, "*", "people", "*")),
				List.of(rule("hr", "no_mask"), rule("*", "full_mask")));
		List<JsonNode> decisions = evaluate(List.of("analyst"), column(this.source, "EU", "People", "Name"),
				column(this.source, "us", "people", "dob"), column(this.source, "us", "orders", "id"));
		assertThat(decisions.get(0).get("masking_type").asString()).isEqualTo("full_mask");
		assertThat(decisions.get(0).get("role").asString()).isEqualTo("*");
		assertThat(decisions.get(0).get("column").get("schema").asString()).isEqualTo("eu");
		assertThat(decisions.get(1).get("masking_type").asString()).isEqualTo("full_mask");
		assertThat(decisions.get(2).get("reason").asString()).isEqualTo("unprotected");
		assertThat(evaluate(List.of("hr", "analyst"), column(this.source, "x", "people", "y")).get(0).get("masking_type")
			.asString()).as("a named role beats the catch-all of its own policy").isEqualTo("no_mask");
	}

	@Test
	void rowPoliciesGiveTheUnionOfTheRolesValuesAndNoRowsToOtherRoles() {
		Map<String, Object> table = Map.of("data_source_id", this.source, "schema", "sales", "table", "orders");
		String policy = PolicyFixtures.create(this.admin, "rows", Map.of("name", unique("region"), "table", table,
				"column", "region", "rules", List.of(Map.of("role", "emea", "values", List.of("DE", "FR")),
						Map.of("role", "dach", "values", List.of("DE", "AT", "CH")),
						Map.of("role", "admin", "values", List.of("*")))));
		Map<String, Object> amount = column(this.source, "sales", "orders", "amount");
		JsonNode both = tables(List.of("emea", "dach"), amount).get(0);
		assertThat(both.get("rows").asString()).isEqualTo("filtered");
		JsonNode filter = both.get("filters").get(0);
		assertThat(filter.get("policy").get("id").asString()).isEqualTo(policy);
		assertThat(filter.get("column").asString()).isEqualTo("region");
		List<String> values = new ArrayList<>();
		filter.get("values").forEach(value -> values.add(value.asString()));
		assertThat(values).containsExactlyInAnyOrder("DE", "FR", "AT", "CH");
		JsonNode none = tables(List.of("analyst"), amount).get(0);
		assertThat(none.get("rows").asString()).isEqualTo("none");
		assertThat(none.get("filters").get(0).get("reason").asString()).isEqualTo("no_matching_role");
		JsonNode all = tables(List.of("admin"), amount).get(0);
		assertThat(all.get("rows").asString()).isEqualTo("all");
		assertThat(all.get("filters").get(0).get("all_rows").asBoolean()).isTrue();
		JsonNode other = tables(List.of("emea"), column(this.source, "sales", "refunds", "x")).get(0);
		assertThat(other.get("rows").asString()).isEqualTo("all");
		assertThat(other.get("filters")).isEmpty();
	}

	@Test
	void aPrincipalIsEvaluatedWithTheRolesOfItsKeysAndTheCallerWithItsOwn() {
		Map<String, Object> salary = column(this.source, "hr", "pay", "salary");
		columnPolicy(this.admin, List.of(salary), List.of(rule("payroll", Map.of("type", "round", "round_to", 1000)),
				rule("steward", "full_mask_hash")));
		PolicyFixtures.Issued payroll = PolicyFixtures.key(this.server, List.of("tokenizer"), List.of("Payroll"));
		Api.Response forPrincipal = this.admin.post("/api/v1/access/evaluate",
				Map.of("principal", "service_account:" + payroll.principalId(), "columns", List.of(salary)));
		assertThat(forPrincipal.status()).as(forPrincipal.toString()).isEqualTo(200);
		assertThat(forPrincipal.field("principal")).isEqualTo(payroll.principalId());
		assertThat(forPrincipal.json().get("roles").toString()).contains("payroll", "tokenizer");
		assertThat(forPrincipal.json().get("columns").get(0).get("masking_type").asString()).isEqualTo("round");

		PolicyFixtures.Issued steward = PolicyFixtures.key(this.server, List.of("steward"), List.of());
		Api.Response self = steward.api().post("/api/v1/access/evaluate", Map.of("columns", List.of(salary)));
		assertThat(self.status()).as(self.toString()).isEqualTo(200);
		assertThat(self.json().get("columns").get(0).get("masking_type").asString()).isEqualTo("full_mask_hash");

		assertProblem(this.admin.post("/api/v1/access/evaluate", Map.of("principal", PolicyFixtures.dataSource(),
				"columns", List.of(salary))), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/access/evaluate", Map.of("principal", payroll.principalId(),
				"roles", List.of("x"), "columns", List.of(salary))), 400, "validation_failed");
		assertProblem(payroll.api().post("/api/v1/access/evaluate", Map.of("columns", List.of(salary))), 403,
				"permission_denied");
	}

	@Test
	void aChangeIsUsedAtOnceAndEveryEvaluationIsAuditedWithTheDecidingPolicies() {
		Map<String, Object> card = column(this.source, "pay", "cards", "pan");
		String role = unique("analyst");
		PolicyFixtures.Issued caller = PolicyFixtures.key(this.server, List.of("steward"), List.of());
		Map<String, Object> request = Map.of("roles", List.of(role), "columns", List.of(card));
		String first = columnPolicy(this.admin, List.of(card), List.of(rule(role, "full_mask")));
		assertThat(maskingType(caller.api().post("/api/v1/access/evaluate", request))).isEqualTo("full_mask");
		this.admin.put("/api/v1/policies/columns/" + first, Map.of("name", unique("cards"), "columns", List.of(card),
				"rules", List.of(rule(role, "last_four"))));
		assertThat(maskingType(caller.api().post("/api/v1/access/evaluate", request))).as("used at once")
			.isEqualTo("last_four");
		String second = columnPolicy(this.admin, List.of(card), List.of(rule(role, "email")));
		assertThat(maskingType(caller.api().post("/api/v1/access/evaluate", request))).isEqualTo("email");

		// this caller's evaluations only, in commit order
		JsonNode events = this.admin.get("/api/v1/audit/events?action=access.evaluated&actor=" + caller.principalId()
				+ "&limit=100").json().get("data");
		assertThat(events).hasSize(3);
		List<String> decidedBy = new ArrayList<>();
		long revision = -1;
		for (JsonNode event : events) {
			JsonNode details = Api.JSON.readTree(event.get("details").asString());
			assertThat(details.get("roles").toString()).isEqualTo("[\"" + role + "\"]");
			assertThat(details.get("dispositions").toString()).isEqualTo("{\"masked\":1}");
			assertThat(details.get("policy_revision").asLong()).isGreaterThan(revision);
			revision = details.get("policy_revision").asLong();
			decidedBy.add(details.get("policy_ids").toString());
		}
		assertThat(decidedBy).containsExactly("[\"column:" + first + "\"]", "[\"column:" + first + "\"]",
				"[\"column:" + second + "\"]");
	}

	@Test
	void theAuditEventNamesPerColumnTheDecidingPolicyMaskAndReasonAndStaysBoundedForTheLargestBatch() {
		PolicyFixtures.Issued caller = PolicyFixtures.key(this.server, List.of("steward"), List.of());
		String role = unique("analyst");
		String wildcard = columnPolicy(this.admin, List.of(column(this.source, "big", "t", "*")),
				List.of(rule(role, "full_mask")));
		String exact = columnPolicy(this.admin, List.of(column(this.source, "big", "t", "c0")), List.of(rule(role, "email")));
		List<Map<String, Object>> columns = new ArrayList<>();
		for (int i = 0; i < AccessEvaluateController.MAX_COLUMNS; i++) {
			columns.add(column(this.source, "big", "t", "c" + i + "_" + "x".repeat(200)));
		}
		columns.set(0, column(this.source, "big", "t", "c0"));
		Api.Response response = caller.api().post("/api/v1/access/evaluate", Map.of("roles", List.of(role), "columns", columns));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);

		JsonNode events = this.admin.get("/api/v1/audit/events?action=access.evaluated&actor=" + caller.principalId())
			.json().get("data");
		assertThat(events).hasSize(1);
		assertThat(events.get(0).get("details").asString().length()).isLessThan(8192);
		JsonNode details = Api.JSON.readTree(events.get(0).get("details").asString());
		assertThat(details.get("columns").asInt()).isEqualTo(1000);
		assertThat(details.get("masking_types").toString()).isEqualTo("{\"email\":1,\"full_mask\":999}");
		assertThat(details.get("reasons").toString()).isEqualTo("{\"column_policy\":1000}");
		assertThat(details.get("policies").get(0).get("id").asString()).as("most columns first").isEqualTo(wildcard);
		assertThat(details.get("policies").get(0).get("columns").asInt()).isEqualTo(999);
		JsonNode first = details.get("decisions").get(0);
		assertThat(first.get("column").asString()).isEqualTo(this.source + "/big.t.c0");
		assertThat(first.get("policy_id").asString()).isEqualTo(exact);
		assertThat(first.get("masking_type").asString()).isEqualTo("email");
		assertThat(first.get("reason").asString()).isEqualTo("column_policy");
		assertThat(first.get("role").asString()).isEqualTo(role);
		assertThat(details.get("decisions").get(1).get("policy_id").asString()).isEqualTo(wildcard);
		int listed = details.get("decisions").size();
		assertThat(listed).isBetween(2, DecisionAudit.MAX_DECISIONS);
		assertThat(details.get("decisions_omitted").asInt()).isEqualTo(1000 - listed);
		assertThat(details.get("policy_ids").toString()).contains(wildcard, exact);
	}

	private static String maskingType(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("columns").get(0).get("masking_type").asString();
	}

	@Test
	void detokenizeNeedsTheTokenPermissionToBeWrittenAndToApply() {
		Map<String, Object> pan = column(this.source, "pay", "cards", "pan_token");
		Map<String, Object> detokenize = Map.of("type", "detokenize", "token_format", "card");
		Api steward = PolicyFixtures.key(this.server, List.of("steward"), List.of()).api();
		Api.Response refused = steward.post("/api/v1/policies/columns", Map.of("name", unique("detok"), "columns",
				List.of(pan), "rules", List.of(rule("analyst", detokenize))));
		assertProblem(refused, 403, "permission_denied");
		assertThat(refused.field("permission")).isEqualTo("tokens:detokenize");
		Api.Response tokenize = steward.post("/api/v1/policies/tags", Map.of("name", unique("tok"), "tag", "pii",
				"rules", List.of(rule("analyst", Map.of("type", "tokenize", "token_format", "card")))));
		assertProblem(tokenize, 403, "permission_denied");
		assertThat(tokenize.field("permission")).isEqualTo("tokens:tokenize");
		assertThat(evaluate(List.of("analyst"), pan).get(0).get("reason").asString()).as("nothing stored")
			.isEqualTo("unprotected");

		Api detokenizingSteward = PolicyFixtures.key(this.server, List.of("steward", "detokenizer"), List.of()).api();
		String policy = columnPolicy(detokenizingSteward, List.of(pan), List.of(rule("analyst", detokenize)));
		assertProblem(steward.put("/api/v1/policies/columns/" + policy, Map.of("name", unique("detok"), "columns",
				List.of(pan), "rules", List.of(rule("analyst", detokenize), rule("bi", "full_mask")))), 403,
				"permission_denied");

		JsonNode analyst = evaluate(List.of("analyst"), pan).get(0);
		assertThat(analyst.get("masking_type").asString()).as("the token as stored, never the value").isEqualTo("no_mask");
		assertThat(analyst.get("reason").asString()).isEqualTo("detokenize_not_permitted");
		assertThat(analyst.get("policy").get("id").asString()).isEqualTo(policy);
		assertThat(analyst.get("explanation").asString()).contains("tokens:detokenize");
		JsonNode detokenizer = evaluate(List.of("analyst", "detokenizer"), pan).get(0);
		assertThat(detokenizer.get("masking_type").asString()).isEqualTo("detokenize");
		assertThat(detokenizer.get("reason").asString()).isEqualTo("column_policy");

		PolicyFixtures.Issued key = PolicyFixtures.key(this.server, List.of("detokenizer"), List.of("analyst"));
		Api.Response forKey = this.admin.post("/api/v1/access/evaluate",
				Map.of("principal", key.principalId(), "columns", List.of(pan)));
		assertThat(forKey.json().get("columns").get(0).get("masking_type").asString()).isEqualTo("detokenize");
		PolicyFixtures.Issued dataRoleOnly = PolicyFixtures.key(this.server, List.of("auditor"), List.of("analyst"));
		Api.Response self = dataRoleOnly.api().post("/api/v1/access/evaluate", Map.of("columns", List.of(pan)));
		assertThat(self.json().get("columns").get(0).get("reason").asString()).isEqualTo("detokenize_not_permitted");
	}

	@Test
	void aDamagedStoredPolicyGivesNullAndNoRowsInsteadOfFailingEveryEvaluation() throws InterruptedException {
		Map<String, Object> ssn = column(this.source, "hr", "people", "ssn");
		Map<String, Object> name = column(this.source, "hr", "people", "name");
		Map<String, Object> table = Map.of("data_source_id", this.source, "schema", "hr", "table", "people");
		String damaged = columnPolicy(this.admin, List.of(ssn), List.of(rule("analyst", "no_mask")));
		String intact = columnPolicy(this.admin, List.of(name), List.of(rule("analyst", "last_four")));
		String row = PolicyFixtures.create(this.admin, "rows", Map.of("name", unique("rows"), "table", table,
				"column", "region", "rules", List.of(Map.of("role", "analyst", "values", List.of("DE")))));
		String tag = tagPolicy(this.admin, unique("t"), null, List.of(rule("analyst", "no_mask")));
		Map<String, Object> request = Map.of("roles", List.of("analyst"), "columns", List.of(ssn, name));
		long before = this.admin.post("/api/v1/access/evaluate", request).json().get("policy_revision").asLong();
		try {
			damage("column_policies", damaged, "{\"columns\": [" + Api.JSON.writeValueAsString(ssn) + "], \"rules\": 5}");
			damage("row_policies", row, "{\"table\": " + Api.JSON.writeValueAsString(table)
					+ ", \"column\": \"region\", \"rules\": [{\"role\": \"analyst\", \"values\": {}}]}");
			damage("tag_policies", tag, "not json");
			this.server.jdbc().sql("UPDATE policy_revision SET revision = revision + 1 WHERE id = 1").update();

			// as another node's change: this node notices within its refresh interval (2 s)
			Api.Response response = null;
			for (int i = 0; i < 100; i++) {
				response = this.admin.post("/api/v1/access/evaluate", request);
				if (response.status() != 200 || response.json().get("policy_revision").asLong() > before) {
					break;
				}
				Thread.sleep(100);
			}
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.json().get("policy_revision").asLong()).isGreaterThan(before);
			JsonNode ssnDecision = response.json().get("columns").get(0);
			assertThat(ssnDecision.get("masking_type").asString()).as("no longer no_mask: NULL").isEqualTo("null");
			assertThat(ssnDecision.get("reason").asString()).isEqualTo("policy_unreadable");
			assertThat(ssnDecision.get("policy").get("id").asString()).isEqualTo(damaged);
			JsonNode nameDecision = response.json().get("columns").get(1);
			assertThat(nameDecision.get("masking_type").asString()).as("the others still decide").isEqualTo("last_four");
			assertThat(nameDecision.get("policy").get("id").asString()).isEqualTo(intact);
			JsonNode rows = response.json().get("tables").get(0);
			assertThat(rows.get("rows").asString()).isEqualTo("none");
			assertThat(rows.get("filters").get(0).get("reason").asString()).isEqualTo("policy_unreadable");

			for (String path : List.of("columns/" + damaged, "rows/" + row, "tags/" + tag)) {
				Api.Response shown = this.admin.get("/api/v1/policies/" + path);
				assertThat(shown.status()).as("GET of a damaged policy is no 500: " + shown).isEqualTo(200);
				assertThat(shown.json().get("definition_unreadable").asBoolean()).isTrue();
				assertThat(shown.json().get("rules").isNull()).isTrue();
			}
			assertThat(this.admin.get("/api/v1/policies/columns/" + intact).json().get("definition_unreadable").asBoolean())
				.isFalse();
			Api.Response listed = this.admin.get("/api/v1/policies/columns?limit=1000");
			assertThat(listed.status()).as("a list holding one is no 500 either").isEqualTo(200);
			assertThat(listed.body()).contains(damaged);
			Api.Response replaced = this.admin.put("/api/v1/policies/columns/" + damaged, Map.of("name", unique("fixed"),
					"columns", List.of(ssn), "rules", List.of(rule("analyst", "last_four"))));
			assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
			assertThat(replaced.json().get("definition_unreadable").asBoolean()).isFalse();
			assertThat(maskingType(this.admin.post("/api/v1/access/evaluate", request))).as("replaced: it decides again")
				.isEqualTo("last_four");
		}
		finally {
			this.admin.delete("/api/v1/policies/columns/" + damaged);
			this.admin.delete("/api/v1/policies/rows/" + row);
			this.admin.delete("/api/v1/policies/tags/" + tag);
		}
	}

	private void damage(String table, String id, String definition) {
		assertThat(this.server.jdbc().sql("UPDATE " + table + " SET definition = :definition WHERE id = :id")
			.param("definition", definition)
			.param("id", id)
			.update()).isEqualTo(1);
	}

	@Test
	void evaluationInputIsValidatedAndBounded() {
		assertProblem(this.admin.post("/api/v1/access/evaluate", Map.of("roles", List.of("a"))), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/access/evaluate", Map.of("roles", List.of("a"), "columns",
				List.of(column(this.source, "*", "t", "c")))), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/access/evaluate", Map.of("roles", List.of("no spaces"), "columns",
				List.of(column(this.source, "s", "t", "c")))), 400, "validation_failed");
		List<Map<String, Object>> many = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			many.add(column(this.source, "s", "t", "c" + i));
		}
		assertProblem(this.admin.post("/api/v1/access/evaluate", Map.of("roles", List.of("a"), "columns", many)), 413,
				"payload_too_large");
	}

	private void tag(Map<String, Object> column, String name, String value) {
		this.tags.put(new ColumnRef((String) column.get("data_source_id"), (String) column.get("schema"),
				(String) column.get("table"), (String) column.get("column")), new ColumnTag(name, value));
	}

	@SafeVarargs
	private List<JsonNode> evaluate(List<String> roles, Map<String, Object>... columns) {
		Map<String, Object> body = new HashMap<>();
		body.put("roles", roles);
		body.put("columns", List.of(columns));
		Api.Response response = this.admin.post("/api/v1/access/evaluate", body);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> decisions = new ArrayList<>();
		response.json().get("columns").forEach(decisions::add);
		return decisions;
	}

	private List<JsonNode> tables(List<String> roles, Map<String, Object> column) {
		Api.Response response = this.admin.post("/api/v1/access/evaluate", Map.of("roles", roles, "columns", List.of(column)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> tables = new ArrayList<>();
		response.json().get("tables").forEach(tables::add);
		return tables;
	}
}
