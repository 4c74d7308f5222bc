package dev.coffer.client;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared {@link CofferClient} per configuration per JVM, for Spark executors and Flink task
 * managers: every task that calls {@code shared(config)} with an equal config gets the same
 * client, so its connection pool is shared and nothing has to be closed. A config is
 * {@link java.io.Serializable}; a client is not, so functions carry the config and ask for the
 * client where they run:
 *
 * <pre>{@code
 * CofferClientConfig config = CofferClient.builder().baseUrl(url).apiKey(name, secret).buildConfig();
 * rdd.mapPartitions(rows -> {
 *     CofferClient coffer = CofferClients.shared(config);   // once per JVM
 *     ...
 * });
 * }</pre>
 */
public final class CofferClients {

	private static final Map<CofferClientConfig, CofferClient> SHARED = new ConcurrentHashMap<>();

	private CofferClients() {
	}

	/** The JVM's client for {@code config}, created on first use. */
	public static CofferClient shared(CofferClientConfig config) {
		Objects.requireNonNull(config, "config cannot be null");
		return SHARED.computeIfAbsent(config, key -> new CofferClient(key, Sleeper.THREAD, true));
	}
}
