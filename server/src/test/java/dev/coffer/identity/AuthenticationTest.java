package dev.coffer.identity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

/** API keys through the API, on both stores: Basic and Bearer, every way a key stops working. */
@ParameterizedClass
@EnumSource(TestStore.class)
class AuthenticationTest {

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
	void bootstrapKeyWorksWithBasicAndBearer() {
		JsonNode credentials = this.server.bootstrapCredentials();
		Api.Response basic = this.admin.get("/api/v1/me");
		assertThat(basic.status()).as(basic.toString()).isEqualTo(200);
		assertThat(basic.field("authentication")).isEqualTo("basic");
		assertThat(basic.json().get("roles").toString()).contains("admin");

		String keyId = this.admin.get("/api/v1/api-keys?limit=1").json().get("data").get(0).get("id").asString();
		JsonNode key = this.admin.get("/api/v1/api-keys/" + keyId).json();
		assertThat(key.get("name").asString()).isEqualTo(credentials.get("key_name").asString());
		assertThat(key.get("last_used_at").isNull()).as("last_used_at recorded").isFalse();
		assertThat(key.get("created_at").isNull()).isFalse();

		Api.Response bearer = this.server.anonymous().bearer(credentials.get("bearer_token").asString()).get("/api/v1/me");
		assertThat(bearer.status()).isEqualTo(200);
		assertThat(bearer.field("authentication")).isEqualTo("bearer");
		assertThat(bearer.field("key_name")).isEqualTo(credentials.get("key_name").asString());
	}

	@Test
	void requestWithoutCredentialsIsUnauthenticated() {
		Api.Response response = this.server.anonymous().get("/api/v1/me");
		assertProblem(response, 401, "unauthenticated");
		assertThat(response.header("WWW-Authenticate")).contains("Basic").contains("Bearer");
	}

