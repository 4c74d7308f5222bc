package dev.coffer.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static dev.coffer.policy.PolicyFixtures.column;
import static dev.coffer.policy.PolicyFixtures.columnPolicy;
import static dev.coffer.policy.PolicyFixtures.dataSource;
import static dev.coffer.policy.PolicyFixtures.rule;
import static dev.coffer.policy.PolicyFixtures.tagPolicy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production server as it is until the catalog is wired in (no {@code StaticColumnTags}): it
 * cannot read column tags, so while tag policies exist it hides every column no column policy names
 * exactly instead of showing it clear.
 */
class TagsUnavailableTest {

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.builder().start();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void whileTagPoliciesExistAColumnWithUnknownTagsIsNullUnlessAColumnPolicyNamesItExactly() {
		Api admin = server.admin();
		String source = dataSource();
		Map<String, Object> email = column(source, "crm", "people", "email");
		Map<String, Object> phone = column(source, "crm", "people", "phone");
		Map<String, Object> note = column(source, "crm", "people", "note");
		assertThat(decisions(admin, email).get(0).get("reason").asString()).as("no tag policy yet: tags do not matter")
			.isEqualTo("unprotected");

		String tag = tagPolicy(admin, "pii", null, List.of(rule("analyst", "email")));
		String exact = columnPolicy(admin, List.of(phone), List.of(rule("analyst", "last_four")));
		String wildcard = columnPolicy(admin, List.of(column(source, "crm", "people", "*")),
				List.of(rule("analyst", "no_mask")));
		List<JsonNode> decisions = decisions(admin, email, phone, note);
		for (JsonNode unknown : List.of(decisions.get(0), decisions.get(2))) {
			assertThat(unknown.get("disposition").asString()).isEqualTo("null");
			assertThat(unknown.get("masking_type").asString()).isEqualTo("null");
			assertThat(unknown.get("reason").asString()).as("not the wildcard's no_mask").isEqualTo("tags_unavailable");
			assertThat(unknown.get("policy").isNull()).isTrue();
			assertThat(unknown.get("applicable_policies").get(0).get("id").asString()).isEqualTo(wildcard);
		}
		assertThat(decisions.get(1).get("masking_type").asString()).as("an exact column policy needs no tags")
			.isEqualTo("last_four");

		assertThat(admin.delete("/api/v1/policies/tags/" + tag).status()).isEqualTo(204);
		List<JsonNode> after = decisions(admin, email, phone, note);
		assertThat(after.get(0).get("masking_type").asString()).as("no tag policy left: the wildcard decides")
			.isEqualTo("no_mask");
		assertThat(after.get(0).get("reason").asString()).isEqualTo("column_policy");
		admin.delete("/api/v1/policies/columns/" + exact);
		admin.delete("/api/v1/policies/columns/" + wildcard);
	}

	@SafeVarargs
	private static List<JsonNode> decisions(Api admin, Map<String, Object>... columns) {
		Api.Response response = admin.post("/api/v1/access/evaluate",
				Map.of("roles", List.of("analyst"), "columns", List.of(columns)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> decisions = new ArrayList<>();
		response.json().get("columns").forEach(decisions::add);
		return decisions;
	}
}
