package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The vaultless FF1 formats {@code digits-fpe} and {@code card-fpe} through the API, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class FpeTokenizationApiTest {

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = TestServer.shared(this.store);
		this.admin = this.server.admin();
	}

	@Test
	void digitsFpeRoundTripsDeterministicallyWithTokensOfTheSameLength() {
		List<String> values = List.of("123456", "0123456789", "9".repeat(64), "000000000000");
		List<String> tokens = tokenize("digits-fpe", values);
		assertThat(tokenize("digits-fpe", values)).as("same value, same token").isEqualTo(tokens);
		for (int i = 0; i < values.size(); i++) {
			assertThat(tokens.get(i)).containsOnlyDigits().hasSameSizeAs(values.get(i)).isNotEqualTo(values.get(i));
		}
		assertThat(values(detokenize("digits-fpe", tokens))).containsExactlyElementsOf(values);
	}

	@Test
	void cardFpeKeepsSeparatorsAndLastFourAndRoundTrips() {
		List<String> values = List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "4242424242424");
		List<String> tokens = tokenize("card-fpe", values);
		assertThat(tokens.get(0)).matches("[0-9]{4} [0-9]{4} [0-9]{4} 1111");
		assertThat(tokens.get(1)).matches("[0-9]{4}-[0-9]{4}-[0-9]{4}-0004");
		assertThat(tokens.get(2)).matches("[0-9]{11}0005");
		assertThat(tokens.get(3)).matches("[0-9]{9}2424");
		for (int i = 0; i < values.size(); i++) {
			assertThat(tokens.get(i)).hasSameSizeAs(values.get(i)).isNotEqualTo(values.get(i));
		}
		assertThat(tokenize("card-fpe", values)).isEqualTo(tokens);
		assertThat(values(detokenize("card-fpe", tokens))).containsExactlyElementsOf(values);
	}

	@Test
	void oneValueGetsDifferentTokensInTheTwoFormats() {
		String digits = "4111111111111111";
		String asDigits = tokenize("digits-fpe", List.of(digits)).get(0);
		String asCard = tokenize("card-fpe", List.of(digits)).get(0);
		assertThat(asDigits.substring(0, 12)).isNotEqualTo(asCard.substring(0, 12));
	}

	@Test
	void digitsFpeWhenFewerThanSixDigitsThenDomainTooSmallForThatItemOnly() {
		Map<String, Object> request = new HashMap<>();
		request.put("format", "digits-fpe");
		request.put("values", Arrays.asList("12345", "123456", "12a456", null));
		Api.Response response = this.admin.post("/api/v1/tokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("tokens").get(0).isNull()).isTrue();
		assertThat(body.get("tokens").get(1).asString()).hasSize(6).containsOnlyDigits();
		assertThat(codes(body)).containsExactly("domain_too_small", "invalid_value", "invalid_value");
		assertThat(body.get("errors").get(0).get("index").asInt()).isZero();
		assertThat(body.get("errors").get(0).get("message").asString()).contains("at least 6 digits")
			.contains("1,000,000").doesNotContain("12345");
		assertThat(body.toString()).doesNotContain("12a456");
	}

	@Test
	void aTamperedTokenDecryptsToAnotherValueBecauseFf1HasNoIntegrity() {
		String value = "0123456789012";
		String token = tokenize("digits-fpe", List.of(value)).get(0);
		char last = token.charAt(token.length() - 1);
		String tampered = token.substring(0, token.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
		JsonNode revealed = detokenize("digits-fpe", List.of(tampered, token));
		assertThat(revealed.get("errors").isEmpty()).as("detokenize cannot detect the change").isTrue();
		assertThat(revealed.get("values").get(0).asString()).containsOnlyDigits().hasSize(value.length()).isNotEqualTo(value);
		assertThat(revealed.get("values").get(1).asString()).isEqualTo(value);
	}

	@Test
	void ttlMetadataAndRandomModeAreRefusedNamingTheField() {
		for (Map.Entry<String, Object> field : List.<Map.Entry<String, Object>>of(Map.entry("ttl_seconds", 60),
				Map.entry("metadata", Map.of("note", "n")), Map.entry("deterministic", false))) {
			Api.Response response = this.admin.post("/api/v1/tokenize",
					Map.of("format", "card-fpe", "values", List.of("4111 1111 1111 1111"), field.getKey(), field.getValue()));
			assertProblem(response, 400, "validation_failed");
			assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field.getKey());
		}
		Api.Response explicit = this.admin.post("/api/v1/tokenize",
				Map.of("format", "digits-fpe", "values", List.of("123456"), "deterministic", true));
		assertThat(explicit.status()).as(explicit.toString()).isEqualTo(200);
	}

	@Test
	void detokenizeWhenTokenDoesNotFitTheFormatThenInvalidValueAndWithoutFormatTheVaultIsAsked() {
		String token = tokenize("digits-fpe", List.of("123456789")).get(0);
		JsonNode revealed = detokenize("digits-fpe", List.of("12345", "12-45-78", token));
		assertThat(codes(revealed)).containsExactly("invalid_value", "invalid_value");
		assertThat(revealed.get("values").get(2).asString()).isEqualTo("123456789");
		Api.Response withoutFormat = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(token)));
		assertThat(withoutFormat.status()).isEqualTo(200);
		assertThat(codes(withoutFormat.json())).containsExactly("token_not_found");
	}

	@Test
	void tokenizeAndDetokenizeAreAuditedWithCountsAndNothingIsStored() {
		String value = "9" + Long.toString(System.nanoTime()).substring(0, 12);
		Api.Response tokenized = this.admin.post("/api/v1/tokenize",
				Map.of("format", "digits-fpe", "values", List.of(value, "1")));
		assertThat(tokenized.status()).isEqualTo(200);
		String token = tokenized.json().get("tokens").get(0).asString();
		Map<String, Object> event = auditEvent(tokenized);
		assertThat(event).containsEntry("action", "tokens.tokenized").containsEntry("resource_id", "digits-fpe");
		assertThat((String) event.get("details")).contains("\"count\":2").contains("\"errors\":1")
			.contains("\"vaultless\":true").doesNotContain(value).doesNotContain(token);
		Api.Response revealed = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(token), "format", "digits-fpe"));
		assertThat(auditEvent(revealed)).containsEntry("action", "tokens.detokenized");
		assertThat(this.server.jdbc().sql("SELECT count(*) FROM vault_tokens WHERE token = :t").param("t", token)
			.query(Long.class).single()).isZero();
	}

	private Map<String, Object> auditEvent(Api.Response response) {
		return this.server.jdbc()
			.sql("SELECT action, resource_id, details FROM audit_events WHERE request_id = :id")
			.param("id", response.header("X-Request-Id"))
			.query()
			.singleRow();
	}

	private List<String> tokenize(String format, List<String> values) {
		Api.Response response = this.admin.post("/api/v1/tokenize", Map.of("format", format, "values", values));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("errors").isEmpty()).as(response.toString()).isTrue();
		return TokenizationApiTest.strings(response.json().get("tokens"));
	}

	private JsonNode detokenize(String format, List<String> tokens) {
		Api.Response response = this.admin.post("/api/v1/detokenize", Map.of("tokens", tokens, "format", format));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static List<String> values(JsonNode body) {
		assertThat(body.get("errors").isEmpty()).as(body.toString()).isTrue();
		return TokenizationApiTest.strings(body.get("values"));
	}

	private static List<String> codes(JsonNode body) {
		List<String> out = new ArrayList<>();
		body.get("errors").forEach(node -> out.add(node.get("code").asString()));
		return out;
	}
}
