package dev.coffer.tokenization;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/** Values, tokens and metadata never reach the audit log or the server log; the calls are audited. */
@ParameterizedClass
@EnumSource(TestStore.class)
@ExtendWith(OutputCaptureExtension.class)
class TokenizationLeakTest {

	@Parameter
	TestStore store;

	@Test
	void valuesTokensAndMetadataStayOutOfTheAuditAndTheLog(CapturedOutput output) {
		TestServer server = TestServer.shared(this.store);
		Api admin = server.admin();
		String marker = Long.toString(System.nanoTime(), 36);
		String email = "leaky." + marker + "@example.com";
		String secretNote = "meta-" + marker;
		Api.Response tokenized = admin.post("/api/v1/tokenize", Map.of("format", "email", "values",
				List.of(email, "Zebra-" + marker + "@example.com", "bogus-" + marker),
				"metadata", Map.of("note", secretNote)));
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		List<String> tokens = TokenizationApiTest.strings(tokenized.json().get("tokens"));
		assertThat(tokenized.json().get("errors")).hasSize(1);
		assertThat(tokenized.body()).doesNotContain("bogus-" + marker);
		Api.Response revealed = admin.post("/api/v1/detokenize", Map.of("tokens", tokens.subList(0, 2)));
		assertThat(revealed.status()).isEqualTo(200);

		List<Map<String, Object>> events = server.jdbc().sql("SELECT * FROM audit_events").query().listOfRows();
		String everything = events.toString();
		for (String secret : List.of(email, "Zebra-" + marker, "bogus-" + marker, secretNote, tokens.get(0), tokens.get(1))) {
			assertThat(everything).as("audit_events").doesNotContain(secret);
			assertThat(output.getAll()).as("log output").doesNotContain(secret);
		}
		String stored = server.jdbc().sql("SELECT metadata FROM vault_tokens WHERE token = :t").param("t", tokens.get(0))
			.query(String.class).single();
		assertThat(stored).contains(secretNote);

		Map<String, Object> event = server.jdbc()
			.sql("SELECT action, resource_id, outcome, details FROM audit_events WHERE request_id = :id")
			.param("id", tokenized.header("X-Request-Id"))
			.query()
			.singleRow();
		assertThat(event).containsEntry("action", "tokens.tokenized").containsEntry("resource_id", "email")
			.containsEntry("outcome", "success");
		assertThat((String) event.get("details")).contains("\"count\":3").contains("\"errors\":1")
			.contains("\"deterministic\":false");
		assertThat(server.jdbc()
			.sql("SELECT action FROM audit_events WHERE request_id = :id")
			.param("id", revealed.header("X-Request-Id"))
			.query(String.class)
			.single()).isEqualTo("tokens.detokenized");
	}
}
