package dev.coffer.tokenization;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.jobs.JobView;
import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL: purges running on both at once delete each expired token once, and
 * the schedulers of both nodes never have two purges in flight at the same time.
 */
class TokenPurgeTwoNodeTest {

	static TestServer nodeA;

	static TestServer nodeB;

	static TokenApi adminA;

	static TokenApi adminB;

	@BeforeAll
	static void startTwoNodes() {
		byte[] rootKey = new byte[32];
		new SecureRandom().nextBytes(rootKey);
		String encoded = Base64.getEncoder().encodeToString(rootKey);
		TestServer.Builder a = TestServer.builder()
			.store(TestStore.POSTGRES)
			.property("COFFER_ROOT_KEY", encoded)
			.property("coffer.tokens.purge-initial-delay", "PT24H");
		Map<String, String> store = a.storeProperties();
		nodeA = a.start();
		nodeB = TestServer.builder()
			.sameStoreAs(store)
			.property("COFFER_ROOT_KEY", encoded)
			.property("coffer.tokens.purge-initial-delay", "PT24H")
			.start();
		JsonNode credentials = nodeA.bootstrapCredentials();
		adminA = new TokenApi(nodeA.admin());
		adminB = new TokenApi(nodeB.anonymous().basic(credentials.get("key_name").asString(),
				credentials.get("key_secret").asString()));
	}

	@AfterAll
	static void stopTwoNodes() {
		if (nodeB != null) {
			nodeB.close();
		}
		if (nodeA != null) {
			nodeA.close();
		}
	}

	@Test
	void purgesStartedOnBothNodesAtOnceDeleteEachExpiredTokenOnce() throws Exception {
		List<String> tokens = expiredTokens("both", 4000);
		CyclicBarrier start = new CyclicBarrier(2);
		CompletableFuture<Api.Response> onA = CompletableFuture.supplyAsync(() -> startPurge(adminA, start));
		CompletableFuture<Api.Response> onB = CompletableFuture.supplyAsync(() -> startPurge(adminB, start));
		JsonNode jobA = adminA.awaitJob(onA.get().field("id"));
		JsonNode jobB = adminB.awaitJob(onB.get().field("id"));
		assertThat(jobA.get("status").asString()).as(jobA.toString()).isEqualTo("succeeded");
		assertThat(jobB.get("status").asString()).as(jobB.toString()).isEqualTo("succeeded");
		assertThat(jobA.get("result").get("deleted").asLong() + jobB.get("result").get("deleted").asLong())
			.as("each token counted by the node that deleted it")
			.isEqualTo(tokens.size());
		assertThat(nodeA.jdbc().sql("SELECT count(*) FROM vault_tokens WHERE token IN (:t)").param("t", tokens.subList(0, 1000))
			.query(Long.class).single()).isZero();
		assertThat(adminB.check(tokens.subList(3990, 4000))).containsOnly("not_found");
	}

	@Test
	void schedulersOnBothNodesNeverHaveTwoPurgesInFlight() throws Exception {
		assertThat(adminA.api().put("/api/v1/settings/tokens.expired_grace_hours", Map.of("value", 0)).status()).isEqualTo(200);
		try {
			TokenPurgeScheduler schedulerA = nodeA.bean(TokenPurgeScheduler.class);
			TokenPurgeScheduler schedulerB = nodeB.bean(TokenPurgeScheduler.class);
			List<JobView> started = new ArrayList<>();
			for (int round = 0; round < 5; round++) {
				List<String> tokens = expiredTokens("sched-" + round, 300);
				CyclicBarrier start = new CyclicBarrier(2);
				CompletableFuture<Optional<JobView>> onA = CompletableFuture.supplyAsync(() -> tick(schedulerA, start));
				CompletableFuture<Optional<JobView>> onB = CompletableFuture.supplyAsync(() -> tick(schedulerB, start));
				onA.get().ifPresent(started::add);
				onB.get().ifPresent(started::add);
				for (JobView job : started) {
					adminA.awaitJob(job.id());
				}
				// a purge that was already running when the other node looked may have left some: the next tick takes them
				Optional<JobView> rest = schedulerA.startIfDue();
				rest.ifPresent(job -> {
					started.add(job);
					adminA.awaitJob(job.id());
				});
				assertThat(adminA.check(tokens.subList(0, 10))).containsOnly("not_found");
			}
			assertThat(started).hasSizeGreaterThanOrEqualTo(5);
			List<Map<String, Object>> jobs = nodeA.jdbc()
				.sql("SELECT id, created_at, finished_at FROM jobs WHERE type = 'tokens.purge_expired' ORDER BY created_at")
				.query()
				.listOfRows();
			for (int i = 1; i < jobs.size(); i++) {
				OffsetDateTime previousEnd = time(jobs.get(i - 1).get("finished_at"));
				OffsetDateTime nextStart = time(jobs.get(i).get("created_at"));
				Object id = jobs.get(i).get("id");
				if (started.stream().anyMatch(job -> job.id().equals(id))) {
					assertThat(nextStart).as("a scheduled purge is submitted only after the one before has ended")
						.isAfterOrEqualTo(previousEnd);
				}
			}
		}
		finally {
			adminA.api().delete("/api/v1/settings/tokens.expired_grace_hours");
		}
	}

	private static List<String> expiredTokens(String name, int count) {
		List<String> values = IntStream.range(0, count).mapToObj(i -> name + "-" + System.nanoTime() + "-" + i).toList();
		List<String> tokens = adminA.tokenize(Map.of("format", "uuid", "values", values, "ttl_seconds", 60));
		nodeA.jdbc()
			.sql("UPDATE vault_tokens SET expires_at = :past WHERE expires_at IS NOT NULL")
			.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5))
			.update();
		return tokens;
	}

	private static Api.Response startPurge(TokenApi admin, CyclicBarrier start) {
		await(start);
		Api.Response response = admin.api().post("/api/v1/tokens/purge-expired", Map.of("grace_hours", 0));
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		return response;
	}

	private static Optional<JobView> tick(TokenPurgeScheduler scheduler, CyclicBarrier start) {
		await(start);
		return scheduler.startIfDue();
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static OffsetDateTime time(Object value) {
		if (value instanceof OffsetDateTime time) {
			return time;
		}
		if (value instanceof java.sql.Timestamp timestamp) {
			return timestamp.toInstant().atOffset(ZoneOffset.UTC);
		}
		return OffsetDateTime.parse(value.toString());
	}
}
