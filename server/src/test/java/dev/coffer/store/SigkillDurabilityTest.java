package dev.coffer.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.coffer.CofferApplication;
import dev.coffer.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The embedded store loses no acknowledged write when the server process is killed with SIGKILL:
 * a real child JVM takes concurrent writes, is killed mid-flight, restarts on the same data
 * directory and still has every write it answered 201 for, its root key and its bootstrap key.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SigkillDurabilityTest {

	private static final int CLIENTS = 3;

	private static final int ACKNOWLEDGED_BEFORE_KILL = 150;

	private static final long HEALTH_WAIT_SECONDS = 90;

	/** Kept when the test fails, with the child's logs ({@code child-1.log}, {@code child-2.log}). */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dataDir;

	int port;

	Process child;

	int starts;

	@BeforeEach
	void setUp() throws IOException {
		assumeThat(System.getProperty("os.name").toLowerCase(Locale.ROOT)).as("destroyForcibly is SIGKILL").contains("linux");
		this.port = freePort();
	}

	@AfterEach
	void killChild() throws InterruptedException {
		if (this.child != null && this.child.isAlive()) {
			this.child.destroyForcibly();
			this.child.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
		startChild();
		Path credentialsFile = this.dataDir.resolve("bootstrap-credentials.json");
		Path rootKeyFile = this.dataDir.resolve("root.key");
		byte[] credentialsBefore = Files.readAllBytes(credentialsFile);
		byte[] rootKeyBefore = Files.readAllBytes(rootKeyFile);
		JsonNode credentials = Api.JSON.readTree(credentialsBefore);
		Api admin = Api.anonymous(baseUrl())
			.basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());

		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
		AtomicInteger failedRequests = new AtomicInteger();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int client = c;
			Thread thread = new Thread(() -> {
				// bounded: the kill ends the loop long before this
				for (int i = 0; i < 100_000 && !stop.get(); i++) {
					String name = "durable-" + client + "-" + i;
					Api.Response response;
					try {
						response = admin.post("/api/v1/service-accounts", Map.of("name", name));
					}
					catch (IllegalStateException connectionLost) {
						failedRequests.incrementAndGet();
						if (!child.isAlive()) {
							return;
						}
						continue;
					}
					if (response.status() == 201) {
						acknowledged.add(name);
						enough.countDown();
					}
					else if (response.status() != 429) {
						unexpected.add(response.toString());
					}
				}
			}, "durability-client-" + c);
			thread.setDaemon(true);
			clients.add(thread);
		}
		clients.forEach(Thread::start);
		boolean reached = enough.await(120, TimeUnit.SECONDS);
		// requests are in flight: kill -9
		this.child.destroyForcibly();
		boolean exited = this.child.waitFor(30, TimeUnit.SECONDS);
		stop.set(true);
		for (Thread thread : clients) {
			thread.join(TimeUnit.SECONDS.toMillis(90));
		}
		assertThat(reached).as("%d writes acknowledged before the kill", ACKNOWLEDGED_BEFORE_KILL).isTrue();
		assertThat(exited).as("child exited after SIGKILL").isTrue();
		assertThat(this.child.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
		assertThat(clients).noneMatch(Thread::isAlive);
		assertThat(unexpected).as("responses other than 201 before the kill").isEmpty();
		Set<String> acknowledgedAtKill = new HashSet<>(acknowledged);
		System.out.printf("SIGKILL after %d acknowledged writes; %d requests failed at the kill%n", acknowledgedAtKill.size(),
				failedRequests.get());

		// same data directory, same port
		startChild();
		assertThat(Files.readAllBytes(credentialsFile)).as("no second bootstrap").isEqualTo(credentialsBefore);
		assertThat(Files.readAllBytes(rootKeyFile)).as("root key unchanged").isEqualTo(rootKeyBefore);
		assertThat(log(2)).doesNotContain("Bootstrap: created").contains("Root key loaded from source 'file'");

		Api.Response me = admin.get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.field("key_name")).isEqualTo(credentials.get("key_name").asString());

		List<String> names = serviceAccountNames(admin);
		assertThat(names).doesNotHaveDuplicates();
		assertThat(names).filteredOn("bootstrap-admin"::equals).hasSize(1);
		Set<String> missing = new HashSet<>(acknowledgedAtKill);
		missing.removeAll(names);
		assertThat(missing).as("acknowledged writes lost (%d acknowledged, %d listed, %d requests failed at the kill)",
				acknowledgedAtKill.size(), names.size(), failedRequests.get())
			.isEmpty();

		// the store still takes writes after the crash
		Api.Response after = admin.post("/api/v1/service-accounts", Map.of("name", "after-restart"));
		assertThat(after.status()).as(after.toString()).isEqualTo(201);
	}

	private List<String> serviceAccountNames(Api admin) {
		List<String> names = new ArrayList<>();
		String cursor = null;
		for (int page = 0; page < 1_000; page++) {
			String path = "/api/v1/service-accounts?limit=1000"
					+ (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
			Api.Response response = admin.get(path);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			JsonNode body = response.json();
			body.get("data").forEach(account -> names.add(account.get("name").asString()));
			if (!body.get("has_more").asBoolean()) {
				return names;
			}
			cursor = body.get("next_cursor").asString();
		}
		return fail("more than 1000 pages of service accounts");
	}

	private void startChild() throws IOException, InterruptedException {
		this.starts++;
		Path argFile = this.dataDir.resolve("child-jvm.args");
		// an argument file: the test class path may be longer than a command line allows
		Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-Xmx512m", "@" + argFile, CofferApplication.class.getName(),
				"--server.port=" + this.port, "--coffer.data-dir=" + this.dataDir);
		// the child uses the embedded store and the root key file, whatever this JVM's environment says
		builder.environment().keySet().removeIf(name -> name.startsWith("COFFER_") || name.startsWith("SPRING_"));
		builder.redirectErrorStream(true);
		builder.redirectOutput(logFile(this.starts).toFile());
		this.child = builder.start();
		awaitHealthy();
	}

	private void awaitHealthy() throws InterruptedException, IOException {
		Api anonymous = Api.anonymous(baseUrl());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTH_WAIT_SECONDS);
		while (System.nanoTime() < deadline) {
			if (!this.child.isAlive()) {
				fail("child JVM exited with " + this.child.exitValue() + " before it was healthy:\n" + tail(log(this.starts)));
			}
			try {
				if (anonymous.get("/actuator/health").status() == 200) {
					return;
				}
			}
			catch (IllegalStateException notListeningYet) {
				// keep waiting
			}
			Thread.sleep(250);
		}
		fail("child JVM not healthy within " + HEALTH_WAIT_SECONDS + " s:\n" + tail(log(this.starts)));
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	private Path logFile(int start) {
		return this.dataDir.resolve("child-" + start + ".log");
	}

	private String log(int start) throws IOException {
		return Files.readString(logFile(start), StandardCharsets.UTF_8);
	}

	private static String tail(String log) {
		return log.length() <= 8_000 ? log : log.substring(log.length() - 8_000);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}
}
