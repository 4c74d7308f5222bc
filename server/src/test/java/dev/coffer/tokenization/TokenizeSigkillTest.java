package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.KilledServerTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No token a client received is lost when the server is killed with SIGKILL mid-run: a child JVM on
 * the embedded store tokenizes random-mode batches from several clients, is killed, restarts on the
 * same data directory, and every token answered 200 before the kill still detokenizes to its value.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TokenizeSigkillTest extends KilledServerTestBase {

	private static final int CLIENTS = 3;

	private static final int BATCH = 20;

	private static final int BATCHES_BEFORE_KILL = 100;



	@Test
	void everyReceivedTokenDetokenizesToItsValueAfterSigkill() throws Exception {
		startChild();
		JsonNode credentials = Api.JSON.readTree(this.dataDir.resolve("bootstrap-credentials.json").toFile());
		Api admin = Api.anonymous(this.child.baseUrl())
			.basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());

		Map<String, String> received = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch enough = new CountDownLatch(BATCHES_BEFORE_KILL);
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int client = c;
			Thread thread = new Thread(() -> {
				// bounded: the kill ends the loop long before this
				for (int i = 0; i < 100_000 && !stop.get(); i++) {
					List<String> values = new ArrayList<>(BATCH);
					for (int v = 0; v < BATCH; v++) {
						values.add("value-" + client + "-" + i + "-" + v);
					}
					Api.Response response;
					try {
						response = admin.post("/api/v1/tokenize", Map.of("format", "alphanumeric", "values", values));
					}
					catch (IllegalStateException connectionLost) {
						if (!this.child.process().isAlive()) {
							return;
						}
						continue;
					}
					if (response.status() == 200) {
						JsonNode tokens = response.json().get("tokens");
						for (int v = 0; v < BATCH; v++) {
							received.put(tokens.get(v).asString(), values.get(v));
						}
						enough.countDown();
					}
					else if (response.status() != 429) {
						unexpected.add(response.status() + " " + response.json().get("code"));
					}
				}
			}, "tokenize-client-" + c);
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
		assertThat(reached).as("%d batches tokenized before the kill", BATCHES_BEFORE_KILL).isTrue();
		assertThat(exited).as("child exited after SIGKILL").isTrue();
		assertThat(this.child.process().exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
		assertThat(clients).noneMatch(Thread::isAlive);
		assertThat(unexpected).as("answers other than 200 before the kill").isEmpty();
		Map<String, String> atKill = Map.copyOf(received);

		startChild();
		List<String> tokens = new ArrayList<>(atKill.keySet());
		for (int from = 0; from < tokens.size(); from += Batches.MAX_ITEMS) {
			List<String> slice = tokens.subList(from, Math.min(tokens.size(), from + Batches.MAX_ITEMS));
			Api.Response revealed = admin.post("/api/v1/detokenize", Map.of("tokens", slice));
			assertThat(revealed.status()).as("detokenize after restart").isEqualTo(200);
			assertThat(revealed.json().get("errors").isEmpty()).as("received tokens lost or broken: %s",
					revealed.json().get("errors")).isTrue();
			JsonNode values = revealed.json().get("values");
			for (int i = 0; i < slice.size(); i++) {
				assertThat(values.get(i).asString()).as("value of a received token").isEqualTo(atKill.get(slice.get(i)));
			}
		}
		System.out.printf("SIGKILL after %d received tokens; all detokenized after restart%n", atKill.size());
	}

}
