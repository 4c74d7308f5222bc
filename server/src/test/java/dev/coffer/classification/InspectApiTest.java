package dev.coffer.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Inspect and redact through the API, on both stores: spans, modes, limits, permissions and audit. */
@ParameterizedClass
@EnumSource(TestStore.class)
@ExtendWith(OutputCaptureExtension.class)
class InspectApiTest {

	static final String TEXT = "Hi, I am Jane Smith, mail jane.smith@example.com, card 4111 1111 1111 1111, SSN 536-22-1234.";

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
	void inspectAnswersTypedSpansWithoutRepeatingTheText() {
		Api.Response response = this.admin.post("/api/v1/inspect", Map.of("text", TEXT));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> spans = new ArrayList<>();
		for (JsonNode finding : response.json().get("findings")) {
			spans.add(finding.get("type").asString() + "="
					+ TEXT.substring(finding.get("start").asInt(), finding.get("end").asInt()));
			assertThat(finding.get("score").asDouble()).isBetween(0.5, 1.0);
		}
		assertThat(spans).containsExactly("person_name=Jane Smith", "email=jane.smith@example.com",
				"payment_card=4111 1111 1111 1111", "us_ssn=536-22-1234");
		assertThat(response.body()).doesNotContain("jane.smith@example.com").doesNotContain("536-22-1234");

		Api.Response filtered = this.admin.post("/api/v1/inspect",
				Map.of("text", TEXT, "types", List.of("us_ssn"), "min_score", 0.9));
		assertThat(filtered.json().get("findings")).hasSize(1);
		assertThat(filtered.json().get("findings").get(0).get("type").asString()).isEqualTo("us_ssn");
	}

	@Test
	void redactReplacesFindingsByTypeLabelOrMask() {
		Api.Response labeled = this.admin.post("/api/v1/redact", Map.of("text", TEXT));
		assertThat(labeled.status()).as(labeled.body()).isEqualTo(200);
		assertThat(labeled.field("text"))
			.isEqualTo("Hi, I am [PERSON_NAME], mail [EMAIL], card [PAYMENT_CARD], SSN [US_SSN].");
		JsonNode first = labeled.json().get("findings").get(0);
		assertThat(labeled.field("text").substring(first.get("redacted_start").asInt(), first.get("redacted_end").asInt()))
			.isEqualTo("[PERSON_NAME]");

		String emoji = "\uD83D\uDE00";
		Api.Response masked = this.admin.post("/api/v1/redact",
				Map.of("text", "ssn 536-22-1234 " + emoji, "replace_with", "mask", "mask_char", "#"));
		assertThat(masked.field("text")).isEqualTo("ssn ########### " + emoji);
	}

	@Test
	void redactWithTokensKeepsFormatsAndTheTokensDetokenize() {
		Api.Response response = this.admin.post("/api/v1/redact",
				Map.of("text", TEXT, "replace_with", "token", "types", List.of("email", "payment_card", "us_ssn")));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String redacted = response.field("text");
		assertThat(redacted).doesNotContain("jane.smith@").doesNotContain("4111 1111 1111 1111").doesNotContain("536-22-1234");
		List<String> tokens = new ArrayList<>();
		for (JsonNode finding : response.json().get("findings")) {
			tokens.add(redacted.substring(finding.get("redacted_start").asInt(), finding.get("redacted_end").asInt()));
		}
		assertThat(tokens.get(0)).endsWith("@example.com");
		assertThat(tokens.get(1)).matches("[0-9]{4} [0-9]{4} [0-9]{4} 1111");
		assertThat(tokens.get(2)).matches("[0-9]{3}-[0-9]{2}-1234");
		JsonNode revealed = this.admin.post("/api/v1/detokenize", Map.of("tokens", tokens)).json();
		assertThat(revealed.get("values").get(0).asString()).isEqualTo("jane.smith@example.com");
		assertThat(revealed.get("values").get(1).asString()).isEqualTo("4111 1111 1111 1111");
		assertThat(revealed.get("values").get(2).asString()).isEqualTo("536-22-1234");

		Api.Response uuid = this.admin.post("/api/v1/redact",
				Map.of("text", "mail jane@example.com", "replace_with", "token", "format", "uuid"));
		assertThat(uuid.field("text")).matches("mail [0-9a-f-]{36}");
	}

