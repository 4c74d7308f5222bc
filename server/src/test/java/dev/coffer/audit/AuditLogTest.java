package dev.coffer.audit;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/** The audit log through the API, on both stores, on the shared servers (nothing destructive here). */
@ParameterizedClass
@EnumSource(TestStore.class)
@ExtendWith(OutputCaptureExtension.class)
class AuditLogTest {

	@Parameter
	TestStore store;

	@Test
	void failedLoginKeyCreationAndTokenizeAreAuditedWithoutAnySecretOrValue(CapturedOutput output) {
		TestServer server = TestServer.shared(this.store);
		Api admin = server.admin();
		String adminKey = server.bootstrapCredentials().get("key_name").asString();
		String wrongPassword = "Wrong-Pass-" + UUID.randomUUID();
		String unknownName = "typo-" + UUID.randomUUID().toString().substring(0, 8);
		String otherWrongPassword = "Other-Wrong-" + UUID.randomUUID();
		assertProblem(server.anonymous().basic(adminKey, wrongPassword).get("/api/v1/me"), 401, "invalid_credentials");
		assertProblem(server.anonymous().basic(unknownName, otherWrongPassword).get("/api/v1/me"), 401,
				"invalid_credentials");

		String accountId = admin.post("/api/v1/service-accounts", Map.of("name", "audited-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		Api.Response issued = admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", List.of("tokenizer")));
		String keyId = issued.json().get("api_key").get("id").asString();
		String secret = issued.field("key_secret");

		// a tokenize call by the new key (role tokenizer): counted in the log, its values and tokens nowhere
		String valueA = "person-" + UUID.randomUUID() + "@example.com";
		String valueB = "other-" + UUID.randomUUID() + "@example.org";
		Api tokenizer = server.anonymous().basic(issued.field("key_name"), secret);
		Api.Response tokenized = tokenizer.post("/api/v1/tokenize", Map.of("format", "email", "values", List.of(valueA, valueB)));
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		List<String> tokens = new ArrayList<>();
		tokenized.json().get("tokens").forEach(token -> tokens.add(token.asString()));
		assertThat(tokens).hasSize(2).doesNotContainNull();
		List<JsonNode> tokenizeEvents = events(admin, "action=tokens.tokenized&actor=" + issued.field("key_name"));
		assertThat(tokenizeEvents).hasSize(1);
		assertThat(tokenizeEvents.get(0).get("details").asString()).contains("\"count\":2");
		assertThat(tokenizeEvents.get(0).get("resource_id").asString()).isEqualTo("email");

		List<JsonNode> failures = events(admin, "action=auth.failed&limit=1000");
		assertThat(failures).anySatisfy(event -> {
			assertThat(event.get("key_name").asString()).isEqualTo(adminKey);
			assertThat(event.get("outcome").asString()).isEqualTo("failure");
			assertThat(event.get("details").asString()).contains("invalid_credentials");
			assertThat(event.get("client_address").asString()).isNotBlank();
			assertThat(event.get("request_id").asString()).startsWith("req_");
		});
		String unknownHash = admin.post("/api/v1/audit/hash", Map.of("value", unknownName)).field("hmac");
		assertThat(failures).anySatisfy(event -> assertThat(event.get("details").asString()).contains(unknownHash));

		List<JsonNode> created = events(admin, "action=api_key.created&resource=api_key/" + keyId);
		assertThat(created).hasSize(1);
		JsonNode event = created.get(0);
		assertThat(event.get("actor_kind").asString()).isEqualTo("service_account");
		assertThat(event.get("key_name").asString()).isEqualTo(adminKey);
		assertThat(event.get("roles").asString()).isEqualTo("admin");
		assertThat(event.get("outcome").asString()).isEqualTo("success");

		String everything = String.join("\n", server.jdbc()
			.sql("SELECT " + String.join(" || '|' || ", AuditEventView.COLUMNS.stream()
				.map(c -> "coalesce(cast(" + c + " as varchar), '')").toList()) + " FROM audit_events")
			.query(String.class)
			.list());
		List<String> mustNotAppear = new ArrayList<>(List.of(wrongPassword, otherWrongPassword, secret, unknownName,
				issued.field("bearer_token"), valueA, valueB));
		mustNotAppear.addAll(tokens);
		for (String value : mustNotAppear) {
			assertThat(everything).as("audit table must not contain a secret or an unknown name in clear")
				.doesNotContain(value);
			assertThat(output.getAll()).as("log must not contain a secret").doesNotContain(value);
		}
	}

	@Test
	void permissionRefusalsAreAuditedAsDenied() {
		TestServer server = TestServer.shared(this.store);
		Api admin = server.admin();
		String accountId = admin.post("/api/v1/service-accounts", Map.of("name", "denied-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		Api.Response issued = admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", List.of("tokenizer")));
		Api tokenizer = server.anonymous().basic(issued.field("key_name"), issued.field("key_secret"));
		assertProblem(tokenizer.get("/api/v1/audit/events"), 403, "permission_denied");
		assertThat(events(admin, "action=access.denied&actor=" + issued.field("key_name")))
			.anySatisfy(event -> {
				assertThat(event.get("outcome").asString()).isEqualTo("denied");
				assertThat(event.get("details").asString()).contains("audit:read");
			});
	}

