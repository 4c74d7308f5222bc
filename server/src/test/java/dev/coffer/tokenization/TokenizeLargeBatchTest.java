package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/** A full batch of 10,000 card numbers, some of them invalid, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TokenizeLargeBatchTest {

	@Parameter
	TestStore store;

	@Test
	void aBatchOfTenThousandWithSomeInvalidItemsAnswersPerItemErrorsAndEveryValidToken() {
		Api admin = TestServer.shared(this.store).admin();
		long seed = System.nanoTime() % 1_000_000_000L;
		List<String> values = new ArrayList<>();
		Set<Integer> invalid = new TreeSet<>();
		for (int i = 0; i < 10_000; i++) {
			if (i % 97 == 13) {
				invalid.add(i);
				values.add(i % 2 == 0 ? "not a card " + i : "4111-" + i);
			}
			else {
				values.add(String.format("4%09d%06d", seed, i));
			}
		}

		Api.Response response = admin.post("/api/v1/tokenize", Map.of("format", "card", "values", values));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode tokens = response.json().get("tokens");
		JsonNode errors = response.json().get("errors");
		assertThat(tokens.size()).isEqualTo(10_000);
		Set<Integer> failed = new TreeSet<>();
		for (JsonNode error : errors) {
			assertThat(error.get("code").asString()).isEqualTo("invalid_value");
			assertThat(error.get("message").asString()).doesNotContain(values.get(error.get("index").asInt()));
			failed.add(error.get("index").asInt());
		}
		assertThat(failed).isEqualTo(invalid);
		List<String> validTokens = new ArrayList<>();
		List<String> validValues = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			if (invalid.contains(i)) {
				assertThat(tokens.get(i).isNull()).as("item %d", i).isTrue();
				continue;
			}
			String token = tokens.get(i).asString();
			assertThat(token).hasSize(16).endsWith(values.get(i).substring(12)).isNotEqualTo(values.get(i));
			validTokens.add(token);
			validValues.add(values.get(i));
		}

		Api.Response revealed = admin.post("/api/v1/detokenize", Map.of("tokens", validTokens, "format", "card"));
		assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
		assertThat(revealed.json().get("errors").isEmpty()).isTrue();
		List<String> back = new ArrayList<>();
		revealed.json().get("values").forEach(v -> back.add(v.asString()));
		assertThat(back).containsExactlyElementsOf(validValues);
	}
}
