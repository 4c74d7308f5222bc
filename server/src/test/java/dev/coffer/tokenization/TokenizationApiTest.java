package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
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

/** Tokenize and detokenize through the API, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TokenizationApiTest {

	static final Map<String, List<String>> SAMPLES = Map.of(
			"uuid", List.of("anything at all", "ünïcödé ✓"),
			"alphanumeric", List.of("order-77", "x"),
			"digits", List.of("0123456789", "7"),
			"card", List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"),
			"ssn", List.of("123-45-6789", "987654321"),
			"email", List.of("Jane.Doe@Example.com", "al@example.org"),
			"phone", List.of("+1 (415) 555-0123", "+442079460958", "030 1234 5678"));

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
	void everyFormatRoundTripsInOrder() {
		SAMPLES.forEach((format, values) -> {
			List<String> tokens = tokenize(Map.of("format", format, "values", values));
			assertThat(tokens).as(format).hasSize(values.size()).doesNotContainNull();
			assertThat(tokens).as(format).doesNotContainAnyElementsOf(values);
			JsonNode revealed = detokenize(Map.of("tokens", tokens, "format", format));
			assertThat(strings(revealed.get("values"))).as(format).containsExactlyElementsOf(values);
			assertThat(revealed.get("errors").isEmpty()).isTrue();
		});
	}

	@Test
	void formatPreservingTokensKeepTheirShapeThroughTheApi() {
		List<String> card = tokenize(Map.of("format", "card", "values", List.of("4111 1111 1111 1111")));
		assertThat(card.get(0)).matches("[0-9]{4} [0-9]{4} [0-9]{4} 1111").isNotEqualTo("4111 1111 1111 1111");
		assertThat(TokenFormats.Card.luhnSum(card.get(0).replace(" ", "").toCharArray()) % 10).isZero();
		assertThat(tokenize(Map.of("format", "ssn", "values", List.of("123-45-6789"))).get(0)).matches("[0-9]{3}-[0-9]{2}-6789");
		assertThat(tokenize(Map.of("format", "email", "values", List.of("Jane.Doe@Example.com"))).get(0))
			.matches("[a-z0-9]{8}@example\\.com");
		assertThat(tokenize(Map.of("format", "digits", "values", List.of("0123456789"))).get(0)).matches("[0-9]{10}");
		assertThat(tokenize(Map.of("format", "phone", "values", List.of("+1 (415) 555-0123"))).get(0))
			.matches("\\+1 \\([0-9]{3}\\) [0-9]{3}-[0-9]{2}23");
	}

	@Test
	void deterministicGivesTheSameTokenAcrossCallsAndDifferentTokensForDifferentValues() {
		String unique = "det-" + System.nanoTime();
		Map<String, Object> request = Map.of("format", "alphanumeric", "values", List.of(unique, unique + "-other"),
				"deterministic", true);
		List<String> first = tokenize(request);
		List<String> second = tokenize(request);
		assertThat(second).isEqualTo(first);
		assertThat(first.get(0)).isNotEqualTo(first.get(1));
		List<String> random = tokenize(Map.of("format", "alphanumeric", "values", List.of(unique)));
		assertThat(random.get(0)).as("a random token is never the deterministic one").isNotEqualTo(first.get(0));
		assertThat(strings(detokenize(Map.of("tokens", first)).get("values"))).containsExactly(unique, unique + "-other");
	}

	@Test
	void randomModeGivesNewTokensEachCallAndOneTokenForDuplicatesInABatch() {
		List<String> values = List.of("dup-a", "dup-b", "dup-a", "dup-a");
		List<String> first = tokenize(Map.of("format", "uuid", "values", values));
		List<String> second = tokenize(Map.of("format", "uuid", "values", values));
		assertThat(first.get(0)).isEqualTo(first.get(2)).isEqualTo(first.get(3)).isNotEqualTo(first.get(1));
		assertThat(second.get(0)).isNotEqualTo(first.get(0));
		List<String> tokens = List.of(first.get(0), first.get(1), first.get(0));
		assertThat(strings(detokenize(Map.of("tokens", tokens)).get("values"))).containsExactly("dup-a", "dup-b", "dup-a");
	}

	@Test
	void perItemErrorsDoNotFailTheBatch() {
		Map<String, Object> request = new HashMap<>();
		request.put("format", "card");
		request.put("values", java.util.Arrays.asList("4111 1111 1111 1111", "not a card 1234", null, "4111111111111111"));
		Api.Response response = this.admin.post("/api/v1/tokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("tokens").get(0).isNull()).isFalse();
		assertThat(body.get("tokens").get(1).isNull()).isTrue();
		assertThat(body.get("tokens").get(2).isNull()).isTrue();
		assertThat(body.get("tokens").get(3).isNull()).isFalse();
		assertThat(body.get("errors")).hasSize(2);
		assertThat(body.get("errors").get(0).get("index").asInt()).isEqualTo(1);
		assertThat(body.get("errors").get(0).get("code").asString()).isEqualTo("invalid_value");
		assertThat(body.get("errors").get(0).get("message").asString()).contains("'card'").doesNotContain("not a card");
		assertThat(body.get("errors").get(1).get("index").asInt()).isEqualTo(2);

		String good = body.get("tokens").get(0).asString();
		String ssnToken = tokenize(Map.of("format", "ssn", "values", List.of("123-45-6789"))).get(0);
		JsonNode revealed = detokenize(Map.of("tokens", List.of(good, "no-such-token", ssnToken), "format", "card"));
		assertThat(revealed.get("values").get(0).asString()).isEqualTo("4111 1111 1111 1111");
		assertThat(revealed.get("values").get(1).isNull()).isTrue();
		assertThat(revealed.get("values").get(2).isNull()).isTrue();
		assertThat(codes(revealed)).containsExactly("token_not_found", "format_mismatch");
	}

	@Test
	void unknownOrMissingFormatIsAValidationFailure() {
		Api.Response unknown = this.admin.post("/api/v1/tokenize", Map.of("format", "card-xyz", "values", List.of("1")));
		assertProblem(unknown, 400, "validation_failed");
		assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("format");
		assertProblem(this.admin.post("/api/v1/tokenize", Map.of("values", List.of("1"))), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of("x"), "format", "nope")), 400,
				"validation_failed");
	}

	@Test
	void ttlWithDeterministicAndOversizedMetadataAreValidationFailures() {
		Api.Response both = this.admin.post("/api/v1/tokenize",
				Map.of("format", "uuid", "values", List.of("v"), "deterministic", true, "ttl_seconds", 60));
		assertProblem(both, 400, "validation_failed");
		assertThat(both.json().get("errors").get(0).get("field").asString()).isEqualTo("ttl_seconds");
		assertProblem(this.admin.post("/api/v1/tokenize", Map.of("format", "uuid", "values", List.of("v"), "ttl_seconds", 0)),
				400, "validation_failed");
		Api.Response big = this.admin.post("/api/v1/tokenize",
				Map.of("format", "uuid", "values", List.of("v"), "metadata", Map.of("note", "m".repeat(5000))));
		assertProblem(big, 400, "validation_failed");
		assertThat(big.json().get("errors").get(0).get("field").asString()).isEqualTo("metadata");
		assertThat(big.body()).doesNotContain("mmmmmmmm");
	}

	@Test
	void expiredTokenAnswersTokenExpired() {
		String value = "ttl-" + System.nanoTime();
		List<String> tokens = tokenize(Map.of("format", "alphanumeric", "values", List.of(value), "ttl_seconds", 3600));
		assertThat(strings(detokenize(Map.of("tokens", tokens)).get("values"))).containsExactly(value);
		this.server.jdbc()
			.sql("UPDATE vault_tokens SET expires_at = :past WHERE token = :token")
			.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5))
			.param("token", tokens.get(0))
			.update();
		JsonNode revealed = detokenize(Map.of("tokens", tokens));
		assertThat(revealed.get("values").get(0).isNull()).isTrue();
		assertThat(codes(revealed)).containsExactly("token_expired");
	}

	@Test
	void alteredCiphertextIsAPerItemDecryptionFailure() {
		List<String> tokens = tokenize(Map.of("format", "uuid", "values", List.of("tamper-me", "leave-me")));
		byte[] ciphertext = this.server.jdbc()
			.sql("SELECT ciphertext FROM vault_tokens WHERE token = :token")
			.param("token", tokens.get(0))
			.query(byte[].class)
			.single();
		ciphertext[ciphertext.length - 20] ^= 0x01;
		this.server.jdbc()
			.sql("UPDATE vault_tokens SET ciphertext = :c WHERE token = :token")
			.param("c", ciphertext)
			.param("token", tokens.get(0))
			.update();
		Api.Response response = this.admin.post("/api/v1/detokenize", Map.of("tokens", tokens));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("values").get(1).asString()).isEqualTo("leave-me");
		assertThat(codes(response.json())).containsExactly("decryption_failed");
		assertThat(response.body()).doesNotContain("tamper-me");
	}

	@Test
	void batchesAboveTenThousandItemsArePayloadTooLarge() {
		List<String> values = Collections.nCopies(10_001, "x");
		Api.Response tokenize = this.admin.post("/api/v1/tokenize", Map.of("format", "uuid", "values", values));
		assertProblem(tokenize, 413, "payload_too_large");
		assertThat(tokenize.field("message")).contains("10000");
		assertProblem(this.admin.post("/api/v1/detokenize", Map.of("tokens", values)), 413, "payload_too_large");
	}

	@Test
	void aBatchOfTenThousandDistinctValuesIsTokenizedAndRevealed() {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			values.add("bulk-" + i);
		}
		List<String> tokens = tokenize(Map.of("format", "alphanumeric", "values", values));
		assertThat(tokens).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(strings(detokenize(Map.of("tokens", tokens)).get("values"))).containsExactlyElementsOf(values);
	}

	@Test
	void tokenizerMayTokenizeButNotDetokenize() {
		Api tokenizer = apiWithRole("tokenizer");
		Api.Response tokenized = tokenizer.post("/api/v1/tokenize", Map.of("format", "uuid", "values", List.of("r")));
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		List<String> tokens = strings(tokenized.json().get("tokens"));
		Api.Response denied = tokenizer.post("/api/v1/detokenize", Map.of("tokens", tokens));
		assertProblem(denied, 403, "permission_denied");
		assertThat(denied.field("permission")).isEqualTo("tokens:detokenize");

		Api detokenizer = apiWithRole("detokenizer");
		assertThat(strings(detokenizer.post("/api/v1/detokenize", Map.of("tokens", tokens)).json().get("values")))
			.containsExactly("r");
		Api.Response cannotTokenize = detokenizer.post("/api/v1/tokenize", Map.of("format", "uuid", "values", List.of("r")));
		assertProblem(cannotTokenize, 403, "permission_denied");
		assertThat(cannotTokenize.field("permission")).isEqualTo("tokens:tokenize");
	}

	@Test
	void dataKeysAreStoredWrappedAsVersionOneOfKeyringTokens() {
		tokenize(Map.of("format", "uuid", "values", List.of("k")));
		List<Map<String, Object>> rows = this.server.jdbc()
			.sql("SELECT keyring, version, status FROM keyring_versions")
			.query()
			.listOfRows();
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0)).containsEntry("keyring", "tokens").containsEntry("version", 1).containsEntry("status", "ACTIVE");
		byte[] wrapped = this.server.jdbc().sql("SELECT wrapped_key FROM keyring_versions").query(byte[].class).single();
		assertThat(wrapped.length).as("1 + 12 + 32 + 16").isEqualTo(61);
	}

	private Api apiWithRole(String role) {
		Api.Response account = this.admin.post("/api/v1/service-accounts", Map.of("name", "sa-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = this.admin.post("/api/v1/api-keys", Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return this.server.anonymous().basic(key.field("key_name"), key.field("key_secret"));
	}

	private List<String> tokenize(Map<String, Object> request) {
		Api.Response response = this.admin.post("/api/v1/tokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("errors").isEmpty()).as(response.toString()).isTrue();
		return strings(response.json().get("tokens"));
	}

	private JsonNode detokenize(Map<String, Object> request) {
		Api.Response response = this.admin.post("/api/v1/detokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(node -> out.add(node.isNull() ? null : node.asString()));
		return out;
	}

	private static List<String> codes(JsonNode body) {
		List<String> out = new ArrayList<>();
		body.get("errors").forEach(node -> out.add(node.get("code").asString()));
		return out;
	}
}
