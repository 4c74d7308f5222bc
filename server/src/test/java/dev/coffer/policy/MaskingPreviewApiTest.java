package dev.coffer.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every masking type through {@code POST /api/v1/masking/preview}, with its permissions and audit. */
class MaskingPreviewApiTest {

	/** Reads numbers as the exact decimals the server wrote (scale included), not as doubles. */
	private static final tools.jackson.databind.json.JsonMapper EXACT = tools.jackson.databind.json.JsonMapper.builder()
		.enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(tools.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = PolicyTestServers.shared(TestStore.EMBEDDED);
		this.admin = this.server.admin();
	}

	@Test
	void everyMaskingTypeMasksSampleValuesKeepingTheirType() {
		assertThat(preview(Map.of("type", 10000), "text", "a@b.co")).containsExactly("a@b.co");
		assertThat(preview(Map.of("type", "full_mask"), "text", "secret", null)).containsExactly("******", null);
		assertThat(preview(Map.of("type", 10002), "text", "jane@example.com", "nope")).containsExactly("****@example.com", "****");
		assertThat(preview(Map.of("type", 10003), "text", "4111111111111111")).containsExactly("************1111");
		assertThat(preview(Map.of("type", "first_four"), "text", "4111111111111111")).containsExactly("4111************");
		assertThat(preview(Map.of("type", 10004, "constant", "REDACTED"), "text", "x")).containsExactly("REDACTED");
		assertThat(preview(Map.of("type", 10006), "text", "abc")).containsExactly(MasksTest.ABC_SHA256);
		assertThat(preview(Map.of("type", 10007), "text", "abc@example.com")).containsExactly(MasksTest.ABC_SHA256 + "@example.com");
		assertThat(preview(Map.of("type", 10008), "text", "abc1234")).containsExactly(MasksTest.ABC_SHA256 + "1234");
		assertThat(preview(Map.of("type", 10009, "date", "1900-01-01"), "date", "1980-05-17")).containsExactly("1900-01-01");
		assertThat(preview(Map.of("type", "null"), "text", "x")).containsExactly((Object) null);
		assertThat(preview(Map.of("type", "year_only"), "timestamp", "1980-05-17T10:15:00Z")).containsExactly("1980-01-01T00:00Z");
		assertThat(preview(Map.of("type", "date_shift", "shift_days", 10), "date", "2024-02-25")).containsExactly("2024-03-06");
		List<Object> keyed = preview(Map.of("type", "date_shift", "max_shift_days", 5), "date", "2024-02-25", "2024-02-25");
		assertThat(keyed.get(0)).isEqualTo(keyed.get(1)).isNotEqualTo("2024-02-25");
		assertThat(preview(Map.of("type", "round", "round_to", 100), "number", 1234.5, "1250"))
			.as("exact decimals, scale included").containsExactly(new BigDecimal("1200"), new BigDecimal("1300"));
		assertThat(preview(Map.of("type", "round", "round_to", new BigDecimal("0.05")), "number", 2.47, "-0.024"))
			.containsExactly(new BigDecimal("2.45"), new BigDecimal("0"));
		assertThat(preview(Map.of("type", "full_mask"), "number", 12.345, 7)).containsExactly(new BigDecimal("0.000"),
				new BigDecimal("0"));
		assertThat(preview(Map.of("type", "regex_replace", "pattern", "[0-9]", "replacement", "#"), "text", "ab12"))
			.containsExactly("ab##");
	}

