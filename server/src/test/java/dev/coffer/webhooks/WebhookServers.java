package dev.coffer.webhooks;

import java.util.EnumMap;
import java.util.Map;

import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

/**
 * One server per store for the webhook tests: 127.0.0.1 allowed as a target, the retry schedule
 * scaled by 0.01 ({@code coffer.webhooks.backoff-scale}: 5 s becomes 50 ms) and a short poll
 * interval and request timeout, so retries happen within seconds.
 */
final class WebhookServers {

	private static final Map<TestStore, TestServer> SERVERS = new EnumMap<>(TestStore.class);

	private WebhookServers() {
	}

	static synchronized TestServer of(TestStore store) {
		return SERVERS.computeIfAbsent(store, s -> {
			TestServer server = TestServer.builder()
				.store(s)
				.property("coffer.webhooks.allowed-hosts", "127.0.0.1")
				.property("coffer.webhooks.backoff-scale", "0.01")
				.property("coffer.webhooks.poll-interval", "100ms")
				.property("coffer.webhooks.request-timeout", "2s")
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}
}
