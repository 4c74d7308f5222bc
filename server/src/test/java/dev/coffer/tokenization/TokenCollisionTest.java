package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/** Taken tokens are drawn again, a full token space is a per-item error, and racing requests agree. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TokenCollisionTest {

	@Parameter
	TestStore store;

	Api admin;

	@BeforeEach
	void setUp() {
		this.admin = TestServer.shared(this.store).admin();
	}

	/** Two-digit tokens: 100 exist in all, 200 are asked for. No other test issues two-digit tokens. */
	@Test
	void whenTheTokenSpaceFillsUpThenItemsAreTokenSpaceExhaustedAndNoTokenIsIssuedTwice() {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			values.add(String.format("%02d", i));
		}
		Set<String> issued = new HashSet<>();
		int exhausted = 0;
		for (int call = 0; call < 2; call++) {
			Api.Response response = this.admin.post("/api/v1/tokenize", Map.of("format", "digits", "values", values));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			JsonNode body = response.json();
			List<String> tokens = TokenizationApiTest.strings(body.get("tokens"));
			List<String> okTokens = new ArrayList<>();
			List<String> okValues = new ArrayList<>();
			for (int i = 0; i < tokens.size(); i++) {
				if (tokens.get(i) != null) {
					assertThat(issued.add(tokens.get(i))).as("token issued twice").isTrue();
					okTokens.add(tokens.get(i));
					okValues.add(values.get(i));
				}
			}
			for (JsonNode error : body.get("errors")) {
				assertThat(error.get("code").asString()).isEqualTo("token_space_exhausted");
				assertThat(tokens.get(error.get("index").asInt())).isNull();
				exhausted++;
			}
			JsonNode revealed = this.admin.post("/api/v1/detokenize", Map.of("tokens", okTokens)).json();
			assertThat(TokenizationApiTest.strings(revealed.get("values"))).containsExactlyElementsOf(okValues);
		}
		assertThat(issued).hasSizeLessThanOrEqualTo(100);
		assertThat(exhausted).isEqualTo(200 - issued.size());
	}

	@Test
	void concurrentDeterministicRequestsAgreeOnOneTokenPerValue() throws Exception {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			values.add("race-" + System.nanoTime() + "-" + i);
		}
		Map<String, Object> request = Map.of("format", "uuid", "values", values, "deterministic", true);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<Api.Response>> calls = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				calls.add(pool.submit(() -> this.admin.post("/api/v1/tokenize", request)));
			}
			List<String> first = null;
			for (Future<Api.Response> call : calls) {
				Api.Response response = call.get();
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
				List<String> tokens = TokenizationApiTest.strings(response.json().get("tokens"));
				assertThat(tokens).doesNotContainNull();
				if (first == null) {
					first = tokens;
				}
				assertThat(tokens).isEqualTo(first);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}
}