	@Test
	void wrongSecretAndUnknownKeyAreInvalidCredentials() {
		Issued key = issue("tokenizer");
		assertProblem(this.server.anonymous().basic(key.name(), key.secret() + "x").get("/api/v1/me"), 401,
				"invalid_credentials");
		assertProblem(this.server.anonymous().basic("no-such-key", key.secret()).get("/api/v1/me"), 401,
				"invalid_credentials");
		assertThat(this.server.anonymous().basic(key.name(), key.secret()).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void bearerWithBrokenChecksumIsInvalidToken() {
		Issued key = issue("tokenizer");
		String bearer = key.bearer();
		char last = bearer.charAt(bearer.length() - 1);
		String altered = bearer.substring(0, bearer.length() - 1) + (last == 'A' ? 'B' : 'A');
		assertProblem(this.server.anonymous().bearer(altered).get("/api/v1/me"), 401, "invalid_token");
		assertProblem(this.server.anonymous().bearer("not-a-jwt").get("/api/v1/me"), 401, "invalid_token");
	}

	@Test
	void disabledKeyIsRefusedOnNextRequestAndWorksAgainWhenEnabled() {
		Issued key = issue("tokenizer");
		Api caller = this.server.anonymous().bearer(key.bearer());
		assertThat(caller.get("/api/v1/me").status()).isEqualTo(200);

		assertThat(this.admin.post("/api/v1/api-keys/" + key.id() + "/disable", null).field("status")).isEqualTo("disabled");
		assertProblem(caller.get("/api/v1/me"), 401, "api_key_disabled");

		assertThat(this.admin.post("/api/v1/api-keys/" + key.id() + "/enable", null).field("status")).isEqualTo("active");
		assertThat(caller.get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void keyOfDisabledPrincipalIsRefused() {
		String accountId = newServiceAccount();
		Issued key = issue(accountId, "auditor");
		Api caller = this.server.anonymous().basic(key.name(), key.secret());
		assertThat(caller.get("/api/v1/me").status()).isEqualTo(200);
		this.admin.post("/api/v1/service-accounts/" + accountId + "/disable", null);
		assertProblem(caller.get("/api/v1/me"), 401, "api_key_disabled");
	}

	@Test
	void expiredKeyIsRefused() {
		Issued key = issue("tokenizer");
		Api caller = this.server.anonymous().basic(key.name(), key.secret());
		assertThat(caller.get("/api/v1/me").status()).isEqualTo(200);
		this.server.jdbc()
			.sql("UPDATE api_keys SET expires_at = :past WHERE id = :id")
			.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
			.param("id", key.id())
			.update();
		assertProblem(caller.get("/api/v1/me"), 401, "api_key_expired");
		assertThat(this.admin.get("/api/v1/api-keys/" + key.id()).field("status")).isEqualTo("expired");
	}

	@Test
	void revokedKeyIsRefusedAndCannotBeEnabled() {
		Issued key = issue("tokenizer");
		Api caller = this.server.anonymous().bearer(key.bearer());
		assertThat(this.admin.post("/api/v1/api-keys/" + key.id() + "/revoke", null).field("status")).isEqualTo("revoked");
		assertProblem(caller.get("/api/v1/me"), 401, "api_key_revoked");
		assertProblem(this.admin.post("/api/v1/api-keys/" + key.id() + "/enable", null), 409, "conflict");
	}

	@Test
	void deletedKeyIsRefused() {
		Issued key = issue("tokenizer");
		Api caller = this.server.anonymous().basic(key.name(), key.secret());
		assertThat(this.admin.delete("/api/v1/api-keys/" + key.id()).status()).isEqualTo(204);
		assertProblem(caller.get("/api/v1/me"), 401, "invalid_credentials");
		assertProblem(this.admin.get("/api/v1/api-keys/" + key.id()), 404, "not_found");
	}

	@Test
	void rotationWithoutOverlapRefusesTheOldSecretAtOnce() {
		Issued key = issue("tokenizer");
		Api.Response rotated = this.admin.post("/api/v1/api-keys/" + key.id() + "/rotate", Map.of("overlap_seconds", 0));
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String newSecret = rotated.field("key_secret");
		assertThat(newSecret).isNotEqualTo(key.secret());
		assertProblem(this.server.anonymous().basic(key.name(), key.secret()).get("/api/v1/me"), 401,
				"invalid_credentials");
		assertProblem(this.server.anonymous().bearer(key.bearer()).get("/api/v1/me"), 401, "invalid_credentials");
		assertThat(this.server.anonymous().basic(key.name(), newSecret).get("/api/v1/me").status()).isEqualTo(200);
		assertThat(this.server.anonymous().bearer(rotated.field("bearer_token")).get("/api/v1/me").status())
			.isEqualTo(200);
	}

	@Test
	void rotationWithOverlapKeepsBothSecretsUntilTheOverlapEnds() {
		Issued key = issue("tokenizer");
		Api.Response rotated = this.admin.post("/api/v1/api-keys/" + key.id() + "/rotate",
				Map.of("overlap_seconds", 3600));
		String newSecret = rotated.field("key_secret");
		assertThat(rotated.json().get("api_key").get("previous_secret_expires_at").isNull()).isFalse();
		assertThat(this.server.anonymous().basic(key.name(), key.secret()).get("/api/v1/me").status()).isEqualTo(200);
		assertThat(this.server.anonymous().basic(key.name(), newSecret).get("/api/v1/me").status()).isEqualTo(200);

		// the overlap ends: move the old secret's end into the past
		this.server.jdbc()
			.sql("UPDATE api_key_secrets SET expires_at = :past WHERE api_key_id = :id AND expires_at IS NOT NULL")
			.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
			.param("id", key.id())
			.update();
		assertProblem(this.server.anonymous().basic(key.name(), key.secret()).get("/api/v1/me"), 401,
				"invalid_credentials");
		assertThat(this.server.anonymous().basic(key.name(), newSecret).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void concurrentRotationsLeaveExactlyOneSecretWithoutEnd() throws Exception {
		Issued key = issue("tokenizer");
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
		try {
			List<java.util.concurrent.Future<Api.Response>> rotations = new java.util.ArrayList<>();
			for (int i = 0; i < 6; i++) {
				rotations.add(pool.submit(() -> this.admin.post("/api/v1/api-keys/" + key.id() + "/rotate",
						Map.of("overlap_seconds", 0))));
			}
			for (java.util.concurrent.Future<Api.Response> rotation : rotations) {
				assertThat(rotation.get().status()).as(rotation.get().toString()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
		long unending = this.server.jdbc()
			.sql("SELECT count(*) FROM api_key_secrets WHERE api_key_id = :id AND expires_at IS NULL")
			.param("id", key.id())
			.query(Long.class)
			.single();
		assertThat(unending).isEqualTo(1);
	}

	@Test
	void missingRoleIsForbiddenNamingThePermission() {
		Issued key = issue("tokenizer");
		Api caller = this.server.anonymous().basic(key.name(), key.secret());
		Api.Response response = caller.post("/api/v1/service-accounts", Map.of("name", "not-allowed"));
		assertProblem(response, 403, "permission_denied");
		assertThat(response.field("permission")).isEqualTo("principals:write");
		assertThat(response.field("message")).contains("principals:write");

		Issued auditor = issue("auditor");
		Api auditing = this.server.anonymous().basic(auditor.name(), auditor.secret());
		assertThat(auditing.get("/api/v1/service-accounts").status()).isEqualTo(200);
		assertProblem(auditing.post("/api/v1/api-keys/" + key.id() + "/disable", null), 403, "permission_denied");
	}

	@Test
	void secretIsStoredOnlyAsKeyedHash() {
		Issued key = issue("tokenizer");
		List<String> stored = this.server.jdbc()
			.sql("SELECT secret_hash FROM api_key_secrets s JOIN api_keys k ON k.id = s.api_key_id WHERE k.name = :name")
			.param("name", key.name())
			.query(String.class)
			.list();
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0)).hasSize(64).doesNotContain(key.secret());
		assertThat(this.admin.get("/api/v1/api-keys/" + key.id()).body()).doesNotContain(key.secret());
	}

	private String newServiceAccount() {
		Api.Response created = this.admin.post("/api/v1/service-accounts",
				Map.of("name", "sa-" + System.nanoTime()));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.field("id");
	}

	private Issued issue(String role) {
		return issue(newServiceAccount(), role);
	}

	private Issued issue(String principalId, String role) {
		Api.Response created = this.admin.post("/api/v1/api-keys",
				Map.of("principal_id", principalId, "roles", List.of(role)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).endsWith(created.json().get("api_key").get("id").asString());
		return new Issued(created.json().get("api_key").get("id").asString(), created.field("key_name"),
				created.field("key_secret"), created.field("bearer_token"));
	}


	record Issued(String id, String name, String secret, String bearer) {
	}
}
