package dev.coffer.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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

/**
 * The key lifecycle told through the API, on both stores: rotate, disable, enable, destroy,
 * rewrap and automatic rotation. The versions these tests destroy would break other classes'
 * tokens, so they run on a server of their own per store; each test first rotates, so it owns the
 * versions it changes.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class KeyringLifecycleTest {

	private static final String TOKENS = "/api/v1/keyrings/tokens";

	private static final Map<TestStore, TestServer> SERVERS = new java.util.EnumMap<>(TestStore.class);

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = server(this.store);
		this.admin = this.server.admin();
	}

	@Test
	void detokenizeWhenKeyVersionDestroyedThenKeyDestroyedWhileNewerVersionsStillReveal() {
		int v1 = rotate();
		String oldToken = tokenize("story-old").get(0);
		int v2 = rotate();
		assertThat(v2).isEqualTo(v1 + 1);
		String newToken = tokenize("story-new").get(0);
		assertThat(keyVersionOf(oldToken)).isEqualTo(v1);
		assertThat(keyVersionOf(newToken)).isEqualTo(v2);

		JsonNode both = detokenize(List.of(oldToken, newToken));
		assertThat(strings(both.get("values"))).containsExactly("story-old", "story-new");

		JsonNode keyring = this.admin.get(TOKENS).json();
		assertThat(keyring.get("primary_version").asInt()).isEqualTo(v2);
		assertThat(statusOf(keyring, v1)).isEqualTo("decrypt_only");
		assertThat(statusOf(keyring, v2)).isEqualTo("active");

		Api.Response destroyed = this.admin.post(TOKENS + "/versions/" + v1 + "/destroy", Map.of());
		assertThat(destroyed.status()).as(destroyed.toString()).isEqualTo(200);
		assertThat(destroyed.field("status")).isEqualTo("destroyed");

		JsonNode after = detokenize(List.of(oldToken, newToken));
		assertThat(after.get("values").get(0).isNull()).isTrue();
		assertThat(after.get("values").get(1).asString()).isEqualTo("story-new");
		assertThat(codes(after)).containsExactly("key_destroyed");
		assertThat(after.get("errors").get(0).get("index").asInt()).isZero();
		assertThat(wrappedKeyOf(v1)).as("crypto-shredded").isNull();
		assertThat(wrappedKeyOf(v2)).isNotNull();

		assertProblem(this.admin.post(TOKENS + "/versions/" + v1 + "/enable", Map.of()), 409, "conflict");
		assertThat(this.server.anonymous().get("/api/errors/key_destroyed").status()).isEqualTo(200);
		assertThat(events("keyring.rotated")).anySatisfy(event -> assertThat(event.get("details").asString())
			.contains("\"version\":" + v2));
		assertThat(events("keyring.version_destroyed")).anySatisfy(event -> assertThat(event.get("details").asString())
			.contains("\"version\":" + v1));
	}

	@Test
	void disabledVersionAnswersKeyDisabledUntilEnabledAgain() {
		int old = rotate();
		String token = tokenize("disable-me").get(0);
		rotate();

		Api.Response disabled = this.admin.post(TOKENS + "/versions/" + old + "/disable", Map.of());
		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
		assertThat(disabled.field("status")).isEqualTo("disabled");
		JsonNode refused = detokenize(List.of(token));
		assertThat(refused.get("values").get(0).isNull()).isTrue();
		assertThat(codes(refused)).containsExactly("key_disabled");
		assertThat(wrappedKeyOf(old)).as("a disabled version keeps its key").isNotNull();

		Api.Response enabled = this.admin.post(TOKENS + "/versions/" + old + "/enable", Map.of());
		assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
		assertThat(enabled.field("status")).isEqualTo("decrypt_only");
		assertThat(strings(detokenize(List.of(token)).get("values"))).containsExactly("disable-me");
	}

	@Test
	void theActiveVersionCannotBeDisabledOrDestroyed() {
		int active = rotate();
		assertProblem(this.admin.post(TOKENS + "/versions/" + active + "/disable", Map.of()), 409, "conflict");
		assertProblem(this.admin.post(TOKENS + "/versions/" + active + "/destroy", Map.of()), 409, "conflict");
		assertThat(statusOf(this.admin.get(TOKENS).json(), active)).isEqualTo("active");
		assertProblem(this.admin.post(TOKENS + "/versions/999999/destroy", Map.of()), 404, "not_found");
		assertProblem(this.admin.get("/api/v1/keyrings/no-such-keyring"), 404, "not_found");
	}

	@Test
	void keyringsAreListedForReadersAndChangedOnlyByWriters() {
		rotate();
		Api.Response list = this.admin.get("/api/v1/keyrings");
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(list.json().get("data").get(0).get("name").asString()).isEqualTo("tokens");
		assertThat(list.body()).doesNotContain("wrapped");
		Api auditor = apiKey("auditor");
		assertThat(auditor.get(TOKENS).status()).isEqualTo(200);
		assertProblem(auditor.post(TOKENS + "/rotate", Map.of()), 403, "permission_denied");
		assertProblem(apiKey("tokenizer").get(TOKENS), 403, "permission_denied");
	}

	@Test
	void rewrapMovesEveryOlderEntryToTheNewestVersionSoDestroyingTheOldOneLosesNothing() {
		int old = rotate();
		List<String> values = IntStream.range(0, 1200).mapToObj(i -> "rewrap-" + i).toList();
		List<String> tokens = tokenize(values.toArray(String[]::new));
		int newest = rotate();

		Api.Response started = this.admin.post(TOKENS + "/rewrap", Map.of());
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.header("Location")).isEqualTo("/api/v1/jobs/" + started.field("id"));
		JsonNode job = awaitJob(started.field("id"));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("result").get("rewrapped").asLong()).isGreaterThanOrEqualTo(values.size());
		assertThat(job.get("result").get("version").asInt()).isEqualTo(newest);
		assertThat(tokens).allSatisfy(token -> assertThat(keyVersionOf(token)).isEqualTo(newest));

		assertThat(this.admin.post(TOKENS + "/versions/" + old + "/destroy", Map.of()).status()).isEqualTo(200);
		JsonNode revealed = detokenize(tokens);
		assertThat(revealed.get("errors").isEmpty()).as(revealed.get("errors").toString()).isTrue();
		assertThat(strings(revealed.get("values"))).containsExactlyElementsOf(values);
	}

	@Test
	void rewrapSkipsAndCountsEntriesOfDestroyedVersions() {
		int lost = rotate();
		String shredded = tokenize("lost-for-good").get(0);
		rotate();
		assertThat(this.admin.post(TOKENS + "/versions/" + lost + "/destroy", Map.of()).status()).isEqualTo(200);
		JsonNode job = awaitJob(this.admin.post(TOKENS + "/rewrap", Map.of()).field("id"));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("result").get("skipped_destroyed").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(keyVersionOf(shredded)).isEqualTo(lost);
		assertThat(codes(detokenize(List.of(shredded)))).containsExactly("key_destroyed");
	}

	@Test
	void keyringRotatesAutomaticallyOnceTheActiveVersionReachesTheEncryptionLimit() {
		int before = rotate();
		String setting = "/api/v1/settings/keys.rotation_max_encryptions";
		assertThat(this.admin.get(setting).json().get("default_value").asString()).isEqualTo("2147483648");
		assertThat(this.admin.put(setting, Map.of("value", 5)).status()).isEqualTo(200);
		try {
			tokenize("auto-1", "auto-2", "auto-3");
			assertThat(this.admin.get(TOKENS).json().get("primary_version").asInt()).isEqualTo(before);
			List<String> tokens = tokenize("auto-4", "auto-5", "auto-6");
			JsonNode keyring = this.admin.get(TOKENS).json();
			assertThat(keyring.get("primary_version").asInt()).isEqualTo(before + 1);
			assertThat(statusOf(keyring, before)).isEqualTo("decrypt_only");
			assertThat(encryptionsOf(keyring, before)).isEqualTo(6);
			assertThat(strings(detokenize(tokens).get("values"))).containsExactly("auto-4", "auto-5", "auto-6");
			assertThat(keyVersionOf(tokenize("auto-7").get(0))).isEqualTo(before + 1);
			assertThat(events("keyring.rotated")).anySatisfy(event -> assertThat(event.get("details").asString())
				.contains("max_encryptions"));
		}
		finally {
			assertThat(this.admin.delete(setting).status()).isEqualTo(200);
		}
	}

	/**
	 * Tokenize counts encryptions in memory and the node adds them to the store on its own about
	 * every second (no listing, no rotation needed to flush them). Polled, not timed.
	 */
	@Test
	void encryptionsCountedInMemoryReachTheStoreWithoutBeingAskedFor() throws InterruptedException {
		int version = rotate();
		tokenize("counted-1", "counted-2", "counted-3", "counted-4");
		long stored = 0;
		for (int i = 0; i < 100 && stored < 4; i++) {
			Thread.sleep(100);
			stored = this.server.jdbc()
				.sql("SELECT encryptions FROM keyring_versions WHERE keyring = 'tokens' AND version = :version")
				.param("version", version)
				.query(Long.class)
				.single();
		}
		assertThat(stored).isEqualTo(4);
	}

	@Test
	void keyringRotatesOnTheScheduledCheckOnceTheActiveVersionIsOlderThanTheMaxAge() {
		KeyringLifecycle lifecycle = this.server.bean(KeyringLifecycle.class);
		String setting = "/api/v1/settings/keys.rotation_max_age_days";
		int before = rotate();
		ageActiveVersion(before, 40);
		lifecycle.rotateDueKeyrings();
		assertThat(this.admin.get(TOKENS).json().get("primary_version").asInt()).as("age-based rotation is off by default")
			.isEqualTo(before);

		assertThat(this.admin.put(setting, Map.of("value", 30)).status()).isEqualTo(200);
		try {
			String old = tokenize("aged-value").get(0);
			ageActiveVersion(before, 29);
			lifecycle.rotateDueKeyrings();
			assertThat(this.admin.get(TOKENS).json().get("primary_version").asInt()).as("younger than the limit")
				.isEqualTo(before);

			ageActiveVersion(before, 31);
			lifecycle.rotateDueKeyrings();
			lifecycle.rotateDueKeyrings();
			JsonNode keyring = this.admin.get(TOKENS).json();
			assertThat(keyring.get("primary_version").asInt()).as("rotated once").isEqualTo(before + 1);
			assertThat(statusOf(keyring, before)).isEqualTo("decrypt_only");
			assertThat(keyVersionOf(tokenize("fresh-value").get(0))).isEqualTo(before + 1);
			assertThat(strings(detokenize(List.of(old)).get("values"))).containsExactly("aged-value");
			assertThat(events("keyring.rotated")).anySatisfy(event -> {
				assertThat(event.get("details").asString()).contains("max_age").contains("\"version\":" + (before + 1));
				assertThat(event.get("actor_kind").asString()).isEqualTo("system");
			});
		}
		finally {
			assertThat(this.admin.delete(setting).status()).isEqualTo(200);
		}
	}

	// ---- helpers ----

	/** Backdates the creation of the active version {@code version} by {@code days}. */
	private void ageActiveVersion(int version, int days) {
		int changed = this.server.jdbc()
			.sql("UPDATE keyring_versions SET created_at = :at WHERE keyring = 'tokens' AND version = :version AND status = 'ACTIVE'")
			.param("at", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(days))
			.param("version", version)
			.update();
		assertThat(changed).isEqualTo(1);
	}

	private static synchronized TestServer server(TestStore store) {
		return SERVERS.computeIfAbsent(store, s -> {
			TestServer server = TestServer.builder().store(s).start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}

	/** Rotates the keyring and answers the new active version. */
	private int rotate() {
		Api.Response response = this.admin.post(TOKENS + "/rotate", Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("primary_version").asInt();
	}

	private List<String> tokenize(String... values) {
		Api.Response response = this.admin.post("/api/v1/tokenize", Map.of("format", "uuid", "values", List.of(values)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("errors").isEmpty()).isTrue();
		return strings(response.json().get("tokens"));
	}

	private JsonNode detokenize(List<String> tokens) {
		Api.Response response = this.admin.post("/api/v1/detokenize", Map.of("tokens", tokens));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private int keyVersionOf(String token) {
		return this.server.jdbc()
			.sql("SELECT key_version FROM vault_tokens WHERE token = :token")
			.param("token", token)
			.query(Integer.class)
			.single();
	}

	private byte[] wrappedKeyOf(int version) {
		return this.server.jdbc()
			.sql("SELECT wrapped_key FROM keyring_versions WHERE keyring = 'tokens' AND version = :version")
			.param("version", version)
			.query((rs, n) -> java.util.Optional.ofNullable(rs.getBytes(1)))
			.single()
			.orElse(null);
	}

	private static JsonNode versionOf(JsonNode keyring, int version) {
		for (JsonNode candidate : keyring.get("versions")) {
			if (candidate.get("version").asInt() == version) {
				return candidate;
			}
		}
		throw new AssertionError("no version " + version + " in " + keyring);
	}

	private static String statusOf(JsonNode keyring, int version) {
		return versionOf(keyring, version).get("status").asString();
	}

	private static long encryptionsOf(JsonNode keyring, int version) {
		return versionOf(keyring, version).get("encryptions").asLong();
	}

	private List<JsonNode> events(String action) {
		Api.Response response = this.admin.get("/api/v1/audit/events?resource=keyring/tokens&limit=1000&action=" + action);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		response.json().get("data").forEach(events::add);
		return events;
	}

	private Api apiKey(String role) {
		Api.Response account = this.admin.post("/api/v1/service-accounts", Map.of("name", role + "-" + System.nanoTime()));
		Api.Response key = this.admin.post("/api/v1/api-keys", Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return this.admin.anonymous().basic(key.field("key_name"), key.field("key_secret"));
	}

	private JsonNode awaitJob(String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			Api.Response response = this.admin.get("/api/v1/jobs/" + id);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			String status = response.field("status");
			if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
				return response.json();
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("job " + id + " did not end: " + response);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	private static List<String> codes(JsonNode body) {
		List<String> codes = new ArrayList<>();
		body.get("errors").forEach(error -> codes.add(error.get("code").asString()));
		return codes;
	}

	private static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(item -> out.add(item.isNull() ? null : item.asString()));
		return out;
	}
}
