package dev.coffer.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Coffer server for the integration tests: {@code server/target/coffer-server.jar},
 * started once per test JVM as a child process ({@code java -jar}) on a free port, with a
 * temporary data dir and a preset bootstrap admin key, and stopped when the JVM exits. The root
 * reactor builds {@code server/} before {@code client/}; on its own, build the server first.
 */
final class CofferServer {

	static final String ADMIN_KEY = "client-it-admin";

	static final String ADMIN_SECRET = "client-it-secret-3f9a1c7e5b2d4086";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static CofferServer instance;

	private final Process process;

	private final String baseUrl;

	private final Path dataDir;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private CofferServer(Process process, String baseUrl, Path dataDir) {
		this.process = process;
		this.baseUrl = baseUrl;
		this.dataDir = dataDir;
	}

	private static RuntimeException startFailure;

	/** The running server; a failed start fails every later test at once instead of starting again. */
	static synchronized CofferServer get() {
		if (startFailure != null) {
			throw startFailure;
		}
		if (instance == null) {
			try {
				instance = start();
			}
			catch (RuntimeException ex) {
				startFailure = ex;
				throw ex;
			}
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "coffer-it-server-stop"));
		}
		return instance;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/** A builder with the bootstrap admin key, no real sleeping between attempts. */
	CofferClient.Builder adminClient() {
		return CofferClient.builder().baseUrl(this.baseUrl).apiKey(ADMIN_KEY, ADMIN_SECRET);
	}

	/** The bearer token the server wrote into its bootstrap credentials file. */
	String adminBearerToken() {
		try {
			Map<?, ?> credentials = JSON.readValue(this.dataDir.resolve("bootstrap-credentials.json").toFile(), Map.class);
			return (String) credentials.get("bearer_token");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A new service account with a key of {@code roles}: {@code [key_name, key_secret]}. */
	String[] newKey(String name, List<String> roles) {
		Map<?, ?> account = adminPost("/api/v1/service-accounts", Map.of("name", name));
		Map<?, ?> key = adminPost("/api/v1/api-keys", Map.of("principal_id", account.get("id"), "roles", roles));
		return new String[] { (String) key.get("key_name"), (String) key.get("key_secret") };
	}

	/** A plain admin request, outside the client under test. */
	Map<?, ?> adminPost(String path, Object body) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString((ADMIN_KEY + ":" + ADMIN_SECRET).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
				.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return JSON.readValue(response.body(), Map.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static CofferServer start() {
		Path jar = Path.of(System.getProperty("coffer.server.jar", "../server/target/coffer-server.jar"))
			.toAbsolutePath()
			.normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The client's integration tests need the server jar " + jar
					+ ", which is missing. Build the server first: `mvn -B verify` from the root builds server/ "
					+ "before client/, or run `mvn -B -pl server package -DskipTests` before `mvn -B -pl client verify`.");
		}
		try {
			Path work = Path.of(System.getProperty("coffer.test.dir", "target/coffer-it"));
			Files.createDirectories(work);
			Path dataDir = Files.createTempDirectory(work, "data-");
			Path log = work.resolve("server.log");
			int port = freePort();
			ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
					"--server.port=" + port, "--server.address=127.0.0.1", "--coffer.data-dir=" + dataDir)
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().put("COFFER_BOOTSTRAP_KEY_NAME", ADMIN_KEY);
			builder.environment().put("COFFER_BOOTSTRAP_KEY_SECRET", ADMIN_SECRET);
			builder.environment().remove("COFFER_ROOT_KEY");
			Process process = builder.start();
			String baseUrl = "http://127.0.0.1:" + port;
			CofferServer server = new CofferServer(process, baseUrl, dataDir);
			server.awaitHealthy(log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitHealthy(Path log) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		HttpRequest health = HttpRequest.newBuilder(URI.create(this.baseUrl + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The Coffer server exited with status " + this.process.exitValue()
						+ " while starting; its output is in " + log.toAbsolutePath());
			}
			try {
				if (this.http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		stop();
		throw new IllegalStateException("The Coffer server did not become healthy in time; its output is in "
				+ log.toAbsolutePath());
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.dataDir)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temp dir under target/ is harmless
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}
}
