package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-value tokenize requests that arrive together share one commit (Vault#tokenizeShared): each
 * still gets its own token and its own chained audit event with its caller and request id, and a
 * shared transaction that cannot be audited stores nothing of any request in it.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class SharedCommitTokenizeTest {

	private static final int REQUESTS_PER_KEY = 24;

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
	void concurrentSingleValueRequestsOfTwoKeysAreEachIssuedAndAuditedAsTheirOwn() throws Exception {
		List<String> keyNames = List.of(newKey("shared-a"), newKey("shared-b"));
		List<Api> callers = List.of(this.keysByName.get(keyNames.get(0)), this.keysByName.get(keyNames.get(1)));
		String run = UUID.randomUUID().toString().substring(0, 8);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Api.Response>> responses = new ArrayList<>();
			List<String> values = new ArrayList<>();
			List<String> requestIds = new ArrayList<>();
			List<String> senders = new ArrayList<>();
			for (int i = 0; i < REQUESTS_PER_KEY * 2; i++) {
				String value = String.format("%08d%08d", Math.abs(run.hashCode()) % 100_000_000, i);
				String requestId = "shared-" + run + "-" + i;
				Api caller = callers.get(i % 2).header("X-Request-Id", requestId);
				values.add(value);
				requestIds.add(requestId);
				senders.add(keyNames.get(i % 2));
				responses.add(pool.submit(() -> caller.post("/api/v1/tokenize",
						Map.of("format", "digits", "values", List.of(value)))));
			}
			List<String> tokens = new ArrayList<>();
			for (Future<Api.Response> future : responses) {
				Api.Response response = future.get();
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
				assertThat(response.json().get("errors").isEmpty()).isTrue();
				tokens.add(response.json().get("tokens").get(0).asString());
			}
			assertThat(tokens).doesNotHaveDuplicates();
			// each value is in the vault under its own token
			assertThat(TokenizationApiTest.strings(new TokenApi(this.admin).detokenize(tokens).get("values")))
				.containsExactlyElementsOf(values);
			// one chained event per request, with the key that sent it; the answer waited for the chain
			for (int i = 0; i < requestIds.size(); i++) {
				List<Map<String, Object>> events = this.server.jdbc()
					.sql("SELECT seq, key_name, details FROM audit_events WHERE request_id = :id AND action = 'tokens.tokenized'")
					.param("id", requestIds.get(i))
					.query()
					.listOfRows();
				assertThat(events).as(requestIds.get(i)).hasSize(1);
				assertThat(((Number) events.get(0).get("seq")).longValue()).as("chained").isPositive();
				assertThat(events.get(0).get("key_name")).isEqualTo(senders.get(i));
				assertThat((String) events.get(0).get("details")).contains("\"count\":1").contains("\"errors\":0");
			}
		}
		finally {
			pool.shutdownNow();
		}
		Api.Response verify = this.admin.get("/api/v1/audit/verify");
		assertThat(verify.json().get("valid").asBoolean()).as(verify.toString()).isTrue();
	}

	@Test
	void whenTheAuditLogCannotBeWrittenThenConcurrentSingleValueRequestsAreRefusedAndStoreNothing() throws Exception {
		long before = vaultRows();
		this.server.jdbc().sql("ALTER TABLE audit_events RENAME TO audit_events_away").update();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Api.Response>> responses = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				String value = "unaudited-" + i;
				responses.add(pool.submit(() -> this.admin.post("/api/v1/tokenize",
						Map.of("format", "alphanumeric", "values", List.of(value)))));
			}
			for (Future<Api.Response> response : responses) {
				assertProblem(response.get(), 503, "audit_unavailable");
			}
		}
		finally {
			pool.shutdownNow();
			this.server.jdbc().sql("ALTER TABLE audit_events_away RENAME TO audit_events").update();
		}
		assertThat(vaultRows()).as("nothing stored").isEqualTo(before);
		assertThat(new TokenApi(this.admin).tokenize(Map.of("format", "alphanumeric", "values", List.of("audited"))))
			.hasSize(1);
	}

	private final Map<String, Api> keysByName = new java.util.HashMap<>();

	/** A new tokenizer key; answers its name (the client is kept by name). */
	private String newKey(String prefix) {
		Api.Response account = this.admin.post("/api/v1/service-accounts", Map.of("name", prefix + "-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = this.admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", List.of("tokenizer", "detokenizer")));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		this.keysByName.put(key.field("key_name"), this.admin.anonymous().bearer(key.field("bearer_token")));
		return key.field("key_name");
	}

	private long vaultRows() {
		return this.server.jdbc().sql("SELECT count(*) FROM vault_tokens").query(Long.class).single();
	}
}