	@Test
	void pagingByCursorWhileEventsAreAppendedSeesEachEventOnce() {
		TestServer server = TestServer.shared(this.store);
		Api admin = server.admin();
		for (int i = 0; i < 5; i++) {
			admin.post("/api/v1/service-accounts", Map.of("name", "paging-" + UUID.randomUUID().toString().substring(0, 8)));
		}
		List<Long> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = admin.get("/api/v1/audit/events?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
			page.get("data").forEach(e -> seen.add(e.get("seq").asLong()));
			cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asString() : null;
			if (pages++ < 3) {
				admin.post("/api/v1/service-accounts", Map.of("name", "appended-" + UUID.randomUUID().toString().substring(0, 8)));
			}
			assertThat(pages).isLessThan(10_000);
		}
		while (cursor != null);
		assertThat(seen).doesNotHaveDuplicates().isSorted();
		long last = server.jdbc().sql("SELECT max(seq) FROM audit_events").query(Long.class).single();
		long first = server.jdbc().sql("SELECT min(seq) FROM audit_events").query(Long.class).single();
		// every event up to the last page is there, gap-free (events appended after the last page may follow)
		assertThat(seen.get(0)).isEqualTo(first);
		for (int i = 1; i < seen.size(); i++) {
			assertThat(seen.get(i)).isEqualTo(seen.get(i - 1) + 1);
		}
		assertThat(seen.get(seen.size() - 1)).isLessThanOrEqualTo(last);
	}

	@Test
	void exportStreamsEveryEventAsNdjsonAndCsv() {
		TestServer server = TestServer.shared(this.store);
		Api admin = server.admin();
		admin.post("/api/v1/service-accounts", Map.of("name", "=cmd-" + UUID.randomUUID().toString().substring(0, 4).replace("-", "")));
		long before = server.jdbc().sql("SELECT count(*) FROM audit_events").query(Long.class).single();
		Api.Response ndjson = admin.get("/api/v1/audit/export?format=ndjson");
		assertThat(ndjson.status()).as(ndjson.toString()).isEqualTo(200);
		assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
		String[] lines = ndjson.body().split("\n");
		assertThat((long) lines.length).isGreaterThanOrEqualTo(before);
		assertThat(Api.JSON.readTree(lines[0]).get("seq").asLong()).isPositive();

		Api.Response csv = admin.get("/api/v1/audit/export?format=csv&action=principal.created");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.body()).startsWith("seq,id,occurred_at,");
		assertThat(csv.body().split("\r\n").length).isGreaterThan(1);
		assertProblem(admin.get("/api/v1/audit/export?format=xml"), 400, "invalid_parameter");
		assertThat(AuditController.csvCell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
	}

	@Test
	void checkpointsAreSignedWithThePublishedKey() throws Exception {
		TestServer server = TestServer.shared(this.store);
		Api admin = server.admin();
		admin.post("/api/v1/service-accounts", Map.of("name", "checkpointed-" + UUID.randomUUID().toString().substring(0, 8)));
		server.bean(AuditMaintenance.class).checkpoint();
		JsonNode checkpoints = admin.get("/api/v1/audit/checkpoints").json();
		assertThat(checkpoints.get("algorithm").asString()).isEqualTo("Ed25519");
		byte[] raw = Base64.getDecoder().decode(checkpoints.get("public_key").asString());
		// verified with the JDK's own Ed25519, independent of the server's Tink
		PublicKey key = KeyFactory.getInstance("Ed25519")
			.generatePublic(new X509EncodedKeySpec(concat(HexFormat.of().parseHex("302a300506032b6570032100"), raw)));
		JsonNode latest = checkpoints.get("data").get(checkpoints.get("data").size() - 1);
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(key);
		verifier.update(("coffer audit checkpoint|" + latest.get("seq").asLong() + "|" + latest.get("hash").asString() + "|"
				+ java.time.OffsetDateTime.parse(latest.get("created_at").asString()).toInstant()).getBytes());
		assertThat(verifier.verify(Base64.getDecoder().decode(latest.get("signature").asString()))).isTrue();
		JsonNode verification = admin.get("/api/v1/audit/verify").json();
		assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
		assertThat(verification.get("checkpoints_checked").asLong()).isPositive();
	}

	static List<JsonNode> events(Api admin, String query) {
		Api.Response response = admin.get("/api/v1/audit/events?" + query);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		response.json().get("data").forEach(events::add);
		return events;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = new byte[a.length + b.length];
		System.arraycopy(a, 0, out, 0, a.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}
}
