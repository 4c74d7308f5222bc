package dev.coffer.identity;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Data roles carried by API keys (set on issue, replaced later); OIDC data roles: {@link OidcAuthenticationTest}. */
class DataRolesTest {

	@Test
	void anApiKeyCarriesItsDataRolesIntoEveryRequest() {
		TestServer server = TestServer.shared(TestStore.EMBEDDED);
		Api admin = server.admin();
		String account = admin.post("/api/v1/service-accounts", Map.of("name", "dr-" + System.nanoTime())).field("id");
		Api.Response key = admin.post("/api/v1/api-keys", Map.of("principal_id", account, "roles", List.of("tokenizer"),
				"data_roles", List.of("Analyst", "hr-emea", "analyst")));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		assertThat(key.json().get("api_key").get("data_roles").toString()).isEqualTo("[\"analyst\",\"hr-emea\"]");
		Api caller = server.anonymous().bearer(key.field("bearer_token"));
		JsonNode me = caller.get("/api/v1/me").json();
		assertThat(me.get("data_roles").toString()).isEqualTo("[\"analyst\",\"hr-emea\"]");
		assertThat(me.get("roles").toString()).isEqualTo("[\"tokenizer\"]");

		String keyId = key.json().get("api_key").get("id").asString();
		Api.Response changed = admin.put("/api/v1/api-keys/" + keyId + "/data-roles", Map.of("data_roles", List.of("bi")));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(caller.get("/api/v1/me").json().get("data_roles").toString()).as("the next request already")
			.isEqualTo("[\"bi\"]");
		assertThat(admin.get("/api/v1/audit/events?action=api_key.data_roles_changed&resource=" + keyId).json().get("data"))
			.hasSize(1);

		Api.Response bad = admin.put("/api/v1/api-keys/" + keyId + "/data-roles",
				Map.of("data_roles", List.of("admin", "no spaces", "")));
		assertProblem(bad, 400, "validation_failed");
		assertThat(bad.json().get("errors").get(0).get("code").asString()).isEqualTo("reserved_role");
		assertThat(bad.json().get("errors").get(1).get("code").asString()).isEqualTo("invalid_format");
		assertProblem(admin.put("/api/v1/api-keys/" + keyId + "/data-roles", Map.of()), 400, "validation_failed");
		assertProblem(admin.put("/api/v1/api-keys/00000000-0000-7000-8000-000000000000/data-roles",
				Map.of("data_roles", List.of())), 404, "not_found");
		assertThat(caller.get("/api/v1/me").json().get("data_roles").toString()).as("nothing changed").isEqualTo("[\"bi\"]");
	}
}
