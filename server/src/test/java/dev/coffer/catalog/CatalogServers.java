package dev.coffer.catalog;

import java.util.EnumMap;
import java.util.Map;

import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

/**
 * One server per store for the catalog tests, with the test keyword classifier
 * ({@code coffer.test.keyword-classifier=true}); shared by the catalog test classes of a run.
 */
final class CatalogServers {

	private static final Map<TestStore, TestServer> SHARED = new EnumMap<>(TestStore.class);

	private CatalogServers() {
	}

	static synchronized TestServer shared(TestStore store) {
		return SHARED.computeIfAbsent(store, s -> {
			TestServer server = TestServer.builder().store(s).property("coffer.test.keyword-classifier", "true").start();
			server.admin().patch("/api/v1/settings", Map.of("auth.failures_per_minute_per_address", 100_000));
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}
}
