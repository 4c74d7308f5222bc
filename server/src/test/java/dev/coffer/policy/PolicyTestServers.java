package dev.coffer.policy;

import java.util.EnumMap;
import java.util.Map;

import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

/** One server per store for the policy tests, with column tags from {@link StaticColumnTags}. */
final class PolicyTestServers {

	private static final Map<TestStore, TestServer> SHARED = new EnumMap<>(TestStore.class);

	private PolicyTestServers() {
	}

	static synchronized TestServer shared(TestStore store) {
		return SHARED.computeIfAbsent(store, s -> {
			TestServer server = TestServer.builder().store(s).property("coffer.test.static-column-tags", "true").start();
			server.admin().patch("/api/v1/settings", Map.of("auth.failures_per_minute_per_address", 100_000));
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}
}
