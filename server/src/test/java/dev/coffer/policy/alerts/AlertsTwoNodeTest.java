package dev.coffer.policy.alerts;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL behave as one: values read through either node count against the
 * same rule, the node that sees the limit crossed blocks, the other refuses too on its next read,
 * and a resolution on one node lifts the block on the other within its cache interval.
 */
class AlertsTwoNodeTest {

	@Test
	void valuesReadOnTwoNodesTogetherTripTheRuleAndTheResolutionReachesBoth() {
		byte[] rootKey = new byte[32];
		new SecureRandom().nextBytes(rootKey);
		String encoded = Base64.getEncoder().encodeToString(rootKey);
		TestServer.Builder first = TestServer.builder().store(TestStore.POSTGRES).property("COFFER_ROOT_KEY", encoded);
		Map<String, String> store = first.storeProperties();
		try (TestServer a = first.start();
				TestServer b = TestServer.builder().sameStoreAs(store).property("COFFER_ROOT_KEY", encoded).start()) {
			Api adminA = a.admin();
			AlertServers.Principal reader = AlertServers.principal(a, "detokenizer");
			Api readerA = reader.api();
			Api readerB = b.anonymous().bearer(reader.bearer());
			List<String> values = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				values.add("two-node-" + i + "@example.com");
			}
			Api.Response tokenized = adminA.post("/api/v1/tokenize", Map.of("format", "email", "values", values));
			List<String> tokens = new ArrayList<>();
			tokenized.json().get("tokens").forEach(token -> tokens.add(token.asString()));
			Api.Response rule = adminA.post("/api/v1/alert-rules", Map.of("name", "two nodes", "kind", "rate", "rate",
					Map.of("max_values", 3, "window_seconds", 3600), "target", Map.of("principal_id", reader.id()),
					"action", "block"));
			assertThat(rule.status()).as(rule.toString()).isEqualTo(201);

			assertThat(readerA.post("/api/v1/detokenize", Map.of("tokens", tokens.subList(0, 2))).status()).isEqualTo(200);
			assertThat(readerB.post("/api/v1/detokenize", Map.of("tokens", tokens.subList(2, 3))).status())
				.as("three values in all, the limit").isEqualTo(200);
			Api.Response tripped = readerB.post("/api/v1/detokenize", Map.of("tokens", tokens.subList(3, 4)));
			assertProblem(tripped, 403, "access_blocked");
			String alertId = tripped.field("alert_id");

			Api.Response onA = readerA.post("/api/v1/detokenize", Map.of("tokens", tokens.subList(0, 1)));
			assertProblem(onA, 403, "access_blocked");
			assertThat(onA.field("alert_id")).as("one alert across nodes").isEqualTo(alertId);
			Api.Response alerts = adminA.get("/api/v1/alerts?rule_id=" + rule.field("id"));
			assertThat(alerts.json().get("data")).hasSize(1);
			assertThat(alerts.json().get("data").get(0).get("observed_values").asLong()).isEqualTo(5);

			Api.Response resolved = adminA.post("/api/v1/alerts/" + alertId + "/resolve", Map.of("reason", "tested"));
			assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
			assertThat(readerA.post("/api/v1/detokenize", Map.of("tokens", tokens.subList(0, 1))).status())
				.as("lifted at once on the resolving node").isEqualTo(200);
			Api.Response onB = null;
			long deadline = System.nanoTime() + 15_000_000_000L;
			while (System.nanoTime() < deadline) {
				onB = readerB.post("/api/v1/detokenize", Map.of("tokens", tokens.subList(0, 1)));
				if (onB.status() != 403) {
					break;
				}
				Thread.sleep(100);
			}
			assertThat(onB.status()).as("lifted on the other node: " + onB).isEqualTo(200);
			assertThat(onB.json().get("values").get(0).asString()).isEqualTo(values.get(0));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
