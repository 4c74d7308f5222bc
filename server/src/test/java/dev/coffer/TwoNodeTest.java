package dev.coffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.logging.LoggingSystem;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (two Spring contexts, two ports, two data directories) on one PostgreSQL database with
 * one root key: whatever is done to a key through one node holds on the other at the next request,
 * idempotency records are shared, and two nodes starting together on an empty store bootstrap it
 * once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TwoNodeTest {

	static final String CREDENTIALS_FILE = "bootstrap-credentials.json";

	static TestServer nodeA;

	static TestServer nodeB;

	static Api adminA;

	static Api adminB;

	@BeforeAll
	static void startTwoNodes() {
		String rootKey = newRootKey();
		TestServer.Builder a = TestServer.builder().store(TestStore.POSTGRES).property("COFFER_ROOT_KEY", rootKey);
		Map<String, String> store = a.storeProperties();
		nodeA = a.start();
		nodeB = TestServer.builder()
			.store(TestStore.POSTGRES)
			.sameStoreAs(store)
			.property("COFFER_ROOT_KEY", rootKey)
			.start();
		// both nodes authenticate with the credentials node A wrote at bootstrap
		JsonNode credentials = nodeA.bootstrapCredentials();
		adminA = nodeA.anonymous().basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());
		adminB = nodeB.anonymous().basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());
		Api.Response relaxed = adminA.patch("/api/v1/settings", Map.of("auth.failures_per_minute_per_address", 100_000));
		assertThat(relaxed.status()).as(relaxed.toString()).isEqualTo(200);
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

	/**
	 * Formats are cached for a short window ({@code TokenFormatRegistry.CACHE_TTL}); the other node
	 * follows a creation, a change and a deletion within it. Polled, not timed.
	 */
	@Test
	void aTokenFormatCreatedChangedAndDeletedThroughOneNodeHoldsOnTheOther() throws InterruptedException {
		String name = "two-node-" + Long.toString(System.nanoTime(), 36);
		Api.Response created = adminA.post("/api/v1/token-formats", Map.of("name", name, "alphabet", "digits", "length", 10,
				"mode", "fpe"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Map<String, Object> tokenize = Map.of("format", name, "values", List.of("0123456789"));
		Api.Response onA = adminA.post("/api/v1/tokenize", tokenize);
		assertThat(onA.status()).as(onA.toString()).isEqualTo(200);
		Api.Response onB = eventually(() -> adminB.post("/api/v1/tokenize", tokenize), 200);
		assertThat(onB.json().get("tokens")).as("one salt, one root key: the same FF1 key on both nodes")
			.isEqualTo(onA.json().get("tokens"));

		String token = onA.json().get("tokens").get(0).asString();
		Map<String, Object> detokenize = Map.of("tokens", List.of(token), "format", name);
		assertThat(adminA.patch("/api/v1/token-formats/" + name, Map.of("detokenize_requires_reason", true)).status())
			.isEqualTo(200);
		eventually(() -> adminB.post("/api/v1/detokenize", detokenize), 400);

		assertThat(adminB.delete("/api/v1/token-formats/" + name + "?confirm=" + name).status()).isEqualTo(204);
		eventually(() -> adminA.post("/api/v1/tokenize", tokenize), 400);
	}

	private static Api.Response eventually(java.util.function.Supplier<Api.Response> call, int status)
			throws InterruptedException {
		Api.Response response = call.get();
		for (int i = 0; i < 300 && response.status() != status; i++) {
			Thread.sleep(100);
			response = call.get();
		}
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		return response;
	}

	/**
	 * Both nodes append at once (each inserts its events unchained, and each node's chainer chains
	 * whatever is pending): one chain, gap-free, that verifies through either node, with every event
	 * of every request in it.
	 */
	@Test
	void auditedRequestsOnBothNodesAtOnceFormOneVerifiableChain() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(4);
		List<Future<String>> requests = new ArrayList<>();
		try {
			for (int i = 0; i < 40; i++) {
				Api admin = i % 2 == 0 ? adminA : adminB;
				requests.add(clients.submit(() -> {
					Api.Response tokenized = admin.post("/api/v1/tokenize",
							Map.of("format", "card", "values", List.of("4111 1111 1111 1111")));
					assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
					return tokenized.header("X-Request-Id");
				}));
			}
			List<String> requestIds = new ArrayList<>();
			for (Future<String> request : requests) {
				requestIds.add(request.get(2, TimeUnit.MINUTES));
			}
			// answered: each event is chained already (positive seq), on whichever node it was written
			for (String requestId : requestIds) {
				assertThat(nodeA.jdbc().sql("SELECT seq FROM audit_events WHERE request_id = :id AND action = 'tokens.tokenized'")
					.param("id", requestId).query(Long.class).list()).hasSize(1).allSatisfy(seq -> assertThat(seq).isPositive());
			}
		}
		finally {
			clients.shutdownNow();
		}
		long events = nodeA.jdbc().sql("SELECT count(*) FROM audit_events WHERE seq > 0").query(Long.class).single();
		long last = nodeA.jdbc().sql("SELECT max(seq) FROM audit_events").query(Long.class).single();
		assertThat(last).as("gap-free").isEqualTo(events);
		for (Api admin : List.of(adminA, adminB)) {
			JsonNode verification = admin.get("/api/v1/audit/verify").json();
			assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
			assertThat(verification.get("events_checked").asLong()).isGreaterThanOrEqualTo(events);
		}
	}

	@Test
	void nodesAreDistinctAndOnlyTheFirstWroteBootstrapCredentials() {
		assertThat(nodeA.baseUrl()).isNotEqualTo(nodeB.baseUrl());
		assertThat(nodeA.dataDir()).isNotEqualTo(nodeB.dataDir());
		assertThat(nodeA.dataDir().resolve(CREDENTIALS_FILE)).exists();
		assertThat(nodeB.dataDir().resolve(CREDENTIALS_FILE)).doesNotExist();
		Api.Response me = adminB.get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json().get("roles").toString()).contains("admin");
	}

	@Test
	void keyCreatedThroughOneNodeAuthenticatesOnTheOtherAtOnce() {
		Issued key = issue(adminA, "tokenizer");
		Api.Response basic = nodeB.anonymous().basic(key.name(), key.secret()).get("/api/v1/me");
		assertThat(basic.status()).as(basic.toString()).isEqualTo(200);
		assertThat(basic.field("key_name")).isEqualTo(key.name());
		Api.Response bearer = nodeB.anonymous().bearer(key.bearer()).get("/api/v1/me");
		assertThat(bearer.status()).as(bearer.toString()).isEqualTo(200);
	}

	@Test
	void keyDisabledOnOneNodeIsRefusedByTheOtherOnTheNextRequestAndWorksAgainWhenEnabled() {
		Issued key = issue(adminA, "tokenizer");
		Api onB = nodeB.anonymous().bearer(key.bearer());
		assertThat(onB.get("/api/v1/me").status()).isEqualTo(200);

		assertThat(adminA.post("/api/v1/api-keys/" + key.id() + "/disable", null).field("status")).isEqualTo("disabled");
		assertProblem(onB.get("/api/v1/me"), 401, "api_key_disabled");

		assertThat(adminA.post("/api/v1/api-keys/" + key.id() + "/enable", null).field("status")).isEqualTo("active");
		assertThat(onB.get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void keyRotatedWithoutOverlapOnOneNodeHasItsOldSecretRefusedByTheOther() {
		Issued key = issue(adminA, "tokenizer");
		assertThat(nodeA.anonymous().basic(key.name(), key.secret()).get("/api/v1/me").status()).isEqualTo(200);

		Api.Response rotated = adminB.post("/api/v1/api-keys/" + key.id() + "/rotate", Map.of("overlap_seconds", 0));
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String newSecret = rotated.field("key_secret");

		assertProblem(nodeA.anonymous().basic(key.name(), key.secret()).get("/api/v1/me"), 401, "invalid_credentials");
		assertProblem(nodeA.anonymous().bearer(key.bearer()).get("/api/v1/me"), 401, "invalid_credentials");
		assertThat(nodeA.anonymous().basic(key.name(), newSecret).get("/api/v1/me").status()).isEqualTo(200);
		assertThat(nodeA.anonymous().bearer(rotated.field("bearer_token")).get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void keyRevokedOnOneNodeIsRefusedByTheOther() {
		Issued key = issue(adminB, "tokenizer");
		Api onB = nodeB.anonymous().basic(key.name(), key.secret());
		assertThat(onB.get("/api/v1/me").status()).isEqualTo(200);

		assertThat(adminA.post("/api/v1/api-keys/" + key.id() + "/revoke", null).field("status")).isEqualTo("revoked");
		assertProblem(onB.get("/api/v1/me"), 401, "api_key_revoked");
		assertProblem(adminB.post("/api/v1/api-keys/" + key.id() + "/enable", null), 409, "conflict");
	}

	@Test
	void keyDeletedOnOneNodeIsUnknownToTheOther() {
		Issued key = issue(adminA, "tokenizer");
		Api onA = nodeA.anonymous().basic(key.name(), key.secret());
		assertThat(onA.get("/api/v1/me").status()).isEqualTo(200);

		assertThat(adminB.delete("/api/v1/api-keys/" + key.id()).status()).isEqualTo(204);
		assertProblem(onA.get("/api/v1/me"), 401, "invalid_credentials");
		assertProblem(adminA.get("/api/v1/api-keys/" + key.id()), 404, "not_found");
	}

	@Test
	void idempotentPostSentToOneNodeIsReplayedByTheOther() {
		String idempotencyKey = "two-node-" + UUID.randomUUID();
		Map<String, String> body = Map.of("name", "idem-" + System.nanoTime());

		Api.Response first = adminA.header("Idempotency-Key", idempotencyKey).post("/api/v1/service-accounts", body);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isNull();

		Api.Response replayed = adminB.header("Idempotency-Key", idempotencyKey).post("/api/v1/service-accounts", body);
		assertThat(replayed.status()).as(replayed.toString()).isEqualTo(201);
		assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replayed.field("id")).isEqualTo(first.field("id"));
		assertThat(replayed.header("Location")).isEqualTo(first.header("Location"));

		// one account, not two
		Api.Response again = adminB.post("/api/v1/service-accounts", body);
		assertProblem(again, 409, "name_taken");
	}

	@Test
	void twoNodesStartingTogetherOnAnEmptyStoreBootstrapItOnce() throws Exception {
		Map<String, String> store = TestStore.POSTGRES.newStoreProperties();
		List<TestServer> nodes = startTogether(store, () -> {
		});
		try {
			assertBootstrappedOnce(nodes);
		}
		finally {
			nodes.forEach(TestServer::close);
		}
	}

	/**
	 * Forces the interleaving that a plain concurrent start hits only sometimes: both nodes find
	 * the store not yet bootstrapped (a lock held by the test keeps the first one's bootstrap
	 * transaction open until the second one is waiting on it), so the second one must lose on the
	 * {@code store_meta} key and start without bootstrapping.
	 */
	@Test
	void twoNodesThatBothFindTheStoreNotBootstrappedCreateOneAdministrator() throws Exception {
		Map<String, String> store = TestStore.POSTGRES.newStoreProperties();
		String url = store.get("coffer.store.url");
		Flyway.configure().dataSource(url, TestStore.PG_USER, TestStore.PG_PASSWORD)
			.locations("classpath:db/migration")
			.load()
			.migrate();
		List<TestServer> nodes;
		try (Connection blocker = DriverManager.getConnection(url, TestStore.PG_USER, TestStore.PG_PASSWORD);
				Connection watcher = DriverManager.getConnection(url, TestStore.PG_USER, TestStore.PG_PASSWORD)) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				// blocks INSERT INTO principals, not the SELECT on store_meta that checks for a bootstrap
				statement.execute("LOCK TABLE principals IN SHARE MODE");
			}
			nodes = startTogether(store, () -> {
				boolean bothWaiting = awaitBootstrapsWaitingOnLocks(watcher, 2);
				try {
					blocker.rollback();
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
				assertThat(bothWaiting).as("both nodes inside their bootstrap transaction").isTrue();
			});
		}
		try {
			assertBootstrappedOnce(nodes);
		}
		finally {
			nodes.forEach(TestServer::close);
		}
	}

	/**
	 * Starts two nodes on {@code store} at the same moment, runs {@code whileStarting}, and returns
	 * both once started (or fails naming why a start failed).
	 */
	private static List<TestServer> startTogether(Map<String, String> store, Runnable whileStarting) throws Exception {
		String rootKey = newRootKey();
		List<Path> dataDirs = List.of(Files.createTempDirectory("coffer-node1-"), Files.createTempDirectory("coffer-node2-"));
		ExecutorService starters = Executors.newFixedThreadPool(2);
		CountDownLatch ready = new CountDownLatch(2);
		List<Future<TestServer>> starting = new ArrayList<>();
		List<TestServer> started = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		// Spring Boot's logging system is JVM-global: two contexts initialising it at once fail now
		// and then ("Unable to find Spring Environment in logger context"). These two keep the logging
		// the nodes of @BeforeAll set up. Separate server processes are not affected.
		String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		try {
			for (Path dataDir : dataDirs) {
				starting.add(starters.submit(() -> {
					TestServer.Builder builder = TestServer.builder()
						.store(TestStore.POSTGRES)
						.sameStoreAs(store)
						.dataDir(dataDir)
						.property("COFFER_ROOT_KEY", rootKey);
					ready.countDown();
					ready.await();
					return builder.start();
				}));
			}
			try {
				whileStarting.run();
			}
			catch (Throwable ex) {
				failures.add(ex);
			}
			for (Future<TestServer> future : starting) {
				try {
					started.add(future.get(3, TimeUnit.MINUTES));
				}
				catch (Exception ex) {
					failures.add(ex);
				}
			}
		}
		finally {
			if (loggingSystem == null) {
				System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
			}
			else {
				System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
			}
			starters.shutdownNow();
			starters.awaitTermination(30, TimeUnit.SECONDS);
		}
		if (!failures.isEmpty()) {
			started.forEach(TestServer::close);
			AssertionError error = new AssertionError("starting two nodes together failed: " + failures.get(0));
			failures.forEach(error::addSuppressed);
			throw error;
		}
		return started;
	}

	/** Waits (bounded) until {@code count} sessions wait on a lock inside a bootstrap transaction. */
	private static boolean awaitBootstrapsWaitingOnLocks(Connection watcher, int count) {
		int seenInARow = 0;
		for (int poll = 0; poll < 600; poll++) {
			try (Statement statement = watcher.createStatement();
					ResultSet waiting = statement.executeQuery("""
							SELECT count(*) FROM pg_stat_activity
							WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
							  AND (query LIKE '%INSERT INTO principals%' OR query LIKE '%INSERT INTO store_meta%')""")) {
				waiting.next();
				seenInARow = waiting.getInt(1) >= count ? seenInARow + 1 : 0;
				if (seenInARow >= 3) {
					return true;
				}
				Thread.sleep(100);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private static void assertBootstrappedOnce(List<TestServer> nodes) {
		List<TestServer> wroteCredentials = nodes.stream()
			.filter(node -> Files.exists(node.dataDir().resolve(CREDENTIALS_FILE)))
			.toList();
		assertThat(wroteCredentials).as("nodes that wrote " + CREDENTIALS_FILE).hasSize(1);
		TestServer first = wroteCredentials.get(0);
		JsonNode credentials = first.bootstrapCredentials();

		assertThat(first.jdbc()
			.sql("SELECT count(*) FROM principals WHERE name = 'bootstrap-admin'")
			.query(Long.class)
			.single()).isEqualTo(1L);
		assertThat(first.jdbc().sql("SELECT name FROM api_keys").query(String.class).list())
			.containsExactly(credentials.get("key_name").asString());
		assertThat(first.jdbc().sql("SELECT name FROM store_meta ORDER BY name").query(String.class).list())
			.containsExactly("bootstrapped_at", "root_key_check");

		for (TestServer node : nodes) {
			Api admin = node.anonymous()
				.basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());
			Api.Response accounts = admin.get("/api/v1/service-accounts?limit=1000");
			assertThat(accounts.status()).as(accounts.toString()).isEqualTo(200);
			List<String> names = new ArrayList<>();
			accounts.json().get("data").forEach(account -> names.add(account.get("name").asString()));
			assertThat(names).containsExactly("bootstrap-admin");
		}
	}

	private static String newRootKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	private static Issued issue(Api admin, String role) {
		Api.Response account = admin.post("/api/v1/service-accounts", Map.of("name", "sa-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response created = admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return new Issued(created.json().get("api_key").get("id").asString(), created.field("key_name"),
				created.field("key_secret"), created.field("bearer_token"));
	}

	static void assertProblem(Api.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode body = response.json();
		assertThat(body.get("code").asString()).as(response.toString()).isEqualTo(code);
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("request_id").asString()).isEqualTo(response.header("X-Request-Id"));
	}

	record Issued(String id, String name, String secret, String bearer) {
	}
}
