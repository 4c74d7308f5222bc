package dev.coffer.policy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Builders the policy tests share: data sources, columns, rules, keys with data roles. */
final class PolicyFixtures {

	private PolicyFixtures() {
	}

	/** A fresh data source id, so each test has its own columns. */
	static String dataSource() {
		return UUID.randomUUID().toString();
	}

	static Map<String, Object> column(String dataSource, String schema, String table, String column) {
		return Map.of("data_source_id", dataSource, "schema", schema, "table", table, "column", column);
	}

	static Map<String, Object> rule(String role, Object type) {
		return Map.of("role", role, "masking", Map.of("type", type));
	}

	static Map<String, Object> rule(String role, Map<String, Object> masking) {
		return Map.of("role", role, "masking", masking);
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Creates a policy and answers its id. */
	static String create(Api api, String kind, Map<String, Object> body) {
		Api.Response created = api.post("/api/v1/policies/" + kind, body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.field("id");
	}

	static String columnPolicy(Api api, List<Map<String, Object>> columns, List<Map<String, Object>> rules) {
		return create(api, "columns", Map.of("name", unique("cp"), "columns", columns, "rules", rules));
	}

	static String tagPolicy(Api api, String tag, String value, List<Map<String, Object>> rules) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("name", unique("tp"), "tag", tag, "rules", rules));
		if (value != null) {
			body.put("tag_value", value);
		}
		return create(api, "tags", body);
	}

	/** A key of a new service account with these platform and data roles: its client and principal id. */
	static Issued key(TestServer server, List<String> roles, List<String> dataRoles) {
		Api admin = server.admin();
		Api.Response account = admin.post("/api/v1/service-accounts", Map.of("name", unique("sa")));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", roles, "data_roles", dataRoles));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		JsonNode body = key.json();
		return new Issued(server.anonymous().bearer(body.get("bearer_token").asString()), account.field("id"),
				body.get("api_key").get("id").asString());
	}

	record Issued(Api api, String principalId, String keyId) {
	}
}
