package dev.coffer.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit details of decisions: complete counts, bounded lists, and a size that always fits the audit log. */
class DecisionAuditTest {

	private static final String SOURCE = "0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

	@Test
	void smallBatchesListEveryColumnWithItsDecidingPolicyMaskAndReason() {
		PolicyRef tag = new PolicyRef("tag", "0197a1b2-0000-7000-8000-000000000001", "pii-email");
		PolicyRef column = new PolicyRef("column", "0197a1b2-0000-7000-8000-000000000002", "ssn");
		List<AccessDecision> decisions = List.of(
				decision("email", "masked", MaskingType.EMAIL, tag, "analyst", "tag_policy"),
				decision("ssn", "null", MaskingType.NULL, null, null, "no_matching_role"),
				decision("name", "clear", MaskingType.NO_MASK, null, null, "unprotected"),
				decision("ssn2", "masked", MaskingType.LAST_FOUR, column, "*", "column_policy"));
		RowFilter filter = new RowFilter(new TableRef(SOURCE, "crm", "people"), new PolicyRef("row", "r1", "by-region"),
				"region", false, List.of("Secretland"), "allowed_values", "explained");
		JsonNode details = json(DecisionAudit.details(List.of("analyst"), decisions, List.of(filter)));

		assertThat(details.get("columns").asInt()).isEqualTo(4);
		assertThat(details.get("dispositions").toString()).isEqualTo("{\"clear\":1,\"masked\":2,\"null\":1}");
		assertThat(details.get("masking_types").toString()).isEqualTo("{\"email\":1,\"last_four\":1,\"no_mask\":1,\"null\":1}");
		assertThat(details.get("reasons").get("no_matching_role").asInt()).isEqualTo(1);
		assertThat(details.get("policies")).hasSize(2);
		assertThat(details.get("decisions")).hasSize(4);
		JsonNode first = details.get("decisions").get(0);
		assertThat(first.get("column").asString()).isEqualTo(SOURCE + "/crm.people.email");
		assertThat(first.get("policy_id").asString()).isEqualTo(tag.id());
		assertThat(first.get("policy_name").asString()).isEqualTo("pii-email");
		assertThat(first.get("policy_kind").asString()).isEqualTo("tag");
		assertThat(first.get("masking_type").asString()).isEqualTo("email");
		assertThat(first.get("reason").asString()).isEqualTo("tag_policy");
		assertThat(first.get("role").asString()).isEqualTo("analyst");
		assertThat(details.get("decisions").get(1).has("policy_id")).isFalse();
		assertThat(details.get("row_filters").get(0).get("rows").asString()).isEqualTo("filtered");
		assertThat(details.has("decisions_omitted")).isFalse();
		assertThat(details.toString()).as("allowed values are data").doesNotContain("Secretland");
	}

	@Test
	void largeBatchesKeepEveryCountButBoundTheListsAndTheSize() {
		String longName = "n".repeat(255);
		List<AccessDecision> decisions = new ArrayList<>();
		List<RowFilter> filters = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			PolicyRef policy = new PolicyRef("tag", String.format("0197a1b2-0000-7000-8000-%012d", i), "\"" + longName + i);
			decisions.add(new AccessDecision(new ColumnRef(SOURCE, longName, longName, longName + i), "masked",
					MaskingType.FULL_MASK, null, policy, longName, "tag_policy", "x", List.of(policy)));
			filters.add(new RowFilter(new TableRef(SOURCE, longName, longName + i), new PolicyRef("row", "r" + i, longName),
					"c", true, List.of(), "all_rows", "x"));
		}
		List<String> roles = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			roles.add("role-" + "r".repeat(58) + i);
		}
		Map<String, Object> map = DecisionAudit.details(roles, decisions, filters);
		String text = Api.JSON.writeValueAsString(map);
		assertThat(text.length()).isLessThanOrEqualTo(DecisionAudit.MAX_CHARS);
		assertThat(DecisionAudit.JsonLength.of(map)).as("the estimate is the length").isEqualTo(text.length());
		JsonNode details = json(map);
		assertThat(details.get("columns").asInt()).isEqualTo(1000);
		assertThat(details.get("dispositions").get("masked").asInt()).isEqualTo(1000);
		assertThat(details.get("roles")).hasSize(DecisionAudit.MAX_ROLES);
		assertThat(details.get("roles_count").asInt()).isEqualTo(100);
		assertThat(details.get("policies")).hasSize(DecisionAudit.MAX_POLICIES);
		assertThat(details.get("policies_omitted").asInt()).isEqualTo(990);
		int listed = details.get("decisions").size();
		assertThat(listed).isBetween(1, DecisionAudit.MAX_DECISIONS);
		assertThat(details.get("decisions_omitted").asInt()).isEqualTo(1000 - listed);
		assertThat(details.get("decisions").get(0).get("column").asString()).endsWith("~").hasSizeLessThan(250);
		int rows = details.has("row_filters") ? details.get("row_filters").size() : 0;
		assertThat(details.get("row_filters_omitted").asInt()).isEqualTo(1000 - rows);
	}

	private static AccessDecision decision(String column, String disposition, MaskingType type, PolicyRef policy,
			String role, String reason) {
		return new AccessDecision(new ColumnRef(SOURCE, "crm", "people", column), disposition, type, null, policy, role,
				reason, "explained", policy == null ? List.of() : List.of(policy));
	}

	private static JsonNode json(Map<String, Object> details) {
		return Api.JSON.readTree(Api.JSON.writeValueAsString(details));
	}
}
