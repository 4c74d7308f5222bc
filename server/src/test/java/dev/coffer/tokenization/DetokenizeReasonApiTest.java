package dev.coffer.tokenization;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

/** Formats that require a reason to detokenize, through the API and the warehouse functions, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class DetokenizeReasonApiTest {

	static final String REASON = "Chargeback dispute, ticket OPS-4711";

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
	void withoutAReasonOnlyTheTokensOfFormatsThatRequireOneFailAndTheReasonIsAuditedWithoutValues() {
		String format = create(Map.of("alphabet", "digits", "length", 10, "detokenize_requires_reason", true));
		String guarded = "55" + Long.toString(System.nanoTime()).substring(0, 8);
		String open = "open-" + System.nanoTime();
		String guardedToken = tokenize(format, guarded);
		String openToken = tokenize("uuid", open);

		Api.Response without = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(guardedToken, openToken)));
		assertThat(without.status()).as(without.toString()).isEqualTo(200);
		assertThat(without.json().get("values").get(0).isNull()).isTrue();
		assertThat(without.json().get("values").get(1).asString()).isEqualTo(open);
		assertThat(CustomFormatTokenizationApiTest.codes(without.json())).containsExactly("reason_required");
		assertThat(without.json().get("errors").get(0).get("index").asInt()).isZero();
		assertThat(without.body()).doesNotContain(guarded);

		Api.Response with = this.admin.post("/api/v1/detokenize",
				Map.of("tokens", List.of(guardedToken, openToken), "reason", REASON));
		assertThat(TokenizationApiTest.strings(with.json().get("values"))).containsExactly(guarded, open);
		Map<String, Object> event = auditEvent(with);
		assertThat(event).containsEntry("action", "tokens.detokenized").containsEntry("outcome", "success");
		assertThat((String) event.get("details")).contains("\"reason\":\"" + REASON + "\"").contains("\"count\":2");
		for (String secret : List.of(guarded, open, guardedToken, openToken)) {
			assertThat(event.toString()).doesNotContain(secret);
			assertThat(auditEvent(without).toString()).doesNotContain(secret);
		}
	}

	@Test
	void whenTheRequestNamesAFormatThatRequiresAReasonThenTheWholeRequestIsRefusedAndAudited() {
		String format = create(Map.of("alphabet", "lower", "length", 9, "mode", "fpe", "detokenize_requires_reason", true));
		String token = tokenize(format, "secretval");
		Api.Response refused = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(token), "format", format));
		assertProblem(refused, 400, "reason_required");
		assertThat(refused.body()).doesNotContain("secretval");
		Map<String, Object> event = auditEvent(refused);
		assertThat(event).containsEntry("action", "tokens.detokenized").containsEntry("outcome", "denied")
			.containsEntry("resource_id", format);
		assertThat((String) event.get("details")).contains("\"count\":1");

		Api.Response allowed = this.admin.post("/api/v1/detokenize",
				Map.of("tokens", List.of(token), "format", format, "reason", REASON));
		assertThat(TokenizationApiTest.strings(allowed.json().get("values"))).containsExactly("secretval");
		assertThat((String) auditEvent(allowed).get("details")).contains(REASON).contains("\"vaultless\":true");
	}

	@Test
	void aBuiltInFormatRequiresAReasonOnceItsSettingIsPatched() {
		String ssnToken = tokenize("ssn", "123-45-6789");
		try {
			Api.Response patched = this.admin.patch(TokenFormatsApiTest.FORMATS + "/ssn", Map.of("detokenize_requires_reason", true));
			assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
			assertThat(patched.json().get("detokenize_requires_reason").asBoolean()).isTrue();
			assertThat(patched.json().get("updated_by").asString()).isNotBlank();
			assertThat(this.admin.get(TokenFormatsApiTest.FORMATS + "/ssn").json().get("detokenize_requires_reason").asBoolean())
				.isTrue();
			Api.Response without = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(ssnToken)));
			assertThat(CustomFormatTokenizationApiTest.codes(without.json())).containsExactly("reason_required");
			assertProblem(this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(ssnToken), "format", "ssn")), 400,
					"reason_required");
			Api.Response with = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(ssnToken), "reason", REASON));
			assertThat(TokenizationApiTest.strings(with.json().get("values"))).containsExactly("123-45-6789");
		}
		finally {
			this.admin.patch(TokenFormatsApiTest.FORMATS + "/ssn", Map.of("detokenize_requires_reason", false));
		}
		Api.Response again = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(ssnToken)));
		assertThat(TokenizationApiTest.strings(again.json().get("values"))).containsExactly("123-45-6789");
	}

	@Test
	void aReasonMustBeShortPrintableText() {
		String token = tokenize("uuid", "v");
		for (String bad : List.of("", "   ", "x".repeat(501), "bell\u0007", "line\nbreak", "rtl\u202eoverride")) {
			Api.Response response = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(token), "reason", bad));
			assertProblem(response, 400, "validation_failed");
			assertThat(TokenFormatsApiTest.fieldCodes(response)).as(bad).containsEntry("reason", "invalid");
		}
		Api.Response fine = this.admin.post("/api/v1/detokenize",
				Map.of("tokens", List.of(token), "reason", "Prüfung für Kundin 🙂 #42"));
		assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
	}

	@Test
	void warehouseFunctionsTakeTheReasonFromTheirQueryStringOrBigQueryContext() {
		String format = create(Map.of("alphabet", "digits", "length", 10, "mode", "deterministic",
				"detokenize_requires_reason", true));
		String value = "77" + Long.toString(System.nanoTime()).substring(0, 8);
		String token = tokenize(format, value);
		String reason = URLEncoder.encode(REASON, StandardCharsets.UTF_8);

		String snowflake = "{\"data\": [[0, \"" + token + "\"]]}";
		Api.Response nullRow = this.admin.post(WarehouseFunctionsApiTest.SNOWFLAKE + "detokenize", snowflake);
		assertThat(nullRow.json().get("data").get(0).get(1).isNull()).as("no reason, no value").isTrue();
		assertProblem(this.admin.post(WarehouseFunctionsApiTest.SNOWFLAKE + "detokenize?format=" + format, snowflake), 400,
				"reason_required");
		Api.Response revealed = this.admin.post(WarehouseFunctionsApiTest.SNOWFLAKE + "detokenize?reason=" + reason, snowflake);
		assertThat(revealed.json().get("data").get(0).get(1).asString()).isEqualTo(value);
		assertThat((String) auditEvent(revealed).get("details")).contains(REASON);
		Api.Response byHeader = this.admin.header("sf-custom-reason", "reconciliation")
			.post(WarehouseFunctionsApiTest.SNOWFLAKE + "detokenize", snowflake);
		assertThat(byHeader.json().get("data").get(0).get(1).asString()).isEqualTo(value);

		String redshift = "{\"arguments\": [[\"" + token + "\"]], \"num_records\": 1}";
		assertThat(this.admin.post(WarehouseFunctionsApiTest.REDSHIFT + "detokenize", redshift).json().get("results").get(0)
			.isNull()).isTrue();
		Api.Response redshiftRefused = this.admin.post(WarehouseFunctionsApiTest.REDSHIFT + "detokenize?format=" + format, redshift);
		assertProblem(redshiftRefused, 400, "reason_required");
		assertThat(redshiftRefused.json().get("success").asBoolean()).isFalse();
		assertThat(this.admin.post(WarehouseFunctionsApiTest.REDSHIFT + "detokenize?reason=" + reason, redshift).json()
			.get("results").get(0).asString()).isEqualTo(value);

		Map<String, Object> context = new HashMap<>(Map.of("format", format));
		Map<String, Object> bigQuery = new HashMap<>(Map.of("requestId", "r1", "calls", List.of(List.of(token)),
				"userDefinedContext", context));
		Api.Response bigQueryRefused = this.admin.post(WarehouseFunctionsApiTest.BIGQUERY + "detokenize", bigQuery);
		assertProblem(bigQueryRefused, 400, "reason_required");
		assertThat(bigQueryRefused.field("errorMessage")).contains("reason");
		context.put("reason", REASON);
		Api.Response bigQueryRevealed = this.admin.post(WarehouseFunctionsApiTest.BIGQUERY + "detokenize", bigQuery);
		assertThat(bigQueryRevealed.json().get("replies").get(0).asString()).isEqualTo(value);
		assertThat((String) auditEvent(bigQueryRevealed).get("details")).contains(REASON).doesNotContain(value);
	}

	private String create(Map<String, Object> definition) {
		Map<String, Object> body = new HashMap<>(definition);
		body.put("name", TokenFormatsApiTest.uniqueName());
		Api.Response response = this.admin.post(TokenFormatsApiTest.FORMATS, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.field("name");
	}

	private String tokenize(String format, String value) {
		Api.Response response = this.admin.post("/api/v1/tokenize", Map.of("format", format, "values", List.of(value)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode token = response.json().get("tokens").get(0);
		assertThat(token.isNull()).as(response.toString()).isFalse();
		return token.asString();
	}

	private Map<String, Object> auditEvent(Api.Response response) {
		return this.server.jdbc()
			.sql("SELECT action, resource_id, outcome, details FROM audit_events WHERE request_id = :id")
			.param("id", response.header("X-Request-Id"))
			.query()
			.singleRow();
	}
}
