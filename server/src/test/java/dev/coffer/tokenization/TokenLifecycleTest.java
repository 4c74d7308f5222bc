package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.jobs.JobView;
import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.tokenization.TokenApi.codes;
import static dev.coffer.tokenization.TokenApi.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expired-token purge (by hand and by the scheduler) and token statuses under key versions that
 * are disabled or destroyed, on both stores. Purges and destroyed versions would disturb other
 * classes' tokens, so these tests run on a server of their own per store.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class TokenLifecycleTest {

	private static final Map<TestStore, TestServer> SERVERS = new EnumMap<>(TestStore.class);

	private static final String GRACE = "/api/v1/settings/tokens.expired_grace_hours";

	private static final String TOKENS = "/api/v1/keyrings/tokens";

	@Parameter
	TestStore store;

	TestServer server;

	TokenApi admin;

	String marker;

	@BeforeEach
	void setUp() {
		this.server = server(this.store);
		this.admin = new TokenApi(this.server.admin());
		this.marker = Long.toString(System.nanoTime(), 36);
	}

	@AfterEach
	void restoreGrace() {
		this.admin.api().delete(GRACE);
	}

	// ---- purge ----

	@Test
	void purgeDeletesTokensExpiredPastTheGracePeriodAndKeepsTheRest() {
		List<String> values = IntStream.range(0, 2500).mapToObj(i -> "purge-" + this.marker + "-" + i).toList();
		List<String> shortLived = this.admin.tokenize(Map.of("format", "uuid", "values", values, "ttl_seconds", 1));
		String longLived = this.admin.tokenize(Map.of("format", "uuid", "values", List.of("later-" + this.marker),
				"ttl_seconds", 3600)).get(0);
		String forever = this.admin.tokenize("uuid", "forever-" + this.marker, false);
		awaitExpired(shortLived.get(shortLived.size() - 1));
		assertThat(codes(this.admin.detokenize(shortLived.subList(0, 3)))).containsOnly("token_expired");

		// with the default grace (24 hours) the just-expired tokens stay, answering token_expired
		assertThat(this.admin.api().get(GRACE).json().get("value").asInt()).isEqualTo(24);
		JsonNode kept = purge(Map.of());
		assertThat(kept.get("result").get("deleted").asLong()).isZero();
		assertThat(kept.get("result").get("grace_hours").asInt()).isEqualTo(24);
		assertThat(this.admin.check(List.of(shortLived.get(0)))).containsExactly("expired");

		JsonNode purged = purge(Map.of("grace_hours", 0));
		assertThat(purged.get("result").get("deleted").asLong()).isEqualTo(values.size());
		assertThat(purged.get("progress").get("done").asLong()).isEqualTo(values.size());
		assertThat(codes(this.admin.detokenize(shortLived.subList(0, 3)))).containsOnly("token_not_found");
		assertThat(this.admin.check(List.of(shortLived.get(0), longLived, forever))).containsExactly("not_found", "live", "live");
		assertThat(countExpired()).isZero();

		String export = this.admin.auditExport();
		long audited = 0;
		for (String line : export.split("\n")) {
			if (line.contains("\"tokens.expired_purged\"") && line.contains(purged.get("id").asString())) {
				JsonNode event = Api.JSON.readTree(line);
				assertThat(event.get("actor_kind").asString()).isEqualTo("system");
				audited += Api.JSON.readTree(event.get("details").asString()).get("count").asLong();
			}
		}
		assertThat(audited).as("every purged token is counted in an audit event").isEqualTo(values.size());
		for (String token : List.of(shortLived.get(0), shortLived.get(2499), values.get(0))) {
			assertThat(export).doesNotContain(token);
		}
	}

	@Test
	void purgeRefusesBadOptionsAndNeedsTokensDelete() {
		Api.Response negative = this.admin.api().post("/api/v1/tokens/purge-expired", Map.of("grace_hours", -1));
		assertThat(negative.status()).as(negative.toString()).isEqualTo(400);
		assertThat(negative.field("code")).isEqualTo("validation_failed");
		Api.Response started = this.admin.api().post("/api/v1/tokens/purge-expired", null);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.header("Location")).isEqualTo("/api/v1/jobs/" + started.field("id"));
		assertThat(started.field("type")).isEqualTo("tokens.purge_expired");
		this.admin.awaitJob(started.field("id"));
	}

	@Test
	void theSchedulerStartsOnePurgeWhenTokensAreDueAndNoneWhileOneIsLive() {
		TokenPurgeScheduler scheduler = this.server.bean(TokenPurgeScheduler.class);
		assertThat(this.admin.api().put(GRACE, Map.of("value", 0)).status()).isEqualTo(200);
		purge(Map.of("grace_hours", 0)); // nothing expired is left from other tests
		assertThat(scheduler.startIfDue()).as("nothing due: no job").isEmpty();

		List<String> tokens = this.admin.tokenize(Map.of("format", "uuid", "values",
				List.of("sched-1-" + this.marker, "sched-2-" + this.marker), "ttl_seconds", 60));
		expire(tokens);
		// a purge job queued for later stands for one in flight on some node
		String blocker = "00000000-0000-7000-8000-" + String.format("%012d", System.nanoTime() % 1_000_000_000_000L);
		this.server.jdbc()
			.sql("INSERT INTO jobs (id, type, status, params, run_after, created_by, created_at) "
					+ "VALUES (:id, 'tokens.purge_expired', 'queued', '{}', :later, 'system', :now)")
			.param("id", blocker)
			.param("later", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1))
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.update();
		try {
			assertThat(scheduler.startIfDue()).as("a purge is live: no second one").isEmpty();
		}
		finally {
			this.server.jdbc().sql("DELETE FROM jobs WHERE id = :id").param("id", blocker).update();
		}
		Optional<JobView> started = scheduler.startIfDue();
		assertThat(started).isPresent();
		assertThat(started.get().type()).isEqualTo("tokens.purge_expired");
		JsonNode job = this.admin.awaitJob(started.get().id());
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("result").get("deleted").asLong()).isEqualTo(2);
		assertThat(job.get("result").get("grace_hours").asInt()).as("the setting").isZero();
		assertThat(codes(this.admin.detokenize(tokens))).containsOnly("token_not_found");
		assertThat(scheduler.startIfDue()).as("all purged").isEmpty();
	}

	// ---- key statuses ----

	@Test
	void metadataAndCheckFollowTheKeyVersionThroughDisableAndDestroy() {
		int old = rotate();
		String disabledToken = this.admin.tokenize("uuid", "disable-" + this.marker, false);
		int doomed = rotate();
		String destroyedToken = this.admin.tokenize("uuid", "destroy-" + this.marker, false);
		int current = rotate();
		String liveToken = this.admin.tokenize("uuid", "live-" + this.marker, false);

		JsonNode before = this.admin.metadata(disabledToken).json();
		assertThat(before.get("key_version").asInt()).isEqualTo(old);
		assertThat(before.get("key_status").asString()).isEqualTo("decrypt_only");
		assertThat(before.get("status").asString()).isEqualTo("live");

		assertThat(this.admin.api().post(TOKENS + "/versions/" + old + "/disable", Map.of()).status()).isEqualTo(200);
		assertThat(this.admin.api().post(TOKENS + "/versions/" + doomed + "/destroy", Map.of()).status()).isEqualTo(200);
		try {
			assertThat(this.admin.check(List.of(disabledToken, destroyedToken, liveToken)))
				.containsExactly("key_disabled", "key_destroyed", "live");
			Api.Response batch = this.admin.api().post("/api/v1/tokens/metadata",
					Map.of("tokens", List.of(disabledToken, destroyedToken, liveToken)));
			JsonNode items = batch.json().get("items");
			assertThat(items.get(0).get("key_status").asString()).isEqualTo("disabled");
			assertThat(items.get(0).get("status").asString()).isEqualTo("key_disabled");
			assertThat(items.get(1).get("key_status").asString()).isEqualTo("destroyed");
			assertThat(items.get(1).get("status").asString()).isEqualTo("key_destroyed");
			assertThat(items.get(2).get("key_version").asInt()).isEqualTo(current);
			assertThat(items.get(2).get("key_status").asString()).isEqualTo("active");
			assertThat(codes(this.admin.detokenize(List.of(disabledToken, destroyedToken))))
				.containsExactly("key_disabled", "key_destroyed");

			// a token whose value can never be recovered can still be deleted
			assertThat(this.admin.api().delete("/api/v1/tokens/" + destroyedToken).status()).isEqualTo(204);
			assertThat(this.admin.check(List.of(destroyedToken))).containsExactly("not_found");
		}
		finally {
			this.admin.api().post(TOKENS + "/versions/" + old + "/enable", Map.of());
		}
		assertThat(this.admin.check(List.of(disabledToken))).containsExactly("live");
		assertThat(strings(this.admin.detokenize(List.of(disabledToken)).get("values"))).containsExactly("disable-" + this.marker);
	}

	// ---- helpers ----

	private static synchronized TestServer server(TestStore store) {
		return SERVERS.computeIfAbsent(store, s -> {
			// the tests start the scheduler's check themselves
			TestServer server = TestServer.builder().store(s).property("coffer.tokens.purge-initial-delay", "PT24H").start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}

	private JsonNode purge(Map<String, Object> request) {
		Api.Response started = this.admin.api().post("/api/v1/tokens/purge-expired", request);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		JsonNode job = this.admin.awaitJob(started.field("id"));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		return job;
	}

	/** Waits until a token with a short TTL has expired, as the check sees it. */
	private void awaitExpired(String token) {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!this.admin.check(List.of(token)).equals(List.of("expired"))) {
			assertThat(System.nanoTime()).as("token did not expire").isLessThan(deadline);
			TokenApi.pause();
		}
	}

	private void expire(List<String> tokens) {
		this.server.jdbc()
			.sql("UPDATE vault_tokens SET expires_at = :past WHERE token IN (:tokens)")
			.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5))
			.param("tokens", tokens)
			.update();
	}

	private long countExpired() {
		return this.server.jdbc()
			.sql("SELECT count(*) FROM vault_tokens WHERE expires_at < :now")
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.query(Long.class)
			.single();
	}

	private int rotate() {
		Api.Response response = this.admin.api().post(TOKENS + "/rotate", Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("primary_version").asInt();
	}
}
