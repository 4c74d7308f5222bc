package dev.coffer.policy;

import java.util.EnumMap;
import java.util.Map;

import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

/**
 * One server per store for the policy tests: {@link #shared} with column tags from
 * {@link StaticColumnTags}, {@link #catalog} with the catalog's own column tags (as in production).
 */
final class PolicyTestServers {

	private static final Map<TestStore, TestServer> SHARED = new EnumMap<>(TestStore.class);

	private static final Map<TestStore, TestServer> CATALOG = new EnumMap<>(TestStore.class);

	private PolicyTestServers() {
	}

	static synchronized TestServer shared(TestStore store) {
		return SHARED.computeIfAbsent(store, s -> start(TestServer.builder().store(s).property("coffer.test.static-column-tags", "true")));
	}

	static synchronized TestServer catalog(TestStore store) {
		return CATALOG.computeIfAbsent(store, s -> start(TestServer.builder().store(s)));
	}

	private static TestServer start(TestServer.Builder builder) {
		TestServer server = builder.start();
		server.admin().patch("/api/v1/settings", Map.of("auth.failures_per_minute_per_address", 100_000));
		Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		return server;
	}
}
