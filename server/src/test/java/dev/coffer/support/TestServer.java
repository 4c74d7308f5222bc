package dev.coffer.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.CofferApplication;

/**
 * A Coffer server started in this JVM on a random port, on its own data directory and store.
 * {@link #shared(TestStore)} gives one server per store for the whole run; tests that need their
 * own configuration build one and close it.
 */
public final class TestServer implements AutoCloseable {

	private static final Map<TestStore, TestServer> SHARED = new EnumMap<>(TestStore.class);

	private final ConfigurableApplicationContext context;

	private final Path dataDir;

	private final TestStore store;

	private TestServer(ConfigurableApplicationContext context, Path dataDir, TestStore store) {
		this.context = context;
		this.dataDir = dataDir;
		this.store = store;
	}

	/** One server per store for the whole test run, with relaxed failed-authentication limits. */
	public static synchronized TestServer shared(TestStore store) {
		return SHARED.computeIfAbsent(store, s -> {
			TestServer server = builder().store(s).start();
			server.admin().patch("/api/v1/settings", Map.of("auth.failures_per_minute_per_address", 100_000));
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			return server;
		});
	}

	public static Builder builder() {
		return new Builder();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
	}

	public Path dataDir() {
		return this.dataDir;
	}

	public TestStore store() {
		return this.store;
	}

	/** The bootstrap credentials the server wrote. */
	public JsonNode bootstrapCredentials() {
		try {
			return Api.JSON.readTree(Files.readString(this.dataDir.resolve("bootstrap-credentials.json")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A client authenticated with the bootstrap admin key (HTTP Basic). */
	public Api admin() {
		JsonNode credentials = bootstrapCredentials();
		return anonymous().basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());
	}

	public Api anonymous() {
		return Api.anonymous(baseUrl());
	}

	/** Direct access to the server's store, for tests that tamper with rows. */
	public JdbcClient jdbc() {
		return JdbcClient.create(this.context.getBean(DataSource.class));
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		if (this.context.isActive()) {
			this.context.close();
		}
	}

	/** Configures a server. */
	public static final class Builder {

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private TestStore store = TestStore.EMBEDDED;

		private Path dataDir;

		private Map<String, String> storeProperties;

		public Builder store(TestStore store) {
			this.store = store;
			return this;
		}

		/** Reuse the store of another server (two nodes on one database). */
		public Builder sameStoreAs(Map<String, String> storeProperties) {
			this.storeProperties = storeProperties;
			return this;
		}

		public Builder dataDir(Path dataDir) {
			this.dataDir = dataDir;
			return this;
		}

		public Builder property(String name, Object value) {
			this.properties.put(name, value);
			return this;
		}

		public Map<String, String> storeProperties() {
			if (this.storeProperties == null) {
				this.storeProperties = this.store.newStoreProperties();
			}
			return this.storeProperties;
		}

		public TestServer start() {
			try {
				Path dir = this.dataDir != null ? this.dataDir : Files.createTempDirectory("coffer-test-");
				Map<String, Object> all = new LinkedHashMap<>();
				all.put("server.port", "0");
				all.put("coffer.data-dir", dir.toString());
				all.put("coffer.store.max-pool-size", "8");
				all.putAll(storeProperties());
				all.putAll(this.properties);
				// command-line arguments outrank application.yml (builder properties would not)
				String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
				ConfigurableApplicationContext context = new SpringApplicationBuilder(CofferApplication.class).run(args);
				return new TestServer(context, dir, this.store);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}
}
