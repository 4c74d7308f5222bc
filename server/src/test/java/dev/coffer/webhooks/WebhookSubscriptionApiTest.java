package dev.coffer.webhooks;

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

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The subscription API on both stores: targets refused or allowed, validation, lifecycle, permissions. */
@ParameterizedClass
@EnumSource(TestStore.class)
class WebhookSubscriptionApiTest {

	@Parameter
	TestStore store;

	@Test
	void loopbackTargetIsRefusedByDefaultAndAllowedWhenListed() {
		Api byDefault = TestServer.shared(this.store).admin();
		assertProblem(byDefault.post("/api/v1/webhooks", create("http://127.0.0.1:9/hook")), 400, "webhook_target_forbidden");

		Api listed = WebhookServers.of(this.store).admin();
		assertThat(listed.post("/api/v1/webhooks", create("http://127.0.0.1:9/hook")).status()).isEqualTo(201);
	}

	@Test
	void internalAndNonHttpTargetsAreRefused() {
		Api admin = TestServer.shared(this.store).admin();
		for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
				"http://localhost/", "http://user:pw@example.com/", "ftp://example.com/", "https://192.168.0.10/x")) {
			assertProblem(admin.post("/api/v1/webhooks", create(url)), 400, "webhook_target_forbidden");
		}
		// the listed address does not open the others
		Api listed = WebhookServers.of(this.store).admin();
		assertProblem(listed.post("/api/v1/webhooks", create("http://10.0.0.1/")), 400, "webhook_target_forbidden");
		assertProblem(listed.post("/api/v1/webhooks", create("http://[::1]/")), 400, "webhook_target_forbidden");
	}

	@Test
	void unknownEventTypeIsAValidationFailureNamingTheEntry() {
		Api admin = WebhookServers.of(this.store).admin();
		Api.Response response = admin.post("/api/v1/webhooks",
				Map.of("url", "http://127.0.0.1:9/", "event_types", List.of("job.succeeded", "job.exploded")));
		assertProblem(response, 400, "validation_failed");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("event_types[1]");
		assertProblem(admin.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/", "event_types", List.of())), 400,
				"validation_failed");
		assertProblem(admin.post("/api/v1/webhooks", Map.of("event_types", List.of("job.failed"))), 400, "validation_failed");
	}

	@Test
	void subscriptionIsListedUpdatedAndDeleted() {
		Api admin = WebhookServers.of(this.store).admin();
		String id = admin.post("/api/v1/webhooks", create("http://127.0.0.1:9/a")).json().get("subscription").get("id").asString();
		admin.post("/api/v1/webhooks", create("http://127.0.0.1:9/b"));

		JsonNode firstPage = admin.get("/api/v1/webhooks?limit=1").json();
		assertThat(firstPage.get("data")).hasSize(1);
		assertThat(firstPage.get("has_more").asBoolean()).isTrue();
		Api.Response paged = admin.get("/api/v1/webhooks?page=1&per_page=1");
		assertThat(paged.json().get("total").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(paged.header("Link")).contains("rel=\"next\"");

		Api.Response updated = admin.patch("/api/v1/webhooks/" + id,
				Map.of("url", "http://127.0.0.1:9/c", "event_types", List.of("alert.fired"), "status", "disabled"));
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.field("url")).isEqualTo("http://127.0.0.1:9/c");
		assertThat(updated.field("status")).isEqualTo("disabled");
		assertThat(updated.json().get("event_types").get(0).asString()).isEqualTo("alert.fired");
		assertProblem(admin.patch("/api/v1/webhooks/" + id, Map.of("url", "http://169.254.169.254/")), 400,
				"webhook_target_forbidden");
		assertProblem(admin.patch("/api/v1/webhooks/" + id, Map.of("status", "paused")), 400, "validation_failed");

		assertThat(admin.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
		assertProblem(admin.get("/api/v1/webhooks/" + id), 404, "not_found");
		assertProblem(admin.get("/api/v1/webhooks/not-an-id"), 404, "not_found");
		assertProblem(admin.get("/api/v1/webhooks/deliveries/0191d4a2-0000-7000-8000-000000000000"), 404, "not_found");
	}

	@Test
	void auditorReadsSubscriptionsButChangesNothingAndCannotReadTheNotificationSecret() {
		TestServer server = WebhookServers.of(this.store);
		Api admin = server.admin();
		String account = admin.post("/api/v1/service-accounts", Map.of("name", "webhook-auditor-" + System.nanoTime()))
			.field("id");
		Api.Response key = admin.post("/api/v1/api-keys", Map.of("principal_id", account, "roles", List.of("auditor")));
		Api auditor = server.anonymous().basic(key.field("key_name"), key.field("key_secret"));

		assertThat(auditor.get("/api/v1/webhooks").status()).isEqualTo(200);
		assertProblem(auditor.post("/api/v1/webhooks", create("http://127.0.0.1:9/")), 403, "permission_denied");
		// every principal reads its own notification secret; another's (here the server's) needs webhooks:write
		String own = auditor.get("/api/v1/webhooks/notification-secret").field("secret");
		assertThat(own).startsWith("whsec_");
		assertThat(own).isNotEqualTo(admin.get("/api/v1/webhooks/notification-secret").field("secret"));
		assertProblem(auditor.get("/api/v1/webhooks/notification-secret?principal=system"), 403, "permission_denied");
		assertThat(admin.get("/api/v1/webhooks/notification-secret?principal=service_account:" + account).field("secret"))
			.isEqualTo(own);
		assertProblem(server.anonymous().get("/api/v1/webhooks"), 401, "unauthenticated");
	}

	private static Map<String, Object> create(String url) {
		return Map.of("url", url, "event_types", List.of("job.succeeded"));
	}
}
