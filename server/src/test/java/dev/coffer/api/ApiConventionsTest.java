package dev.coffer.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

/** The conventions every endpoint follows: pagination, idempotency, problems, request ids. */
@ParameterizedClass
@EnumSource(TestStore.class)
class ApiConventionsTest {

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = TestServer.shared(this.store);
		this.admin = this.server.admin();
	}

	@Test
	void cursorPaginationVisitsEveryItemOnceWhileItemsAreAdded() {
		String prefix = "page-" + UUID.randomUUID().toString().substring(0, 8);
		String adminId = createAdministrators(prefix, 7);
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Api.Response page = this.admin.get("/api/v1/administrators?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			JsonNode body = page.json();
			body.get("data").forEach(item -> seen.add(item.get("id").asString()));
			cursor = body.get("has_more").asBoolean() ? body.get("next_cursor").asString() : null;
			if (pages++ == 0) {
				// appended while paging: must show up on a later page, exactly once
				createAdministrators(prefix + "-late", 1);
			}
			assertThat(pages).isLessThan(1000);
		}
		while (cursor != null);
		assertThat(seen).doesNotHaveDuplicates();
		List<String> all = this.server.jdbc()
			.sql("SELECT id FROM principals WHERE kind = 'administrator' ORDER BY id")
			.query(String.class)
			.list();
		assertThat(seen).containsExactlyElementsOf(all);
		assertThat(seen).contains(adminId);
	}

	@Test
	void pagePaginationAnswersTotalAndLinks() {
		createAdministrators("links-" + UUID.randomUUID().toString().substring(0, 8), 5);
		long total = this.server.jdbc()
			.sql("SELECT count(*) FROM principals WHERE kind = 'administrator'")
			.query(Long.class)
			.single();
		Api.Response page = this.admin.get("/api/v1/administrators?page=2&per_page=2");
		assertThat(page.status()).isEqualTo(200);
		JsonNode body = page.json();
		assertThat(body.get("total").asLong()).isEqualTo(total);
		assertThat(page.header("X-Total-Count")).isEqualTo(Long.toString(total));
		assertThat(body.get("page").asInt()).isEqualTo(2);
		assertThat(body.get("per_page").asInt()).isEqualTo(2);
		assertThat(body.get("data").size()).isEqualTo(2);
		long last = (total + 1) / 2;
		String link = page.header("Link");
		assertThat(link).contains("page=3&per_page=2>; rel=\"next\"")
			.contains("page=1&per_page=2>; rel=\"prev\"")
			.contains("page=1&per_page=2>; rel=\"first\"")
			.contains("page=" + last + "&per_page=2>; rel=\"last\"");

		// the pages together list every item once
		Set<String> ids = new HashSet<>();
		for (int p = 1; p <= last; p++) {
			this.admin.get("/api/v1/administrators?page=" + p + "&per_page=2").json().get("data")
				.forEach(item -> assertThat(ids.add(item.get("id").asString())).isTrue());
		}
		assertThat(ids).hasSize((int) total);
	}

	@Test
	void badPaginationParametersAreClientErrors() {
		assertProblem(this.admin.get("/api/v1/administrators?limit=2&page=1"), 400, "pagination_conflict");
		assertProblem(this.admin.get("/api/v1/administrators?cursor=bm9wZQ"), 400, "invalid_cursor");
		assertProblem(this.admin.get("/api/v1/administrators?cursor=%25%25"), 400, "invalid_cursor");
		assertProblem(this.admin.get("/api/v1/administrators?limit=0"), 400, "invalid_parameter");
		assertProblem(this.admin.get("/api/v1/administrators?per_page=100000"), 400, "invalid_parameter");
		assertProblem(this.admin.get("/api/v1/administrators?limit=abc"), 400, "validation_failed");
	}

	@Test
	void idempotencyKeyReplaysTheStoredResponse() {
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("name", "idem-" + key.substring(0, 8));
		Api idempotent = this.admin.header("Idempotency-Key", key);
		Api.Response first = idempotent.post("/api/v1/service-accounts", body);
		Api.Response second = idempotent.post("/api/v1/service-accounts", body);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.field("id")).isEqualTo(first.field("id"));
		assertThat(second.header("Location")).isEqualTo(first.header("Location"));
		assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(first.header("Idempotent-Replayed")).isNull();
		// without the header the same body is a new request: the name is taken
		assertProblem(this.admin.post("/api/v1/service-accounts", body), 409, "name_taken");
	}

	@Test
	void idempotencyKeyWithAnotherBodyIsRefused() {
		String key = UUID.randomUUID().toString();
		Api idempotent = this.admin.header("Idempotency-Key", key);
		assertThat(idempotent.post("/api/v1/service-accounts", Map.of("name", "idem-a-" + key.substring(0, 8))).status())
			.isEqualTo(201);
		Api.Response reused = idempotent.post("/api/v1/service-accounts", Map.of("name", "idem-b-" + key.substring(0, 8)));
		assertProblem(reused, 422, "idempotency_key_reused");
		assertThat(this.admin.get("/api/v1/service-accounts?limit=1000").body()).doesNotContain("idem-b-" + key.substring(0, 8));
	}

	@Test
	void idempotentReplayOfAnIssuedKeyIsSealedInTheStore() {
		String accountId = this.admin.post("/api/v1/service-accounts", Map.of("name", "sealed-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		String key = UUID.randomUUID().toString();
		Api idempotent = this.admin.header("Idempotency-Key", key);
		Map<String, Object> body = Map.of("principal_id", accountId, "roles", List.of("tokenizer"));
		Api.Response first = idempotent.post("/api/v1/api-keys", body);
		Api.Response replay = idempotent.post("/api/v1/api-keys", body);
		assertThat(replay.field("key_secret")).isEqualTo(first.field("key_secret"));
		byte[] stored = this.server.jdbc()
			.sql("SELECT response_body FROM idempotency_records WHERE idempotency_key = :key")
			.param("key", key)
			.query(byte[].class)
			.single();
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(first.field("key_secret"));
	}

	@Test
	void invalidIdempotencyKeyIsAClientError() {
		assertProblem(this.admin.header("Idempotency-Key", "x".repeat(256)).post("/api/v1/service-accounts",
				Map.of("name", "too-long-key")), 400, "invalid_idempotency_key");
	}

	@Test
	void validationFailureListsEveryField() {
		Api.Response response = this.admin.post("/api/v1/administrators",
				Map.of("name", "", "email", "not-an-email", "display_name", "x".repeat(300)));
		assertProblem(response, 400, "validation_failed");
		Set<String> fields = new HashSet<>();
		response.json().get("errors").forEach(error -> {
			fields.add(error.get("field").asString());
			assertThat(error.get("code").asString()).matches("[a-z_]+");
		});
		assertThat(fields).contains("name", "email", "display_name");
	}

	@Test
	void malformedBodiesAndUnknownRoutesAreClientErrors() {
		assertProblem(this.admin.post("/api/v1/service-accounts", "{\"name\": "), 400, "malformed_json");
		assertProblem(this.admin.post("/api/v1/api-keys", "{\"principal_id\": \"x\", \"roles\": \"admin\", \"expires_at\": \"tomorrow\"}"),
				400, "malformed_json");
		assertProblem(this.admin.get("/api/v1/no-such-thing"), 404, "not_found");
		assertProblem(this.admin.delete("/api/v1/me"), 405, "method_not_allowed");
		assertProblem(this.admin.get("/api/v1/service-accounts/does-not-exist"), 404, "not_found");
		Api.Response unknownRole = this.admin.post("/api/v1/api-keys",
				Map.of("principal_id", "nobody", "roles", List.of("superuser")));
		assertProblem(unknownRole, 400, "validation_failed");
		assertThat(unknownRole.json().get("errors").get(0).get("field").asString()).isEqualTo("roles[0]");
	}

	@Test
	void everyResponseCarriesARequestIdAndProblemsLinkToTheirPage() {
		Api.Response ok = this.admin.get("/api/v1/me");
		assertThat(ok.header("X-Request-Id")).isNotBlank();
		Api.Response health = this.server.anonymous().get("/actuator/health");
		assertThat(health.header("X-Request-Id")).isNotBlank();
		Api.Response traced = this.admin.header("X-Request-Id", "trace-0123456789").get("/api/v1/nothing");
		assertThat(traced.header("X-Request-Id")).isEqualTo("trace-0123456789");
		assertThat(traced.field("request_id")).isEqualTo("trace-0123456789");
		Api.Response page = this.server.anonymous().get(traced.field("doc_url"));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("not_found");
		assertThat(traced.field("type")).isEqualTo(traced.field("doc_url"));
	}

	@Test
	void settingsAreTypedValidatedAndAllOrNothing() {
		Api.Response before = this.admin.get("/api/v1/settings/api_keys.max_lifetime_days");
		assertThat(before.status()).isEqualTo(200);
		assertThat(before.field("type")).isEqualTo("integer");

		Api.Response invalid = this.admin.patch("/api/v1/settings",
				Map.of("api_keys.max_lifetime_days", 30, "api_keys.require_expiry", "yes", "no.such.setting", 1,
						"idempotency.retention_hours", 100_000));
		assertProblem(invalid, 400, "validation_failed");
		Set<String> fields = new HashSet<>();
		invalid.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
		assertThat(fields).containsExactlyInAnyOrder("api_keys.require_expiry", "no.such.setting",
				"idempotency.retention_hours");
		assertThat(this.admin.get("/api/v1/settings/api_keys.max_lifetime_days").json().get("value").asLong())
			.isEqualTo(before.json().get("value").asLong());

		Api.Response put = this.admin.put("/api/v1/settings/api_keys.require_expiry", Map.of("value", true));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.json().get("value").asBoolean()).isTrue();
		try {
			String accountId = this.admin.post("/api/v1/service-accounts", Map.of("name", "expiry-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
			Api.Response noExpiry = this.admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", List.of("tokenizer")));
			assertProblem(noExpiry, 400, "validation_failed");
			assertThat(noExpiry.body()).contains("expires_at");
		}
		finally {
			Api.Response reset = this.admin.delete("/api/v1/settings/api_keys.require_expiry");
			assertThat(reset.json().get("value").asBoolean()).isFalse();
		}
		assertProblem(this.admin.get("/api/v1/settings/no.such.setting"), 404, "not_found");
	}

	@Test
	void tooManyRequestsPerKeyAnswer429WithRetryAfter() {
		String accountId = this.admin.post("/api/v1/service-accounts", Map.of("name", "busy-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		Api.Response issued = this.admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", List.of("auditor")));
		Api busy = this.server.anonymous().basic(issued.field("key_name"), issued.field("key_secret"));
		assertThat(this.admin.put("/api/v1/settings/rate_limit.requests_per_second_per_key", Map.of("value", 2)).status()).isEqualTo(200);
		try {
			Api.Response limited = null;
			for (int i = 0; i < 50 && limited == null; i++) {
				Api.Response response = busy.get("/api/v1/me");
				if (response.status() == 429) {
					limited = response;
				}
			}
			assertThat(limited).as("a 429 within 50 requests at 2 per second").isNotNull();
			assertProblem(limited, 429, "rate_limited");
			assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
		}
		finally {
			resetRateLimit();
		}
	}

	@Test
	void repeatedWrongSecretsForOneKeyNameAre429ButNeverLockOutTheRightSecret() {
		String accountId = this.admin.post("/api/v1/service-accounts", Map.of("name", "guessed-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		Api.Response issued = this.admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", List.of("auditor")));
		String name = issued.field("key_name");
		assertThat(this.admin.put("/api/v1/settings/auth.failures_per_minute_per_key", Map.of("value", 3)).status()).isEqualTo(200);
		try {
			Api guesser = this.server.anonymous();
			for (int i = 0; i < 3; i++) {
				assertProblem(guesser.basic(name, "wrong-secret-" + i).get("/api/v1/me"), 401, "invalid_credentials");
			}
			Api.Response blocked = guesser.basic(name, "wrong-secret-x").get("/api/v1/me");
			assertProblem(blocked, 429, "too_many_failed_authentications");
			assertThat(Long.parseLong(blocked.header("Retry-After"))).isPositive();
			// knowing a key's name is not enough to lock its holder out
			assertThat(guesser.basic(name, issued.field("key_secret")).get("/api/v1/me").status()).isEqualTo(200);
		}
		finally {
			this.admin.delete("/api/v1/settings/auth.failures_per_minute_per_key");
		}
	}

	@Test
	void idempotentReplayNeverCrossesKeysOrPrivileges() {
		String accountId = this.admin.post("/api/v1/service-accounts", Map.of("name", "replay-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		String adminKeyId = this.admin.get("/api/v1/api-keys?limit=1").json().get("data").get(0).get("principal_id").asString();
		// a low-privilege key of the very principal that holds the admin key
		Api.Response weak = this.admin.post("/api/v1/api-keys", Map.of("principal_id", adminKeyId, "roles", List.of("tokenizer")));
		Api weakCaller = this.server.anonymous().basic(weak.field("key_name"), weak.field("key_secret"));
		String idempotencyKey = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("principal_id", accountId, "roles", List.of("admin"));
		Api.Response issued = this.admin.header("Idempotency-Key", idempotencyKey).post("/api/v1/api-keys", body);
		assertThat(issued.status()).isEqualTo(201);
		Api.Response replay = weakCaller.header("Idempotency-Key", idempotencyKey).post("/api/v1/api-keys", body);
		assertProblem(replay, 403, "permission_denied");
		assertThat(replay.body()).doesNotContain(issued.field("key_secret"));
	}

	@Test
	void valuesTheStoreCannotHoldAreClientErrors() {
		assertProblem(this.admin.post("/api/v1/service-accounts", Map.of("name", "nul-check", "description", "a\u0000b")), 400,
				"malformed_json");
		assertProblem(this.server.anonymous().basic("name\u0000with-nul", "some-secret").get("/api/v1/me"), 401,
				"invalid_credentials");
		assertProblem(this.admin.get("/api/v1/api-keys?principal_id=%00"), 400, "invalid_parameter");
		String accountId = this.admin.post("/api/v1/service-accounts", Map.of("name", "far-future-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		assertProblem(this.admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", List.of("tokenizer"),
				"expires_at", "+999999999-12-31T23:59:59Z")), 400, "validation_failed");
	}

	@Test
	void repeatedFailedAuthenticationsFromOneAddressAre429EvenForGoodCredentials() {
		dev.coffer.settings.Settings settings = this.server.bean(dev.coffer.settings.Settings.class);
		settings.update(Map.of("auth.failures_per_minute_per_address", 4), "test");
		try {
			Api guesser = this.server.anonymous();
			for (int i = 0; i < 4; i++) {
				assertProblem(guesser.basic("unknown-" + i + "-" + UUID.randomUUID(), "wrong-secret").get("/api/v1/me"), 401,
						"invalid_credentials");
			}
			assertProblem(guesser.basic("unknown-5", "wrong-secret").get("/api/v1/me"), 429,
					"too_many_failed_authentications");
			// the address is blocked, whatever the key: good credentials wait too
			assertProblem(this.admin.get("/api/v1/me"), 429, "too_many_failed_authentications");
		}
		finally {
			settings.update(Map.of("auth.failures_per_minute_per_address", 100_000), "test");
		}
		assertThat(this.admin.get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void bodiesOverTheLimitAre413WithAndWithoutContentLength() throws Exception {
		byte[] big = new byte[33 * 1024 * 1024 + 1];
		java.util.Arrays.fill(big, (byte) ' ');
		String credentials = java.util.Base64.getEncoder().encodeToString((this.server.bootstrapCredentials().get("key_name").asString()
				+ ":" + this.server.bootstrapCredentials().get("key_secret").asString()).getBytes());
		java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
		for (java.net.http.HttpRequest.BodyPublisher publisher : List.of(
				java.net.http.HttpRequest.BodyPublishers.ofByteArray(big),
				java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))) {
			java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(this.server.baseUrl() + "/api/v1/service-accounts"))
				.header("Authorization", "Basic " + credentials)
				.header("Content-Type", "application/json")
				.POST(publisher)
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
			assertThat(response.body()).contains("\"code\":\"payload_too_large\"");
		}
	}

	private void resetRateLimit() {
		for (int i = 0; i < 20; i++) {
			Api.Response reset = this.admin.delete("/api/v1/settings/rate_limit.requests_per_second_per_key");
			if (reset.status() == 200) {
				return;
			}
			try {
				Thread.sleep(600);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new AssertionError("could not reset the rate limit");
	}

	private String createAdministrators(String prefix, int count) {
		String first = null;
		for (int i = 0; i < count; i++) {
			Api.Response created = this.admin.post("/api/v1/administrators",
					Map.of("name", prefix + "-" + i, "email", prefix + i + "@example.com"));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			first = first == null ? created.field("id") : first;
		}
		return first;
	}

}
