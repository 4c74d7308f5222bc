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
import dev.coffer.support.TestStore;

import static dev.coffer.policy.PolicyFixtures.column;
import static dev.coffer.policy.PolicyFixtures.columnPolicy;
import static dev.coffer.policy.PolicyFixtures.dataSource;
import static dev.coffer.policy.PolicyFixtures.rule;
import static dev.coffer.policy.PolicyFixtures.tagPolicy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production server (no {@code StaticColumnTags}) while the catalog's column tags cannot be
 * read (their table is renamed away in its own PostgreSQL store): while tag policies exist it hides
 * every column no column policy names exactly instead of showing it clear, and decides normally
 * again once the tags can be read.
 */
class TagsUnavailableTest {

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.builder().store(TestStore.POSTGRES).start();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void whileColumnTagsCannotBeReadAColumnIsNullUnlessAColumnPolicyNamesItExactly() {
		Api admin = server.admin();
		String source = dataSource();
		Map<String, Object> email = column(source, "crm", "people", "email");
		Map<String, Object> phone = column(source, "crm", "people", "phone");
		Map<String, Object> note = column(source, "crm", "people", "note");
		String tag = tagPolicy(admin, "pii", null, List.of(rule("analyst", "email")));
		assertThat(decisions(admin, column(source, "crm", "people", "readable")).get(0).get("reason").asString())
			.as("tags can be read: an untagged column is clear").isEqualTo("unprotected");

		String exact = columnPolicy(admin, List.of(phone), List.of(rule("analyst", "last_four")));
		String wildcard = columnPolicy(admin, List.of(column(source, "crm", "people", "*")),
				List.of(rule("analyst", "no_mask")));
		List<JsonNode> decisions;
		server.jdbc().sql("ALTER TABLE column_tags RENAME TO column_tags_away").update();
		try {
			decisions = decisions(admin, email, phone, note);
		}
		finally {
			server.jdbc().sql("ALTER TABLE column_tags_away RENAME TO column_tags").update();
		}
		for (JsonNode unknown : List.of(decisions.get(0), decisions.get(2))) {
			assertThat(unknown.get("disposition").asString()).isEqualTo("null");
			assertThat(unknown.get("masking_type").asString()).isEqualTo("null");
			assertThat(unknown.get("reason").asString()).as("not the wildcard's no_mask").isEqualTo("tags_unavailable");
			assertThat(unknown.get("policy").isNull()).isTrue();
			assertThat(unknown.get("applicable_policies").get(0).get("id").asString()).isEqualTo(wildcard);
		}
		assertThat(decisions.get(1).get("masking_type").asString()).as("an exact column policy needs no tags")
			.isEqualTo("last_four");

		List<JsonNode> readable = decisions(admin, email, phone, note);
		assertThat(readable.get(0).get("masking_type").asString()).as("tags readable again (and the failure was not "
				+ "kept): the wildcard decides the untagged column").isEqualTo("no_mask");
		assertThat(readable.get(0).get("reason").asString()).isEqualTo("column_policy");
		admin.delete("/api/v1/policies/tags/" + tag);
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
