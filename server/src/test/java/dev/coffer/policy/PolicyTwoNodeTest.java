package dev.coffer.policy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.policy.PolicyFixtures.column;
import static dev.coffer.policy.PolicyFixtures.dataSource;
import static dev.coffer.policy.PolicyFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL: a policy or a column tag changed on one is used by the other within a
 * few seconds.
 */
class PolicyTwoNodeTest {

	static TestServer nodeA;

	static TestServer nodeB;

	@BeforeAll
	static void startTwoNodes() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String rootKey = Base64.getEncoder().encodeToString(key);
		TestServer.Builder a = TestServer.builder().store(TestStore.POSTGRES).property("COFFER_ROOT_KEY", rootKey);
		Map<String, String> store = a.storeProperties();
		nodeA = a.start();
		nodeB = TestServer.builder().store(TestStore.POSTGRES).sameStoreAs(store).property("COFFER_ROOT_KEY", rootKey).start();
	}

	@AfterAll
	static void stopTwoNodes() {
		for (TestServer node : new TestServer[] { nodeB, nodeA }) {
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	void aPolicyCreatedOnOneNodeDecidesOnTheOtherWithinSeconds() throws InterruptedException {
		Api a = nodeA.admin();
		Api b = nodeB.anonymous().withAuthorization(authorization(nodeA));
		Map<String, Object> ssn = column(dataSource(), "hr", "people", "ssn");
		Map<String, Object> request = Map.of("roles", List.of("analyst"), "columns", List.of(ssn));
		assertThat(maskingType(b.post("/api/v1/access/evaluate", request))).as("node B compiled its snapshot")
			.isEqualTo("no_mask");

		String id = PolicyFixtures.columnPolicy(a, List.of(ssn), List.of(rule("analyst", "last_four")));
		assertThat(maskingType(a.post("/api/v1/access/evaluate", request))).as("at once on node A").isEqualTo("last_four");
		assertThat(awaitMaskingType(b, request, "last_four")).as("node B within a few seconds").isTrue();

		assertThat(a.delete("/api/v1/policies/columns/" + id).status()).isEqualTo(204);
		assertThat(awaitMaskingType(b, request, "no_mask")).as("a deletion too").isTrue();
	}

	@Test
	void aColumnTagChangedOnOneNodeDecidesOnTheOtherWithinSeconds() throws InterruptedException {
		Api a = nodeA.admin();
		Api b = nodeB.anonymous().withAuthorization(authorization(nodeA));
		String source = CatalogSource.register(a);
		String phone = CatalogSource.catalogue(a, source, "phone");
		String tag = "PII";
		String policy = PolicyFixtures.tagPolicy(a, tag, "phone-" + System.nanoTime(), List.of(rule("analyst", "last_four")));
		String value = a.get("/api/v1/policies/tags/" + policy).field("tag_value");
		Map<String, Object> request = Map.of("roles", List.of("analyst"), "columns",
				List.of(CatalogSource.column(source, "phone")));
		assertThat(awaitMaskingType(b, request, "no_mask")).as("node B sees the tag policy, and no tag yet").isTrue();

		CatalogSource.tag(a, source, phone, tag, value);
		assertThat(maskingType(a.post("/api/v1/access/evaluate", request))).as("at once on node A").isEqualTo("last_four");
		assertThat(awaitMaskingType(b, request, "last_four")).as("node B within a few seconds").isTrue();

		CatalogSource.untag(a, source, phone, tag);
		assertThat(maskingType(a.post("/api/v1/access/evaluate", request))).as("at once on node A").isEqualTo("no_mask");
		assertThat(awaitMaskingType(b, request, "no_mask")).as("an untagging too").isTrue();
		assertThat(a.delete("/api/v1/policies/tags/" + policy).status()).isEqualTo(204);
	}

	private static boolean awaitMaskingType(Api api, Map<String, Object> request, String expected)
			throws InterruptedException {
		for (int i = 0; i < 300; i++) {
			if (expected.equals(maskingType(api.post("/api/v1/access/evaluate", request)))) {
				return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	private static String maskingType(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("columns").get(0).get("masking_type").asString();
	}

	private static String authorization(TestServer server) {
		var credentials = server.bootstrapCredentials();
		return "Bearer " + credentials.get("bearer_token").asString();
	}
}
