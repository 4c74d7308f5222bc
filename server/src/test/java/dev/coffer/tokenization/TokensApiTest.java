package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
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
import static dev.coffer.tokenization.TokenApi.codes;
import static dev.coffer.tokenization.TokenApi.encode;
import static dev.coffer.tokenization.TokenApi.indexes;
import static dev.coffer.tokenization.TokenApi.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** Token metadata, the live check, delete and forget through the API, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TokensApiTest {

	@Parameter
	TestStore store;

	TestServer server;

	TokenApi admin;

	String marker;

	@BeforeEach
	void setUp() {
		this.server = TestServer.shared(this.store);
		this.admin = new TokenApi(this.server.admin());
		this.marker = Long.toString(System.nanoTime(), 36);
	}

	// ---- metadata ----

	@Test
	void metadataOfARandomTokenShowsFormatModeKeyTimesAndTheCallersMetadataButNeverTheValue() {
		OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5);
		String value = "4111 1111 1111 1111";
		String note = "note-" + this.marker;
		String token = this.admin.tokenize(Map.of("format", "card", "values", List.of(value), "metadata",
				Map.of("source", "crm", "note", note, "nested", Map.of("n", 7)))).get(0);

		Api.Response response = this.admin.metadata(token);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("format").asString()).isEqualTo("card");
		assertThat(body.get("mode").asString()).isEqualTo("random");
		assertThat(body.get("key_version").asInt()).isEqualTo(keyVersionOf(token));
		assertThat(body.get("key_status").asString()).isEqualTo("active");
		assertThat(body.get("status").asString()).isEqualTo("live");
		assertThat(OffsetDateTime.parse(body.get("created_at").asString())).isAfter(before);
		assertThat(body.has("expires_at") && !body.get("expires_at").isNull()).isFalse();
		assertThat(body.get("metadata").get("note").asString()).isEqualTo(note);
		assertThat(body.get("metadata").get("nested").get("n").asInt()).isEqualTo(7);
		assertThat(response.body()).doesNotContain(value).doesNotContain("ciphertext");
	}

	@Test
	void metadataOfADeterministicTokenSaysDeterministicAndHasNoExpiry() {
		String token = this.admin.tokenize("email", "det." + this.marker + "@example.com", true);
		JsonNode body = this.admin.metadata(token).json();
		assertThat(body.get("mode").asString()).isEqualTo("deterministic");
		assertThat(body.get("format").asString()).isEqualTo("email");
		assertThat(body.path("expires_at").isMissingNode() || body.get("expires_at").isNull()).isTrue();
		assertThat(body.path("metadata").isMissingNode() || body.get("metadata").isNull()).isTrue();
	}

	@Test
	void metadataOfATokenWithTtlShowsItsExpiryAndTurnsExpiredOnceItPasses() {
		String token = this.admin.tokenize(Map.of("format", "uuid", "values", List.of("ttl-" + this.marker), "ttl_seconds", 3600))
			.get(0);
		JsonNode live = this.admin.metadata(token).json();
		OffsetDateTime created = OffsetDateTime.parse(live.get("created_at").asString());
		OffsetDateTime expires = OffsetDateTime.parse(live.get("expires_at").asString());
		// the expiry is set when the request arrives, the creation time a moment later when the token is stored
		assertThat(expires).isBetween(created.plusSeconds(3590), created.plusSeconds(3600));
		assertThat(live.get("status").asString()).isEqualTo("live");

		expire(token);
		JsonNode expired = this.admin.metadata(token).json();
		assertThat(expired.get("status").asString()).isEqualTo("expired");
		assertThat(expired.get("key_status").asString()).as("the key is fine; the token is not").isEqualTo("active");
		assertThat(codes(this.admin.detokenize(List.of(token)))).containsExactly("token_expired");
	}

	@Test
	void metadataBatchAnswersInOrderWithPerItemErrors() {
		String random = this.admin.tokenize("alphanumeric", "batch-" + this.marker, false);
		String deterministic = this.admin.tokenize("digits", "5550" + (System.nanoTime() % 100000), true);
		List<String> tokens = Arrays.asList(deterministic, "no-such-token-" + this.marker, random, null, "", random);
		Api.Response response = this.admin.api().post("/api/v1/tokens/metadata", Map.of("tokens", tokens));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode items = response.json().get("items");
		assertThat(items).hasSize(6);
		assertThat(items.get(0).get("mode").asString()).isEqualTo("deterministic");
		assertThat(items.get(0).get("format").asString()).isEqualTo("digits");
		assertThat(items.get(1).isNull()).isTrue();
		assertThat(items.get(2).get("format").asString()).isEqualTo("alphanumeric");
		assertThat(items.get(3).isNull()).isTrue();
		assertThat(items.get(4).isNull()).isTrue();
		assertThat(items.get(5).get("mode").asString()).isEqualTo("random");
		assertThat(indexes(response.json())).containsExactly(1, 3, 4);
		assertThat(codes(response.json())).containsExactly("token_not_found", "invalid_value", "invalid_value");
		assertThat(response.body()).doesNotContain("no-such-token-" + this.marker);
	}

	@Test
	void unknownTokenMetadataIsTokenNotFoundWithoutEchoingTheToken() {
		String unknown = "4111 0000 0000 " + this.marker;
		Api.Response response = this.admin.metadata(unknown);
		assertProblem(response, 404, "token_not_found");
		assertThat(response.body()).doesNotContain(this.marker);
		assertThat(this.server.anonymous().get("/api/errors/token_not_found").status()).isEqualTo(200);
	}

	@Test
	void tokensWithSpacesPlusParenthesesAtSignsAndReservedCharactersWorkPercentEncodedInThePath() {
		String phone = this.admin.tokenize("phone", "+1 (415) 555-0123", false);
		String card = this.admin.tokenize("card", "4111 1111 1111 1111", false);
		// the email format keeps the domain, so it can carry what a URL path reserves
		String odd = this.admin.tokenize("email", "x" + this.marker + "@we?ird#dom+1(ü)&=$!'*,:.com", false);
		assertThat(phone).contains("+", "(", " ");
		assertThat(odd).contains("?", "#", "+", "(", "@", "ü", "&", "=", ":");
		for (String token : List.of(phone, card, odd)) {
			Api.Response full = this.admin.api().get("/api/v1/tokens/" + encode(token) + "/metadata");
			assertThat(full.status()).as(token + " " + full).isEqualTo(200);
			assertThat(full.json().get("key_version").asInt()).isEqualTo(keyVersionOf(token));
		}
		// only what a path cannot hold encoded: `+`, `(`, `)` and `@` may travel as they are
		String minimal = phone.replace(" ", "%20");
		Api.Response raw = this.admin.api().get("/api/v1/tokens/" + minimal + "/metadata");
		assertThat(raw.status()).as(raw.toString()).isEqualTo(200);
		assertThat(raw.json().get("format").asString()).isEqualTo("phone");

		Api.Response deleted = this.admin.api().delete("/api/v1/tokens/" + encode(odd));
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(codes(this.admin.detokenize(List.of(odd)))).containsExactly("token_not_found");
		assertThat(this.admin.api().delete("/api/v1/tokens/" + minimal).status()).isEqualTo(204);
		assertThat(codes(this.admin.detokenize(List.of(phone)))).containsExactly("token_not_found");
	}

	@Test
	void tokensHoldingASlashBackslashPercentOrSemicolonCannotTravelInThePathButTheBatchFormsHandleThem() {
		for (String domain : List.of("a/b.example.com", "a\\b.example.com", "a%b.example.com", "a;b.example.com")) {
			String token = this.admin.tokenize("email", "s" + this.marker + "@" + domain, false);
			String path = "/api/v1/tokens/" + encode(token);
			Api.Response refused = this.admin.api().get(path + "/metadata");
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.body()).doesNotContain(token.substring(0, token.indexOf('@')));
			assertThat(this.admin.api().delete(path).status()).isEqualTo(400);

			assertThat(this.admin.check(List.of(token))).as(domain).containsExactly("live");
			Api.Response deleted = this.admin.api().post("/api/v1/tokens/delete", Map.of("tokens", List.of(token)));
			assertThat(deleted.json().get("deleted").get(0).asBoolean()).isTrue();
			assertThat(this.admin.check(List.of(token))).containsExactly("not_found");
		}
	}

	// ---- live check ----

	@Test
	void checkTellsLiveExpiredAndNotFoundInOrderWithoutDecrypting() {
		String live = this.admin.tokenize("uuid", "check-live-" + this.marker, false);
		String expired = this.admin.tokenize(Map.of("format", "uuid", "values", List.of("check-exp-" + this.marker),
				"ttl_seconds", 60)).get(0);
		expire(expired);
		String fpe = this.admin.tokenize(Map.of("format", "digits-fpe", "values", List.of("12345678"))).get(0);
		// a ciphertext that would fail to decrypt: the check does not decrypt, so the token is still live
		String tampered = this.admin.tokenize("uuid", "check-tampered-" + this.marker, false);
		this.server.jdbc()
			.sql("UPDATE vault_tokens SET ciphertext = :c WHERE token = :t")
			.param("c", new byte[] { 0, 0, 0, 1, 9, 9, 9 })
			.param("t", tampered)
			.update();

		List<String> statuses = this.admin.check(Arrays.asList(live, expired, "nope-" + this.marker, null, "", fpe, tampered, live));
		assertThat(statuses).containsExactly("live", "expired", "not_found", "not_found", "not_found", "not_found", "live", "live");
	}

	@Test
	void checkAndMetadataRefuseBatchesAboveTenThousandItems() {
		List<String> tokens = Collections.nCopies(10_001, "x");
		assertProblem(this.admin.api().post("/api/v1/tokens/check", Map.of("tokens", tokens)), 413, "payload_too_large");
		assertProblem(this.admin.api().post("/api/v1/tokens/metadata", Map.of("tokens", tokens)), 413, "payload_too_large");
		assertProblem(this.admin.api().post("/api/v1/tokens/delete", Map.of("tokens", tokens)), 413, "payload_too_large");
		assertProblem(this.admin.api().post("/api/v1/tokens/forget", Map.of("format", "uuid", "values", tokens)), 413,
				"payload_too_large");
		Api.Response missing = this.admin.api().post("/api/v1/tokens/check", Map.of());
		assertProblem(missing, 400, "validation_failed");
		assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("tokens");
	}

	@Test
	void checkOfTenThousandTokensAnswersEveryOneInOrder() {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			values.add("bulk-check-" + this.marker + "-" + i);
		}
		List<String> tokens = new ArrayList<>(this.admin.tokenize(Map.of("format", "alphanumeric", "values", values)));
		for (int i = 0; i < 5_000; i++) {
			tokens.add(2 * i + 1, "missing-" + i);
		}
		List<String> statuses = this.admin.check(tokens);
		assertThat(statuses).hasSize(10_000);
		for (int i = 0; i < statuses.size(); i++) {
			assertThat(statuses.get(i)).as("item " + i).isEqualTo(i % 2 == 0 ? "live" : "not_found");
		}
	}

	// ---- delete ----

	@Test
	void deletedTokenAnswersTokenNotFoundEverywhere() {
		String value = "delete-me-" + this.marker;
		String token = this.admin.tokenize("uuid", value, false);
		String other = this.admin.tokenize("uuid", value, false);

		Api.Response deleted = this.admin.api().delete("/api/v1/tokens/" + encode(token));
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();

		JsonNode revealed = this.admin.detokenize(List.of(token, other));
		assertThat(codes(revealed)).containsExactly("token_not_found");
		assertThat(revealed.get("values").get(1).asString()).as("another random token of the value stays").isEqualTo(value);
		assertProblem(this.admin.metadata(token), 404, "token_not_found");
		assertThat(this.admin.check(List.of(token))).containsExactly("not_found");
		assertThat(countRows("SELECT count(*) FROM vault_tokens WHERE token = :t", token)).isZero();

		Api.Response again = this.admin.api().delete("/api/v1/tokens/" + encode(token));
		assertProblem(again, 404, "token_not_found");
		assertThat(again.body()).doesNotContain(token);
	}

	@Test
	void deletingADeterministicTokenFreesTheValueForANewToken() {
		String value = "det-del-" + this.marker;
		String first = this.admin.tokenize("alphanumeric", value, true);
		assertThat(this.admin.api().delete("/api/v1/tokens/" + first).status()).isEqualTo(204);
		assertThat(countRows("SELECT count(*) FROM vault_deterministic WHERE token = :t", first)).as("slot freed").isZero();
		String second = this.admin.tokenize("alphanumeric", value, true);
		assertThat(second).isNotEqualTo(first);
		assertThat(this.admin.tokenize("alphanumeric", value, true)).isEqualTo(second);
		assertThat(strings(this.admin.detokenize(List.of(second)).get("values"))).containsExactly(value);
	}

	@Test
	void batchDeleteAnswersPerItemInOrder() {
		List<String> tokens = this.admin.tokenize(Map.of("format", "uuid", "values",
				List.of("bd-1-" + this.marker, "bd-2-" + this.marker, "bd-3-" + this.marker)));
		List<String> request = Arrays.asList(tokens.get(0), "unknown-" + this.marker, tokens.get(1), null, tokens.get(0));
		Api.Response response = this.admin.api().post("/api/v1/tokens/delete", Map.of("tokens", request));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("deleted").toString()).isEqualTo("[true,false,true,false,true]");
		assertThat(indexes(response.json())).containsExactly(1, 3);
		assertThat(codes(response.json())).containsExactly("token_not_found", "invalid_value");

		JsonNode revealed = this.admin.detokenize(tokens);
		assertThat(codes(revealed)).containsExactly("token_not_found", "token_not_found");
		assertThat(revealed.get("values").get(2).asString()).isEqualTo("bd-3-" + this.marker);
	}

	// ---- forget ----

	@Test
	void forgettingAValueDeletesItsDeterministicTokenAndALaterTokenizeIssuesANewOne() {
		String value = "forget." + this.marker + "@example.com";
		String deterministic = this.admin.tokenize("email", value, true);
		String random = this.admin.tokenize("email", value, false);

		Api.Response forgotten = this.admin.api().post("/api/v1/tokens/forget",
				Map.of("format", "email", "values", List.of(value, "never." + this.marker + "@example.com", "not an email")));
		assertThat(forgotten.status()).as(forgotten.toString()).isEqualTo(200);
		assertThat(forgotten.json().get("forgotten").toString()).isEqualTo("[true,false,false]");
		assertThat(codes(forgotten.json())).containsExactly("token_not_found", "invalid_value");
		assertThat(forgotten.body()).doesNotContain(this.marker);

		JsonNode revealed = this.admin.detokenize(List.of(deterministic, random));
		assertThat(codes(revealed)).containsExactly("token_not_found");
		assertThat(revealed.get("values").get(1).asString())
			.as("a random token carries no HMAC: it is not found by value and must be deleted by token")
			.isEqualTo(value);

		String renewed = this.admin.tokenize("email", value, true);
		assertThat(renewed).isNotEqualTo(deterministic);
		assertThat(strings(this.admin.detokenize(List.of(renewed)).get("values"))).containsExactly(value);

		Api.Response again = this.admin.api().post("/api/v1/tokens/forget", Map.of("format", "email", "values", List.of(value)));
		assertThat(again.json().get("forgotten").toString()).isEqualTo("[true]");
		assertThat(codes(this.admin.detokenize(List.of(renewed)))).containsExactly("token_not_found");
	}

	@Test
	void forgetFindsTheValueOnlyInItsOwnFormat() {
		String value = "9" + Math.abs(System.nanoTime() % 1_000_000_000L);
		String digits = this.admin.tokenize("digits", value, true);
		String alnum = this.admin.tokenize("alphanumeric", value, true);
		Api.Response response = this.admin.api().post("/api/v1/tokens/forget", Map.of("format", "digits", "values", List.of(value, value)));
		assertThat(response.json().get("forgotten").toString()).isEqualTo("[true,true]");
		assertThat(response.json().get("errors").isEmpty()).isTrue();
		assertThat(this.admin.check(List.of(digits, alnum))).containsExactly("not_found", "live");
	}

	@Test
	void forgetRefusesVaultlessUnknownAndMissingFormats() {
		Api.Response fpe = this.admin.api().post("/api/v1/tokens/forget", Map.of("format", "card-fpe", "values", List.of("4111111111111111")));
		assertProblem(fpe, 400, "validation_failed");
		assertThat(fpe.json().get("errors").get(0).get("code").asString()).isEqualTo("not_supported");
		assertProblem(this.admin.api().post("/api/v1/tokens/forget", Map.of("format", "nope", "values", List.of("x"))), 400,
				"validation_failed");
		assertProblem(this.admin.api().post("/api/v1/tokens/forget", Map.of("values", List.of("x"))), 400, "validation_failed");
		assertProblem(this.admin.api().post("/api/v1/tokens/forget", Map.of("format", "uuid")), 400, "validation_failed");
	}

	@Test
	void vaultlessTokensAreNotInTheVault() {
		String fpe = this.admin.tokenize(Map.of("format", "card-fpe", "values", List.of("4111 1111 1111 1111"))).get(0);
		assertProblem(this.admin.metadata(fpe), 404, "token_not_found");
		assertProblem(this.admin.api().delete("/api/v1/tokens/" + encode(fpe)), 404, "token_not_found");
		assertThat(this.admin.check(List.of(fpe))).containsExactly("not_found");
	}

	// ---- permissions ----

	@Test
	void tokenizersAndDetokenizersReadMetadataButOnlyAdminsAndStewardsDelete() {
		String token = this.admin.tokenize("uuid", "perm-" + this.marker, false);
		Api tokenizer = this.admin.withRole("tokenizer");
		Api detokenizer = this.admin.withRole("detokenizer");
		Api auditor = this.admin.withRole("auditor");
		Api steward = this.admin.withRole("steward");

		for (Api reader : List.of(tokenizer, detokenizer, steward)) {
			assertThat(reader.get("/api/v1/tokens/" + token + "/metadata").status()).isEqualTo(200);
			assertThat(reader.post("/api/v1/tokens/check", Map.of("tokens", List.of(token))).status()).isEqualTo(200);
			assertThat(reader.post("/api/v1/tokens/metadata", Map.of("tokens", List.of(token))).status()).isEqualTo(200);
		}
		Api.Response notReader = auditor.post("/api/v1/tokens/check", Map.of("tokens", List.of(token)));
		assertProblem(notReader, 403, "permission_denied");
		assertThat(notReader.field("permission")).isEqualTo("tokens:read");

		for (Api denied : List.of(tokenizer, detokenizer, auditor)) {
			Api.Response delete = denied.delete("/api/v1/tokens/" + token);
			assertProblem(delete, 403, "permission_denied");
			assertThat(delete.field("permission")).isEqualTo("tokens:delete");
			assertThat(delete.body()).doesNotContain(token);
			assertProblem(denied.post("/api/v1/tokens/delete", Map.of("tokens", List.of(token))), 403, "permission_denied");
			assertProblem(denied.post("/api/v1/tokens/forget", Map.of("format", "uuid", "values", List.of("x"))), 403,
					"permission_denied");
			assertProblem(denied.post("/api/v1/tokens/purge-expired", Map.of()), 403, "permission_denied");
		}
		assertThat(this.admin.check(List.of(token))).as("nothing was deleted").containsExactly("live");
		assertThat(steward.delete("/api/v1/tokens/" + token).status()).isEqualTo(204);
		assertThat(this.admin.check(List.of(token))).containsExactly("not_found");
	}

	// ---- audit ----

	@Test
	void everyCallIsAuditedWithCountsAndNeverATokenAValueOrMetadata() {
		String value = "audit." + this.marker + "@example.com";
		String note = "meta-" + this.marker;
		List<String> tokens = this.admin.tokenize(Map.of("format", "email", "values",
				List.of(value, "second." + this.marker + "@example.com"), "metadata", Map.of("note", note)));
		String deterministic = this.admin.tokenize("email", "det." + value, true);
		Api tokenizer = this.admin.withRole("tokenizer");

		Api.Response metadata = this.admin.api().post("/api/v1/tokens/metadata", Map.of("tokens", tokens));
		Api.Response single = this.admin.metadata(tokens.get(0));
		Api.Response check = this.admin.api().post("/api/v1/tokens/check", Map.of("tokens", List.of(tokens.get(0), "x")));
		Api.Response denied = tokenizer.delete("/api/v1/tokens/" + encode(tokens.get(0)));
		Api.Response delete = this.admin.api().post("/api/v1/tokens/delete", Map.of("tokens", List.of(tokens.get(0), "zz")));
		Api.Response deleteOne = this.admin.api().delete("/api/v1/tokens/" + encode(tokens.get(1)));
		Api.Response forget = this.admin.api().post("/api/v1/tokens/forget",
				Map.of("format", "email", "values", List.of("det." + value, "gone." + value)));
		assertThat(List.of(metadata, single, check, delete, forget)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
		assertThat(deleteOne.status()).isEqualTo(204);

		assertThat(details(metadata, "tokens.metadata_read")).containsEntry("count", 2).containsEntry("errors", 0);
		assertThat(details(single, "tokens.metadata_read")).containsEntry("count", 1);
		assertThat(details(check, "tokens.checked")).containsEntry("count", 2).containsEntry("live", 1);
		assertThat(details(delete, "tokens.deleted")).containsEntry("count", 2).containsEntry("deleted", 1)
			.containsEntry("not_found", 1);
		assertThat(details(deleteOne, "tokens.deleted")).containsEntry("count", 1).containsEntry("deleted", 1);
		assertThat(details(forget, "tokens.forgotten")).containsEntry("count", 2).containsEntry("forgotten", 1)
			.containsEntry("not_found", 1);
		JsonNode refusal = this.admin.auditEventsOf(denied).get(0);
		assertThat(refusal.get("action").asString()).isEqualTo("access.denied");
		assertThat(refusal.get("resource_id").asString()).isEqualTo("DELETE /api/v1/tokens/{token}");

		String export = this.admin.auditExport();
		for (String secret : List.of(value, "second." + this.marker, "det." + value, note, tokens.get(0), tokens.get(1),
				deterministic, encode(tokens.get(0)), this.marker)) {
			assertThat(export).as("audit export").doesNotContain(secret);
		}
	}

	// ---- concurrency ----

	@Test
	void forgetRacingDeterministicTokenizeOfTheSameValueLeavesOneConsistentSlot() throws Exception {
		String value = "race-" + this.marker;
		int rounds = 40;
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<Api.Response>> calls = new ArrayList<>();
			for (int i = 0; i < rounds; i++) {
				calls.add(pool.submit(() -> this.admin.api().post("/api/v1/tokenize",
						Map.of("format", "alphanumeric", "values", List.of(value), "deterministic", true))));
				calls.add(pool.submit(() -> this.admin.api().post("/api/v1/tokens/forget",
						Map.of("format", "alphanumeric", "values", List.of(value)))));
			}
			for (java.util.concurrent.Future<Api.Response> call : calls) {
				Api.Response response = call.get();
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
				if (response.json().has("tokens")) {
					assertThat(response.json().get("errors").isEmpty()).as(response.toString()).isTrue();
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.server.jdbc()
			.sql("SELECT count(*) FROM vault_tokens t WHERE t.deterministic AND NOT EXISTS "
					+ "(SELECT 1 FROM vault_deterministic d WHERE d.token = t.token)")
			.query(Long.class)
			.single()).as("deterministic tokens without their slot").isZero();
		String token = this.admin.tokenize("alphanumeric", value, true);
		assertThat(this.admin.tokenize("alphanumeric", value, true)).isEqualTo(token);
		assertThat(strings(this.admin.detokenize(List.of(token)).get("values"))).containsExactly(value);
	}

	// ---- helpers ----

	private Map<String, Object> details(Api.Response response, String action) {
		List<JsonNode> events = this.admin.auditEventsOf(response);
		assertThat(events).as("events of " + response).hasSize(1);
		assertThat(events.get(0).get("action").asString()).isEqualTo(action);
		Map<String, Object> details = new HashMap<>();
		Api.JSON.readTree(events.get(0).get("details").asString()).properties().forEach(entry -> details.put(entry.getKey(),
				entry.getValue().isInt() ? (Object) entry.getValue().asInt() : entry.getValue().asString()));
		return details;
	}

	private void expire(String token) {
		this.server.jdbc()
			.sql("UPDATE vault_tokens SET expires_at = :past WHERE token = :token")
			.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5))
			.param("token", token)
			.update();
	}

	private int keyVersionOf(String token) {
		return this.server.jdbc()
			.sql("SELECT key_version FROM vault_tokens WHERE token = :token")
			.param("token", token)
			.query(Integer.class)
			.single();
	}

	private long countRows(String sql, String token) {
		return this.server.jdbc().sql(sql).param("t", token).query(Long.class).single();
	}
}
