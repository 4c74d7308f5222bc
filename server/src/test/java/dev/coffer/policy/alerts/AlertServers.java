package dev.coffer.policy.alerts;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server per store for the alert tests (their rules must not watch the principals of other
 * tests): 127.0.0.1 allowed as a webhook target, a short delivery poll interval, and a small
 * connection pool, closed by {@link #closeAll} so the shared PostgreSQL gets its connections back.
 */
final class AlertServers {

	private static final Map<TestStore, TestServer> SERVERS = new EnumMap<>(TestStore.class);

	private AlertServers() {
	}

	static synchronized TestServer of(TestStore store) {
		return SERVERS.computeIfAbsent(store, s -> {
			TestServer server = TestServer.builder()
				.store(s)
				.property("coffer.webhooks.allowed-hosts", "127.0.0.1")
				.property("coffer.webhooks.poll-interval", "100ms")
				.property("coffer.store.max-pool-size", "4")
				.start();
			server.admin().patch("/api/v1/settings", Map.of("auth.failures_per_minute_per_address", 100_000));
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}

	static synchronized void closeAll() {
		SERVERS.values().forEach(TestServer::close);
		SERVERS.clear();
	}

	/** A new service account with one key carrying {@code roles}: its id and a client using its bearer token. */
	static Principal principal(TestServer server, String... roles) {
		Api admin = server.admin();
		Api.Response account = admin.post("/api/v1/service-accounts", Map.of("name", "alerts-sa-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", List.of(roles)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return new Principal(account.field("id"), key.field("bearer_token"), server.anonymous().bearer(key.field("bearer_token")));
	}

	/** A principal of a test, with its bearer token and a client of the server that issued it. */
	record Principal(String id, String bearer, Api api) {

		String reference() {
			return "service_account:" + this.id;
		}
	}
}