	@Test
	void tokenizeAndDetokenizeGoThroughTheVaultAndNeedTheTokenPermissions() {
		String card = "4111 1111 1111 1111";
		List<Object> tokens = preview(Map.of("type", "tokenize", "token_format", "card"), null, card, "not a card");
		assertThat((String) tokens.get(0)).matches("[0-9]{4} [0-9]{4} [0-9]{4} 1111").isNotEqualTo(card);
		assertThat(tokens.get(1)).as("a value that does not fit the format is fully masked").isEqualTo("**********");
		assertThat(preview(Map.of("type", "tokenize", "token_format", "card"), null, card)).as("deterministic")
			.containsExactly(tokens.get(0));
		assertThat(preview(Map.of("type", "detokenize", "token_format", "card"), null, tokens.get(0), "nope"))
			.containsExactly(card, "****");

		Api steward = PolicyFixtures.key(this.server, List.of("steward"), List.of()).api();
		assertThat(steward.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", "last_four"), "values",
				List.of("12345"))).status()).isEqualTo(200);
		Api.Response denied = steward.post("/api/v1/masking/preview", Map.of("masking",
				Map.of("type", "detokenize", "token_format", "card"), "values", List.of(tokens.get(0))));
		assertProblem(denied, 403, "permission_denied");
		assertThat(denied.field("permission")).isEqualTo("tokens:detokenize");
		Api.Response tokenizeDenied = steward.post("/api/v1/masking/preview", Map.of("masking",
				Map.of("type", "tokenize", "token_format", "card"), "values", List.of(card)));
		assertProblem(tokenizeDenied, 403, "permission_denied");
		assertThat(tokenizeDenied.field("permission")).isEqualTo("tokens:tokenize");
		Api tokenizer = PolicyFixtures.key(this.server, List.of("tokenizer"), List.of()).api();
		assertProblem(tokenizer.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", "null"), "values",
				List.of("x"))), 403, "permission_denied");
	}

	@Test
	void previewsAreAuditedWithoutValuesAndValidated() {
		preview(Map.of("type", "email"), "text", "very-secret-person@example.com");
		JsonNode events = this.admin.get("/api/v1/audit/events?action=masking.previewed&limit=1000").json().get("data");
		assertThat(events.size()).isPositive();
		assertThat(events.get(events.size() - 1).get("resource_id").asString()).isEqualTo("email");
		assertThat(events.toString()).doesNotContain("very-secret-person");

		assertProblem(this.admin.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", "date_shift"),
				"values", List.of("x"))), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", "year_only"),
				"values", List.of("not a date"), "value_type", "date")), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", "null"),
				"values", List.of(Map.of("a", 1)))), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", "null"),
				"values", new ArrayList<>(java.util.Collections.nCopies(1001, "x")))), 413, "payload_too_large");
	}

	@Test
	void aSampleValueLongerThan64KiBIsRefused() {
		List<Object> fits = preview(Map.of("type", "full_mask"), "text", "a".repeat(65_536));
		assertThat((String) fits.get(0)).hasSize(65_536);
		Api.Response refused = this.admin.post("/api/v1/masking/preview", Map.of("masking",
				Map.of("type", "regex_replace", "pattern", "a", "replacement", "b".repeat(256)), "values",
				List.of("ok", "a".repeat(65_537))));
		assertProblem(refused, 400, "validation_failed");
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("values[1]");
		assertThat(refused.json().get("errors").get(0).get("code").asString()).isEqualTo("too_long");
	}

	@Test
	void numbersWithHugeExponentsAreInvalidValuesNotServerErrors() {
		Api.Response text = this.admin.post("/api/v1/masking/preview", Map.of("masking", Map.of("type", "last_four"),
				"values", List.of("12345", "1e999999999"), "value_type", "number"));
		assertProblem(text, 400, "validation_failed");
		assertThat(text.json().get("errors").get(0).get("field").asString()).isEqualTo("values[1]");
		assertThat(text.json().get("errors").get(0).get("code").asString()).isEqualTo("invalid_value");
		Api.Response json = this.admin.post("/api/v1/masking/preview",
				"{\"masking\": {\"type\": \"round\", \"round_to\": 10}, \"values\": [1e999999999]}");
		assertProblem(json, 400, "validation_failed");
		assertThat(json.json().get("errors").get(0).get("code").asString()).isEqualTo("invalid_value");
	}

	private List<Object> preview(Map<String, Object> masking, String valueType, Object... values) {
		Map<String, Object> body = new HashMap<>();
		body.put("masking", masking);
		body.put("values", Arrays.asList(values));
		if (valueType != null) {
			body.put("value_type", valueType);
		}
		Api.Response response = this.admin.post("/api/v1/masking/preview", body);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<Object> out = new ArrayList<>();
		EXACT.readTree(response.body()).get("values").forEach(node -> out.add(node.isNull() ? null
				: node.isNumber() ? (Object) node.decimalValue() : node.asString()));
		return out;
	}
}
