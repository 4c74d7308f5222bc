package dev.coffer.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** The client against the real server: round trips, batching, order, per-item errors, options. */
class CofferClientIT {

	private final CofferServer server = CofferServer.get();

	private final CofferClient coffer = this.server.adminClient().build();

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"card       | 4111 1111 1111 1111 | 5500-0000-0000-0004",
			"ssn        | 123-45-6789         | 987654321",
			"email      | ada@example.com     | grace.hopper@navy.example",
			"uuid       | any text at all     | ünïcödé ✓ \"quoted\" \\ back",
			"digits     | 0042                | 1234567890123",
			"digits-fpe | 1234567890          | 000000",
			"card-fpe   | 4111 1111 1111 1111 | 4000056655665556" })
	void tokenizeThenDetokenizeGivesBackTheValuesInOrder(String format, String first, String second) {
		List<String> values = List.of(first, second);

		TokenizeResult tokens = this.coffer.tokenize(format, values);
		DetokenizeResult revealed = this.coffer.detokenize(tokens.tokens(), DetokenizeOptions.defaults().format(format));

		assertThat(tokens.errors()).isEmpty();
		assertThat(tokens.tokens()).hasSize(2).doesNotContainNull().doesNotContainAnyElementsOf(values);
		assertThat(revealed.errors()).isEmpty();
		assertThat(revealed.values()).containsExactlyElementsOf(values);
	}

	@Test
	void twentyFiveThousandValuesInBatchesOfOneThousandComeBackInOrderWithErrorsAtTheirGlobalIndices() throws Exception {
		Random random = new Random(42);
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 25_000; i++) {
			values.add(Integer.toString(100_000_000 + random.nextInt(900_000_000)));
		}
		int[] bad = { 0, 999, 1_000, 12_345, 24_999 };
		for (int index : bad) {
			values.set(index, "not digits");
		}
		values.set(7_777, null);
		List<Integer> failed = List.of(0, 999, 1_000, 7_777, 12_345, 24_999);
		FaultProxy.Exchange[] seen;
		try (FaultProxy proxy = new FaultProxy(this.server.baseUrl())) {
			CofferClient coffer = CofferClient.builder()
				.baseUrl(proxy.baseUrl())
				.apiKey(CofferServer.ADMIN_KEY, CofferServer.ADMIN_SECRET)
				.maxBatchSize(1_000)
				.build();

			TokenizeResult result = coffer.tokenize("digits", values);

			seen = proxy.exchanges().toArray(FaultProxy.Exchange[]::new);
			assertThat(result.size()).isEqualTo(25_000);
			assertThat(result.errors()).extracting(ItemError::index).containsExactlyElementsOf(failed);
			assertThat(result.errors()).extracting(ItemError::code).containsOnly("invalid_value");
			assertThat(result.errors()).extracting(ItemError::message).allSatisfy(message -> assertThat(message).doesNotContain("not digits"));
			for (int i = 0; i < values.size(); i++) {
				if (failed.contains(i)) {
					assertThat(result.tokens().get(i)).as("token %d", i).isNull();
				}
				else {
					assertThat(result.tokens().get(i)).as("token %d", i).hasSize(9).containsOnlyDigits();
				}
			}

			CofferClient parallel = CofferClient.builder()
				.baseUrl(this.server.baseUrl())
				.apiKey(CofferServer.ADMIN_KEY, CofferServer.ADMIN_SECRET)
				.maxBatchSize(1_000)
				.concurrency(4)
				.build();
			DetokenizeResult revealed = parallel.detokenize(result.tokens());
			parallel.close();

			assertThat(revealed.errors()).extracting(ItemError::index).containsExactlyElementsOf(failed);
			for (int i = 0; i < values.size(); i++) {
				assertThat(revealed.values().get(i)).as("value %d", i).isEqualTo(failed.contains(i) ? null : values.get(i));
			}
		}
		assertThat(seen).hasSize(25);
		assertThat(Arrays.stream(seen).map(FaultProxy.Exchange::idempotencyKey).distinct()).hasSize(25);
	}

	@Test
	void deterministicTokenizeGivesEqualTokensAcrossCallsAndWithinOne() {
		TokenizeOptions deterministic = TokenizeOptions.defaults().deterministic(true);

		TokenizeResult first = this.coffer.tokenize("ssn", List.of("078-05-1120", "219-09-9999", "078-05-1120"), deterministic);
		TokenizeResult again = this.coffer.tokenize("ssn", List.of("219-09-9999", "078-05-1120"), deterministic);

		assertThat(first.tokens().get(0)).isEqualTo(first.tokens().get(2)).isEqualTo(again.tokens().get(1));
		assertThat(first.tokens().get(1)).isEqualTo(again.tokens().get(0)).isNotEqualTo(first.tokens().get(0));
	}

	@Test
	void randomTokenizeGivesANewTokenOnEachCall() {
		String once = this.coffer.tokenize("alphanumeric", List.of("same value")).tokens().get(0);
		String twice = this.coffer.tokenize("alphanumeric", List.of("same value")).tokens().get(0);

		assertThat(once).isNotEqualTo(twice);
	}

	@Test
	void ttlAndMetadataAreSentAndTheTokensStillDetokenize() {
		TokenizeOptions options = TokenizeOptions.defaults()
			.ttl(Duration.ofHours(1))
			.metadata(Map.of("source", "crm", "batch", 7, "tags", List.of("pii", "eu"), "nested", Map.of("ok", true)));

		TokenizeResult result = this.coffer.tokenize("email", List.of("ada@example.com"), options);

		assertThat(result.errors()).isEmpty();
		assertThat(result.tokens().get(0)).endsWith("@example.com");
		assertThat(this.coffer.detokenize(result.tokens()).values()).containsExactly("ada@example.com");
	}

	@Test
	void detokenizeWithAReasonIsAccepted() {
		List<String> tokens = this.coffer.tokenize("phone", List.of("+1 415 555 0100")).tokens();

		DetokenizeResult result = this.coffer.detokenize(tokens, DetokenizeOptions.defaults().reason("ticket CS-1234"));

		assertThat(result.values()).containsExactly("+1 415 555 0100");
	}

	@Test
	void detokenizeWithAnotherFormatFailsThoseTokensOnly() {
		String card = this.coffer.tokenize("card", List.of("4111 1111 1111 1111")).tokens().get(0);
		String ssn = this.coffer.tokenize("ssn", List.of("123-45-6789")).tokens().get(0);

		DetokenizeResult result = this.coffer.detokenize(List.of(card, ssn, "no-such-token"),
				DetokenizeOptions.defaults().format("card"));

		assertThat(result.values()).containsExactly("4111 1111 1111 1111", null, null);
		assertThat(result.errors()).extracting(ItemError::index, ItemError::code)
			.containsExactly(tuple(1, "format_mismatch"),
					tuple(2, "token_not_found"));
	}

	@Test
	void anEmptyListNeedsNoRequest() throws Exception {
		try (FaultProxy proxy = new FaultProxy(this.server.baseUrl())) {
			CofferClient coffer = CofferClient.builder().baseUrl(proxy.baseUrl()).apiKey("anyone", "anything").build();

			assertThat(coffer.tokenize("uuid", List.of()).tokens()).isEmpty();
			assertThat(coffer.detokenize(List.of()).values()).isEmpty();
			assertThat(proxy.exchanges()).isEmpty();
		}
	}

	@Test
	void aBearerTokenAuthenticatesLikeTheKey() {
		CofferClient coffer = CofferClient.builder()
			.baseUrl(this.server.baseUrl())
			.bearerToken(this.server.adminBearerToken())
			.build();

		assertThat(coffer.tokenize("uuid", List.of("v")).tokens()).doesNotContainNull();
	}

	@Test
	void aBadRequestIsABadRequestExceptionAndIsNotRetried() throws Exception {
		try (FaultProxy proxy = new FaultProxy(this.server.baseUrl())) {
			RecordingSleeper sleeper = new RecordingSleeper();
			CofferClient coffer = CofferClient.builder()
				.baseUrl(proxy.baseUrl())
				.apiKey(CofferServer.ADMIN_KEY, CofferServer.ADMIN_SECRET)
				.sleeper(sleeper)
				.build();

			assertThatThrownBy(() -> coffer.tokenize("no-such-format", List.of("4111 1111 1111 1111")))
				.isInstanceOfSatisfying(CofferBadRequestException.class, ex -> {
					assertThat(ex.status()).isEqualTo(400);
					assertThat(ex.code()).isEqualTo("validation_failed");
					assertThat(ex.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
					assertThat(ex.getMessage()).contains("format").doesNotContain("4111");
				});
			assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("v"),
					TokenizeOptions.defaults().deterministic(true).ttl(Duration.ofMinutes(1))))
				.isInstanceOf(CofferBadRequestException.class)
				.hasMessageContaining("ttl_seconds");
			assertThat(proxy.exchanges()).hasSize(2);
			assertThat(sleeper.waits()).isEmpty();
		}
	}

	@Test
	void eachBatchHasItsOwnIdempotencyKeyAndABaseUrlMayEndInASlash() throws Exception {
		try (FaultProxy proxy = new FaultProxy(this.server.baseUrl())) {
			CofferClient coffer = CofferClient.builder()
				.baseUrl(proxy.baseUrl() + "/")
				.apiKey(CofferServer.ADMIN_KEY, CofferServer.ADMIN_SECRET)
				.maxBatchSize(2)
				.build();

			coffer.tokenize("uuid", List.of("a", "b", "c", "d", "e"));

			assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::path).containsOnly("/api/v1/tokenize");
			assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::idempotencyKey)
				.doesNotContainNull()
				.doesNotHaveDuplicates()
				.hasSize(3);
			assertThat(Set.copyOf(proxy.exchanges().stream().map(FaultProxy.Exchange::upstreamStatus).toList()))
				.containsExactly(200);
		}
	}
}
