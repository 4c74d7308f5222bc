package dev.coffer.policy;

import java.util.ArrayList;
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
import static dev.coffer.policy.PolicyFixtures.dataSource;
import static dev.coffer.policy.PolicyFixtures.rule;
import static dev.coffer.policy.PolicyFixtures.unique;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Column, tag and row policies through the API: CRUD, pagination, validation, permissions, audit. */
@ParameterizedClass
@EnumSource(TestStore.class)
class PolicyApiTest {

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = PolicyTestServers.shared(this.store);
		this.admin = this.server.admin();
	}

	@Test
	void columnPolicyIsCreatedShownReplacedAndDeletedInCanonicalForm() {
		String source = dataSource();
		String name = unique("emails");
		Api.Response created = this.admin.post("/api/v1/policies/columns", Map.of("name", name, "description", "d",
				"columns", List.of(column(source.toUpperCase(), "Public", "Customers", "EMAIL"),
						column(source, "public", "customers", "email")),
				"rules", List.of(rule("Analyst", 10003), rule("hr", Map.of("type", "10000")),
						rule("*", Map.of("type", "constant", "constant", "n/a")))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.field("id");
		assertThat(created.header("Location")).isEqualTo("/api/v1/policies/columns/" + id);
		JsonNode body = created.json();
		assertThat(body.get("columns")).as("names in lower case, duplicates dropped").hasSize(1);
		assertThat(body.get("columns").get(0).get("schema").asString()).isEqualTo("public");
		assertThat(body.get("columns").get(0).get("data_source_id").asString()).isEqualTo(source);
		JsonNode analyst = body.get("rules").get(0);
		assertThat(analyst.get("role").asString()).isEqualTo("analyst");
		assertThat(analyst.get("masking").get("type").asString()).isEqualTo("last_four");
		assertThat(analyst.get("masking").get("altr_id").asInt()).isEqualTo(10003);
		assertThat(body.get("rules").get(1).get("masking").get("type").asString()).isEqualTo("no_mask");
		assertThat(body.get("rules").get(2).get("masking").get("constant").asString()).isEqualTo("n/a");
		assertThat(body.get("created_by").asString()).startsWith("service_account:");

		assertThat(this.admin.get("/api/v1/policies/columns/" + id).json().get("name").asString()).isEqualTo(name);
		Api.Response replaced = this.admin.put("/api/v1/policies/columns/" + id, Map.of("name", name + "-v2",
				"columns", List.of(column(source, "*", "customers", "phone")), "rules", List.of(rule("analyst", "full_mask"))));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(replaced.json().get("columns").get(0).get("schema").asString()).isEqualTo("*");
		assertThat(replaced.json().get("rules")).hasSize(1);

		assertThat(this.admin.delete("/api/v1/policies/columns/" + id).status()).isEqualTo(204);
		assertProblem(this.admin.get("/api/v1/policies/columns/" + id), 404, "not_found");
		assertProblem(this.admin.delete("/api/v1/policies/columns/" + id), 404, "not_found");
		assertProblem(this.admin.put("/api/v1/policies/columns/" + id, Map.of("name", name,
				"columns", List.of(column(source, "a", "b", "c")), "rules", List.of(rule("x", "null")))), 404, "not_found");
	}

	@Test
	void tagAndRowPoliciesRoundTrip() {
		Api.Response tag = this.admin.post("/api/v1/policies/tags", Map.of("name", unique("tag"), "tag", "PII",
				"tag_value", "Email", "rules", List.of(rule("analyst", "email_hash"))));
		assertThat(tag.status()).as(tag.toString()).isEqualTo(201);
		assertThat(tag.field("tag")).isEqualTo("pii");
		assertThat(tag.field("tag_value")).isEqualTo("email");
		String source = dataSource();
		Api.Response row = this.admin.post("/api/v1/policies/rows", Map.of("name", unique("rows"),
				"table", Map.of("data_source_id", source, "schema", "sales", "table", "orders"), "column", "Region",
				"rules", List.of(Map.of("role", "emea", "values", List.of("DE", "FR", "DE")),
						Map.of("role", "admin", "values", List.of("*")))));
		assertThat(row.status()).as(row.toString()).isEqualTo(201);
		assertThat(row.field("column")).isEqualTo("region");
		assertThat(row.json().get("rules").get(0).get("values")).hasSize(2);
		assertThat(this.admin.get("/api/v1/policies/rows/" + row.field("id")).json().get("table").get("table").asString())
			.isEqualTo("orders");
		assertThat(this.admin.get("/api/v1/policies/tags/" + tag.field("id")).status()).isEqualTo(200);
	}

	@Test
	void listsPageByCursorAndByPage() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(PolicyFixtures.tagPolicy(this.admin, unique("t"), null, List.of(rule("a", "null"))));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = this.admin.get("/api/v1/policies/tags?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
			page.get("data").forEach(item -> seen.add(item.get("id").asString()));
			cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asString() : null;
		}
		while (cursor != null);
		assertThat(seen).doesNotHaveDuplicates().containsAll(ids);
		Api.Response paged = this.admin.get("/api/v1/policies/tags?page=1&per_page=2");
		assertThat(paged.status()).isEqualTo(200);
		assertThat(paged.json().get("total").asLong()).isEqualTo(seen.size());
		assertThat(paged.header("Link")).contains("rel=\"next\"");
		assertProblem(this.admin.get("/api/v1/policies/tags?limit=2&page=1"), 400, "pagination_conflict");
	}

	@Test
	void invalidPoliciesListEveryFieldWithAStableCodeAndStoreNothing() {
		long before = this.admin.get("/api/v1/policies/columns?page=1&per_page=1").json().get("total").asLong();
		Map<String, Object> body = Map.of("name", "", "columns",
				List.of(column("not-a-uuid", "pub*", "t", "c"), Map.of("schema", "s")),
				"rules", List.of(rule("analyst", "sparkle"), rule("Analyst", 10001),
						rule("ops", Map.of("type", "last_four", "constant", "x")),
						rule("eng", Map.of("type", "regex_replace", "pattern", "(a)\\1", "replacement", "x")),
						rule("bi", Map.of("type", "constant")), rule("bad role!", "null"),
						rule("t", Map.of("type", "tokenize", "token_format", "nope")),
						rule("d", Map.of("type", "date_shift", "shift_days", 0))));
		Api.Response refused = this.admin.post("/api/v1/policies/columns", body);
		assertProblem(refused, 400, "validation_failed");
		Map<String, String> codes = new java.util.LinkedHashMap<>();
		refused.json().get("errors").forEach(error -> codes.put(error.get("field").asString(), error.get("code").asString()));
		assertThat(codes).containsEntry("name", "required")
			.containsEntry("columns[0].data_source_id", "invalid_format")
			.containsEntry("columns[0].schema", "invalid_wildcard")
			.containsEntry("columns[1].data_source_id", "required")
			.containsEntry("columns[1].table", "required")
			.containsEntry("rules[0].masking.type", "unknown_masking_type")
			.containsEntry("rules[1].role", "duplicate_role")
			.containsEntry("rules[2].masking.constant", "not_applicable")
			.containsEntry("rules[3].masking.pattern", "invalid_pattern")
			.containsEntry("rules[4].masking.constant", "required")
			.containsEntry("rules[5].role", "invalid_format")
			.containsEntry("rules[6].masking.token_format", "unknown_format")
			.containsEntry("rules[7].masking.shift_days", "out_of_range");
		assertThat(this.admin.get("/api/v1/policies/columns?page=1&per_page=1").json().get("total").asLong()).isEqualTo(before);

		assertProblem(this.admin.post("/api/v1/policies/rows", Map.of("name", "r", "table",
				Map.of("data_source_id", dataSource(), "schema", "*", "table", "t"), "column", "c",
				"rules", List.of(Map.of("role", "a", "values", List.of("*", "x"))))), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/policies/tags", Map.of("name", "t", "rules", List.of())), 400,
				"validation_failed");
		assertProblem(this.admin.post("/api/v1/policies/columns", "{\"name\": 5}"), 400, "validation_failed");
	}

	@Test
	void aDefinitionTooLargeForTheStoreIsRefusedWithAStableCodeAndNothingIsStored() {
		long before = this.admin.get("/api/v1/policies/rows?page=1&per_page=1").json().get("total").asLong();
		Map<String, Object> table = Map.of("data_source_id", dataSource(), "schema", "s", "table", "t");
		// every field within its bounds (100 rules, 1000 values of 256 characters), but 1.27 million characters in all
		List<Map<String, Object>> rules = new ArrayList<>();
		for (int r = 0; r < 5; r++) {
			List<String> values = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				values.add(String.format("%03d-%04d-", r, i) + "x".repeat(240));
			}
			rules.add(Map.of("role", "role-" + r, "values", values));
		}
		Api.Response large = this.admin.post("/api/v1/policies/rows", Map.of("name", unique("large"), "table", table,
				"column", "c", "rules", rules));
		assertProblem(large, 413, "payload_too_large");

		List<Map<String, Object>> many = new ArrayList<>();
		for (int r = 0; r < 11; r++) {
			List<String> values = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				values.add("v" + i);
			}
			many.add(Map.of("role", "role-" + r, "values", values));
		}
		Api.Response tooMany = this.admin.post("/api/v1/policies/rows", Map.of("name", unique("many"), "table", table,
				"column", "c", "rules", many));
		assertProblem(tooMany, 400, "validation_failed");
		assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("rules");
		assertThat(tooMany.json().get("errors").get(0).get("code").asString()).isEqualTo("too_many");
		assertThat(this.admin.get("/api/v1/policies/rows?page=1&per_page=1").json().get("total").asLong()).isEqualTo(before);
	}

	@Test
	void aTakenNameIsAConflict() {
		String name = unique("dup");
		Map<String, Object> body = Map.of("name", name, "tag", "pii", "rules", List.of(rule("a", "null")));
		assertThat(this.admin.post("/api/v1/policies/tags", body).status()).isEqualTo(201);
		assertProblem(this.admin.post("/api/v1/policies/tags", body), 409, "name_taken");
	}

	@Test
	void stewardsWritePoliciesAuditorsReadThemAndOtherRolesAreRefused() {
		Map<String, Object> body = Map.of("name", unique("perm"), "tag", "pii", "rules", List.of(rule("a", "null")));
		Api steward = PolicyFixtures.key(this.server, List.of("steward"), List.of()).api();
		Api auditor = PolicyFixtures.key(this.server, List.of("auditor"), List.of()).api();
		Api tokenizer = PolicyFixtures.key(this.server, List.of("tokenizer"), List.of()).api();
		Api.Response created = steward.post("/api/v1/policies/tags", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(auditor.get("/api/v1/policies/tags/" + created.field("id")).status()).isEqualTo(200);
		Api.Response denied = auditor.delete("/api/v1/policies/tags/" + created.field("id"));
		assertProblem(denied, 403, "permission_denied");
		assertThat(denied.field("permission")).isEqualTo("policies:write");
		Api.Response read = tokenizer.get("/api/v1/policies/tags");
		assertProblem(read, 403, "permission_denied");
		assertThat(read.field("permission")).isEqualTo("policies:read");
	}

	@Test
	void everyChangeIsAuditedWithThePolicyButNeverRowValues() {
		String id = PolicyFixtures.create(this.admin, "rows", Map.of("name", unique("audited"),
				"table", Map.of("data_source_id", dataSource(), "schema", "s", "table", "t"), "column", "country",
				"rules", List.of(Map.of("role", "emea", "values", List.of("Secretland")))));
		this.admin.delete("/api/v1/policies/rows/" + id);
		JsonNode events = this.admin.get("/api/v1/audit/events?resource=" + id + "&limit=10").json().get("data");
		List<String> actions = new ArrayList<>();
		events.forEach(event -> actions.add(event.get("action").asString()));
		assertThat(actions).contains("policy.created", "policy.deleted");
		assertThat(events.toString()).doesNotContain("Secretland");
	}
}
