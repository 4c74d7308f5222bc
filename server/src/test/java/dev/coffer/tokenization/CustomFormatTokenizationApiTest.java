package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

/** Tokenize and detokenize in custom formats, each mode, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class CustomFormatTokenizationApiTest {

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
	void randomModeKeepsPrefixSuffixAndSeparatorsAndGivesANewTokenEachCall() {
		String format = create(Map.of("alphabet", "upper_alphanumeric", "min_length", 10, "max_length", 14,
				"preserve_prefix", 2, "preserve_suffix", 3, "separators", "-/"));
		List<String> values = List.of("AB-12CD-34EF/GHI", "ZZ1234567XYZ");
		List<String> first = tokenize(format, values, null);
		assertThat(first.get(0)).matches("AB-[A-Z0-9]{4}-[A-Z0-9]{4}/GHI").isNotEqualTo(values.get(0));
		assertThat(first.get(1)).matches("ZZ[A-Z0-9]{7}XYZ");
		List<String> second = tokenize(format, values, null);
		assertThat(second.get(0)).isNotEqualTo(first.get(0));
		assertThat(detokenize(Map.of("tokens", first, "format", format))).containsExactlyElementsOf(values);
		assertThat(detokenize(Map.of("tokens", second))).containsExactlyElementsOf(values);
		assertThat(vaultRows(first.get(0))).isEqualTo(1);

		Api.Response conflict = this.admin.post("/api/v1/tokenize", Map.of("format", format, "values", values,
				"deterministic", true));
		assertProblem(conflict, 400, "validation_failed");
		assertThat(TokenFormatsApiTest.fieldCodes(conflict)).containsEntry("deterministic", "conflict");
	}

	@Test
	void deterministicModeGivesEqualTokensWithoutAskingAndRefusesTheOtherFlagAndTtl() {
		String format = create(Map.of("alphabet", "digits", "length", 12, "mode", "deterministic"));
		String value = Long.toString(100_000_000_000L + System.nanoTime() % 899_999_999_999L);
		List<String> first = tokenize(format, List.of(value), null);
		assertThat(tokenize(format, List.of(value), null)).isEqualTo(first);
		assertThat(tokenize(format, List.of(value), true)).isEqualTo(first);
		assertThat(first.get(0)).matches("[0-9]{12}").isNotEqualTo(value);
		assertThat(detokenize(Map.of("tokens", first))).containsExactly(value);

		Api.Response random = this.admin.post("/api/v1/tokenize", Map.of("format", format, "values", List.of(value),
				"deterministic", false));
		assertThat(TokenFormatsApiTest.fieldCodes(random)).containsEntry("deterministic", "conflict");
		Api.Response ttl = this.admin.post("/api/v1/tokenize", Map.of("format", format, "values", List.of(value),
				"ttl_seconds", 60));
		assertThat(TokenFormatsApiTest.fieldCodes(ttl)).containsEntry("ttl_seconds", "conflict");
	}

	@Test
	void fpeModeGivesEqualTokensStoresNothingAndDecryptsWithTheFormat() {
		String format = create(Map.of("alphabet_characters", "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", "length", 8,
				"preserve_prefix", 1, "separators", "-", "mode", "fpe"));
		List<String> values = List.of("K-7QX4-TR9", "AAAA-AAAA");
		List<String> tokens = tokenize(format, values, null);
		assertThat(tokenize(format, values, true)).isEqualTo(tokens);
		assertThat(tokens.get(0)).matches("K-[A-Z2-9]{4}-[A-Z2-9]{3}");
		assertThat(tokens.get(1)).matches("A[A-Z2-9]{3}-[A-Z2-9]{4}");
		assertThat(detokenize(Map.of("tokens", tokens, "format", format))).containsExactlyElementsOf(values);
		assertThat(vaultRows(tokens.get(0)) + vaultRows(tokens.get(1))).isZero();

		Api.Response notDeterministic = this.admin.post("/api/v1/tokenize", Map.of("format", format, "values", values,
				"deterministic", false));
		assertThat(TokenFormatsApiTest.fieldCodes(notDeterministic)).containsEntry("deterministic", "not_supported");
		Api.Response withoutFormat = this.admin.post("/api/v1/detokenize", Map.of("tokens", tokens));
		assertThat(codes(withoutFormat.json())).containsExactly("token_not_found", "token_not_found");
	}

	@Test
	void valuesThatDoNotFitGetInvalidValueForTheirItemOnly() {
		String format = create(Map.of("alphabet", "digits", "min_length", 9, "max_length", 11, "mode", "fpe"));
		Map<String, Object> request = new HashMap<>();
		request.put("format", format);
		request.put("values", Arrays.asList("123456789", "12345678", "123456789012", "12345x789", null, "12 345 678 9"));
		Api.Response response = this.admin.post("/api/v1/tokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("tokens").get(0).asString()).matches("[0-9]{9}");
		List<Integer> failed = new ArrayList<>();
		body.get("errors").forEach(error -> {
			assertThat(error.get("code").asString()).isEqualTo("invalid_value");
			assertThat(error.get("message").asString()).doesNotContain("12345x789").doesNotContain("12345678");
			failed.add(error.get("index").asInt());
		});
		assertThat(failed).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void luhnTokensPassTheLuhnCheckInVaultedAndFpeFormats() {
		String vaulted = create(Map.of("alphabet", "digits", "min_length", 13, "max_length", 19, "preserve_suffix", 4,
				"separators", " ", "luhn", true));
		String fpe = create(Map.of("alphabet", "digits", "min_length", 15, "max_length", 16, "preserve_prefix", 6,
				"preserve_suffix", 2, "luhn", true, "mode", "fpe"));
		List<String> cards = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			cards.add(CustomShapeTest.withCheckDigit(Long.toString(411111111111111L + i * 7919L)));
		}
		for (String format : List.of(vaulted, fpe)) {
			List<String> tokens = tokenize(format, cards, null);
			for (int i = 0; i < cards.size(); i++) {
				assertThat(TokenFormats.Card.luhnSum(tokens.get(i).toCharArray()) % 10).as(format + " " + tokens.get(i)).isZero();
				assertThat(tokens.get(i)).hasSize(16).endsWith(cards.get(i).substring(format.equals(fpe) ? 14 : 12));
			}
			assertThat(detokenize(Map.of("tokens", tokens, "format", format))).containsExactlyElementsOf(cards);
		}
		assertThat(tokenize(vaulted, List.of("4111 1111 1111 1111"), null).get(0)).matches("[0-9]{4} [0-9]{4} [0-9]{4} 1111");
		Api.Response notLuhn = this.admin.post("/api/v1/tokenize", Map.of("format", fpe, "values", List.of("4111111111111112")));
		assertThat(codes(notLuhn.json())).containsExactly("invalid_value");
	}

	@Test
	void whenATinyTokenSpaceFillsUpThenItemsAreTokenSpaceExhaustedNotAServerError() {
		String format;
		Map<String, Object> setting = new HashMap<>();
		setting.put("token_formats.min_token_space", 100);
		assertThat(this.admin.patch("/api/v1/settings", setting).status()).isEqualTo(200);
		try {
			// ten letters no other format uses, two of them: 100 possible tokens
			format = create(Map.of("alphabet_characters", "QRSTUVWXYZ", "length", 2));
		}
		finally {
			setting.put("token_formats.min_token_space", null);
			assertThat(this.admin.patch("/api/v1/settings", setting).status()).isEqualTo(200);
		}
		List<String> values = new ArrayList<>();
		for (char a = 'Q'; a <= 'Z'; a++) {
			for (char b = 'Q'; b <= 'Z'; b++) {
				values.add("" + a + b);
			}
		}
		Set<String> issued = new HashSet<>();
		int exhausted = 0;
		for (int call = 0; call < 3; call++) {
			Api.Response response = this.admin.post("/api/v1/tokenize", Map.of("format", format, "values", values));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			List<String> tokens = TokenizationApiTest.strings(response.json().get("tokens"));
			for (String token : tokens) {
				if (token != null) {
					assertThat(issued.add(token)).as("token issued twice").isTrue();
				}
			}
			for (JsonNode error : response.json().get("errors")) {
				assertThat(error.get("code").asString()).isEqualTo("token_space_exhausted");
				exhausted++;
			}
		}
		assertThat(issued).hasSizeLessThanOrEqualTo(100);
		assertThat(exhausted).isEqualTo(300 - issued.size()).isPositive();
	}

	@Test
	void aCustomFormatWorksThroughASnowflakeExternalFunction() {
		String format = create(Map.of("alphabet", "lower", "length", 8, "preserve_prefix", 1, "mode", "deterministic"));
		String batch = "{\"data\": [[0, \"abcdefgh\"], [1, \"ABCDEFGH\"], [2, null]]}";
		Api.Response tokenized = this.admin.post(WarehouseFunctionsApiTest.SNOWFLAKE + "tokenize?format=" + format, batch);
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		JsonNode rows = tokenized.json().get("data");
		String token = rows.get(0).get(1).asString();
		assertThat(token).matches("a[a-z]{7}").isNotEqualTo("abcdefgh");
		assertThat(rows.get(1).get(1).isNull()).as("upper case does not fit").isTrue();
		assertThat(this.admin.post(WarehouseFunctionsApiTest.SNOWFLAKE + "tokenize?format=" + format, batch).json().get("data"))
			.isEqualTo(rows);
		Api.Response refused = this.admin.post(WarehouseFunctionsApiTest.SNOWFLAKE + "tokenize?format=" + format
				+ "&deterministic=false", batch);
		assertProblem(refused, 400, "validation_failed");

		Api.Response revealed = this.admin.post(WarehouseFunctionsApiTest.SNOWFLAKE + "detokenize?format=" + format,
				"{\"data\": [[0, \"" + token + "\"]]}");
		assertThat(revealed.json().get("data").get(0).get(1).asString()).isEqualTo("abcdefgh");
	}

	private String create(Map<String, Object> definition) {
		Map<String, Object> body = new HashMap<>(definition);
		body.put("name", TokenFormatsApiTest.uniqueName());
		Api.Response response = this.admin.post(TokenFormatsApiTest.FORMATS, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.field("name");
	}

	private List<String> tokenize(String format, List<String> values, Boolean deterministic) {
		Map<String, Object> request = new HashMap<>();
		request.put("format", format);
		request.put("values", values);
		if (deterministic != null) {
			request.put("deterministic", deterministic);
		}
		Api.Response response = this.admin.post("/api/v1/tokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("errors").isEmpty()).as(response.toString()).isTrue();
		return TokenizationApiTest.strings(response.json().get("tokens"));
	}

	private List<String> detokenize(Map<String, Object> request) {
		Api.Response response = this.admin.post("/api/v1/detokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("errors").isEmpty()).as(response.toString()).isTrue();
		return TokenizationApiTest.strings(response.json().get("values"));
	}

	private long vaultRows(String token) {
		return this.server.jdbc().sql("SELECT COUNT(*) FROM vault_tokens WHERE token = :t").param("t", token)
			.query(Long.class).single();
	}

	static List<String> codes(JsonNode body) {
		List<String> out = new ArrayList<>();
		body.get("errors").forEach(node -> out.add(node.get("code").asString()));
		return out;
	}
}