	@Test
	void badRequestsAreValidationProblemsAndLongTextsAre413() {
		assertProblem(this.admin.post("/api/v1/inspect", Map.of()), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/inspect", Map.of("text", "x", "types", List.of("nope"))), 400,
				"validation_failed");
		assertProblem(this.admin.post("/api/v1/inspect", Map.of("text", "x", "min_score", 2)), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/redact", Map.of("text", "x", "replace_with", "erase")), 400,
				"validation_failed");
		assertProblem(this.admin.post("/api/v1/redact", Map.of("text", "x", "replace_with", "token", "format", "nope")), 400,
				"validation_failed");
		assertProblem(this.admin.post("/api/v1/redact", Map.of("text", "x", "mask_char", "##", "replace_with", "mask")), 400,
				"validation_failed");
		assertProblem(this.admin.post("/api/v1/inspect", Map.of("text", "a".repeat(TextInspector.MAX_CHARS + 1))), 413,
				"payload_too_large");
		assertThat(this.admin.post("/api/v1/inspect", Map.of("text", "a ".repeat(TextInspector.MAX_CHARS / 2))).status())
			.isEqualTo(200);
	}

	@Test
	void inspectorsInspectButTokenRedactionAlsoNeedsTokenize() {
		Api inspector = keyWithRoles(List.of("inspector"));
		assertThat(inspector.post("/api/v1/inspect", Map.of("text", TEXT)).status()).isEqualTo(200);
		assertThat(inspector.post("/api/v1/redact", Map.of("text", TEXT, "replace_with", "mask")).status()).isEqualTo(200);
		Api.Response denied = inspector.post("/api/v1/redact", Map.of("text", TEXT, "replace_with", "token"));
		assertProblem(denied, 403, "permission_denied");
		assertThat(denied.field("permission")).isEqualTo("tokens:tokenize");
		assertThat(keyWithRoles(List.of("inspector", "tokenizer"))
			.post("/api/v1/redact", Map.of("text", TEXT, "replace_with", "token"))
			.status()).isEqualTo(200);
		assertThat(keyWithRoles(List.of("steward")).post("/api/v1/inspect", Map.of("text", TEXT)).status()).isEqualTo(200);
		Api.Response tokenizer = keyWithRoles(List.of("tokenizer")).post("/api/v1/inspect", Map.of("text", TEXT));
		assertProblem(tokenizer, 403, "permission_denied");
		assertThat(tokenizer.field("permission")).isEqualTo("classification:inspect");
		assertProblem(this.server.anonymous().post("/api/v1/inspect", Map.of("text", TEXT)), 401, "unauthenticated");
	}

	@Test
	void callsAreAuditedWithCountsPerTypeAndTheTextStaysOutOfAuditAndLog(CapturedOutput output) {
		String marker = Long.toString(System.nanoTime(), 36);
		String email = "leak." + marker + "@example.com";
		Api.Response response = this.admin.post("/api/v1/redact",
				Map.of("text", "mail " + email + " and " + email + ", ssn 536-22-1234", "replace_with", "mask"));
		assertThat(response.status()).isEqualTo(200);
		Map<String, Object> event = this.server.jdbc()
			.sql("SELECT action, outcome, details FROM audit_events WHERE request_id = :id")
			.param("id", response.header("X-Request-Id"))
			.query()
			.singleRow();
		assertThat(event).containsEntry("action", "classification.text_redacted").containsEntry("outcome", "success");
		assertThat((String) event.get("details")).contains("\"email\":2").contains("\"us_ssn\":1").contains("\"findings\":3")
			.contains("\"replace_with\":\"mask\"");
		String audit = this.server.jdbc().sql("SELECT * FROM audit_events").query().listOfRows().toString();
		assertThat(audit).doesNotContain(marker).doesNotContain("536-22-1234");
		assertThat(output.getAll()).doesNotContain(marker);
	}

	private Api keyWithRoles(List<String> roles) {
		String account = this.admin.post("/api/v1/service-accounts", Map.of("name", "inspect-" + System.nanoTime())).field("id");
		Api.Response created = this.admin.post("/api/v1/api-keys", Map.of("principal_id", account, "roles", roles));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return this.server.anonymous().basic(created.field("key_name"), created.field("key_secret"));
	}
}
