package dev.coffer.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.KilledServerTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The embedded store loses no acknowledged write when the server process is killed with SIGKILL:
 * a real child JVM takes concurrent writes, is killed mid-flight, restarts on the same data
 * directory and still has every write it answered 201 for, its root key and its bootstrap key.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SigkillDurabilityTest extends KilledServerTestBase {

	private static final int CLIENTS = 3;

	private static final int ACKNOWLEDGED_BEFORE_KILL = 150;



	@Test
	void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
		startChild();
		Path credentialsFile = this.dataDir.resolve("bootstrap-credentials.json");
		Path rootKeyFile = this.dataDir.resolve("root.key");
		byte[] credentialsBefore = Files.readAllBytes(credentialsFile);
		byte[] rootKeyBefore = Files.readAllBytes(rootKeyFile);
		JsonNode credentials = Api.JSON.readTree(credentialsBefore);
		Api admin = Api.anonymous(this.child.baseUrl())
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
						if (!child.process().isAlive()) {
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
		this.child.process().destroyForcibly();
		boolean exited = this.child.process().waitFor(30, TimeUnit.SECONDS);
		stop.set(true);
		for (Thread thread : clients) {
			thread.join(TimeUnit.SECONDS.toMillis(90));
		}
		assertThat(reached).as("%d writes acknowledged before the kill", ACKNOWLEDGED_BEFORE_KILL).isTrue();
		assertThat(exited).as("child exited after SIGKILL").isTrue();
		assertThat(this.child.process().exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
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




}
