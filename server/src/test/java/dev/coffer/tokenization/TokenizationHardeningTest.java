package dev.coffer.tokenization;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Review findings, kept fixed: over-long input, unlinkable random tokens, drivers that hide row counts. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TokenizationHardeningTest {

	@Parameter
	TestStore store;

	@Test
	void overLongValuesArePerItemErrorsNotServerErrors() {
		Api admin = TestServer.shared(this.store).admin();
		String card = "4" + " ".repeat(200) + "111111111111111";
		String phone = "+1 " + "-".repeat(200) + "415 555 0100";
		String email = "a@" + "\u0130".repeat(100) + ".com";
		for (Map.Entry<String, String> item : Map.of("card", card, "phone", phone, "email", email).entrySet()) {
			Api.Response response = admin.post("/api/v1/tokenize",
					Map.of("format", item.getKey(), "values", List.of(item.getValue(), validValue(item.getKey()))));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.get("tokens").get(0).isNull()).isTrue();
			assertThat(body.get("tokens").get(1).isNull()).as("the valid item of the batch is tokenized").isFalse();
			assertThat(body.get("errors").get(0).get("code").asString()).isEqualTo("invalid_value");
			assertThat(response.body()).doesNotContain(item.getValue());
		}
	}

	@Test
	void randomTokensOfOneValueCarryNoLinkingHash() {
		TestServer server = TestServer.shared(this.store);
		String value = "linkable-" + UUID.randomUUID() + "@example.com";
		Api admin = server.admin();
		String first = admin.post("/api/v1/tokenize", Map.of("format", "email", "values", List.of(value))).json().get("tokens").get(0).asString();
		String second = admin.post("/api/v1/tokenize", Map.of("format", "email", "values", List.of(value))).json().get("tokens").get(0).asString();
		String deterministic = admin.post("/api/v1/tokenize", Map.of("format", "email", "values", List.of(value), "deterministic", true))
			.json().get("tokens").get(0).asString();
		assertThat(first).isNotEqualTo(second);
		assertThat(server.jdbc().sql("SELECT count(*) FROM vault_tokens WHERE token IN (:a, :b) AND value_hmac IS NULL")
			.param("a", first).param("b", second).query(Long.class).single()).isEqualTo(2);
		assertThat(server.jdbc().sql("SELECT value_hmac FROM vault_tokens WHERE token = :t").param("t", deterministic)
			.query(String.class).single()).hasSize(64);
	}

	@Test
	void storeUrlThatHidesPerRowCountsIsRefusedAtStart() {
		assumeTrue(this.store == TestStore.POSTGRES, "a pgjdbc option");
		TestServer.Builder builder = TestServer.builder().store(TestStore.POSTGRES);
		Map<String, String> properties = new java.util.HashMap<>(builder.storeProperties());
		properties.put("coffer.store.url", properties.get("coffer.store.url") + "?reWriteBatchedInserts=true");
		assertThatThrownBy(() -> TestServer.builder().sameStoreAs(properties).start())
			.hasStackTraceContaining("reWriteBatchedInserts");
	}

	private static String validValue(String format) {
		return switch (format) {
			case "card" -> "4111 1111 1111 1111";
			case "phone" -> "+1 415 555 0100";
			default -> "someone@example.com";
		};
	}
}
