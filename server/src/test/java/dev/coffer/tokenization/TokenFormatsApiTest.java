package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

/** {@code /api/v1/token-formats} on both stores: create, list, show, update, delete, validation, permissions, audit. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TokenFormatsApiTest {

	static final String FORMATS = "/api/v1/token-formats";

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
	void aCreatedFormatIsShownWithItsWholeDefinitionAndAudited() {
		String name = uniqueName();
		Api.Response created = this.admin.post(FORMATS, Map.of("name", name, "description", "Bank accounts",
				"alphabet", "digits", "min_length", 10, "max_length", 12, "preserve_suffix", 4, "separators", "-",
				"mode", "deterministic", "detokenize_requires_reason", true));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo(FORMATS + "/" + name);
		JsonNode body = created.json();
		assertThat(body.get("name").asString()).isEqualTo(name);
		assertThat(body.get("builtin").asBoolean()).isFalse();
		assertThat(body.get("mode").asString()).isEqualTo("deterministic");
		assertThat(body.get("vaultless").asBoolean()).isFalse();
		assertThat(body.get("alphabet").asString()).isEqualTo("digits");
		assertThat(body.get("alphabet_characters").asString()).isEqualTo("0123456789");
		assertThat(body.get("length").isNull()).isTrue();
		assertThat(body.get("min_length").asInt()).isEqualTo(10);
		assertThat(body.get("max_length").asInt()).isEqualTo(12);
		assertThat(body.get("preserve_prefix").asInt()).isZero();
		assertThat(body.get("preserve_suffix").asInt()).isEqualTo(4);
		assertThat(body.get("separators").asString()).isEqualTo("-");
		assertThat(body.get("luhn").asBoolean()).isFalse();
		assertThat(body.get("detokenize_requires_reason").asBoolean()).isTrue();
		assertThat(body.get("shape").asString()).contains("10 to 12 characters").contains("last 4 kept");
		assertThat(body.get("created_by").asString()).isNotBlank();

		Api.Response shown = this.admin.get(FORMATS + "/" + name);
		assertThat(shown.status()).isEqualTo(200);
		assertThat(shown.json()).isEqualTo(body);
		Map<String, Object> event = auditEvent(created);
		assertThat(event).containsEntry("action", "token_format.created").containsEntry("resource_id", name);
		assertThat((String) event.get("details")).contains("\"mode\":\"deterministic\"");
	}

	@Test
	void theListStartsWithTheBuiltInFormatsAndPagesBothWays() {
		String first = create(Map.of("alphabet", "hex", "length", 12));
		String second = create(Map.of("alphabet", "upper", "length", 6));
		Api.Response all = this.admin.get(FORMATS + "?limit=1000");
		assertThat(all.status()).as(all.toString()).isEqualTo(200);
		List<String> names = names(all.json().get("data"));
		assertThat(names.subList(0, 9)).containsExactly("uuid", "alphanumeric", "digits", "card", "ssn", "email", "phone",
				"digits-fpe", "card-fpe");
		assertThat(names).containsSubsequence(first, second);
		JsonNode card = all.json().get("data").get(3);
		assertThat(card.get("builtin").asBoolean()).isTrue();
		assertThat(card.get("luhn").asBoolean()).isTrue();
		assertThat(card.get("preserve_suffix").asInt()).isEqualTo(4);
		assertThat(card.get("deterministic_on_request").asBoolean()).isTrue();
		assertThat(all.json().get("data").get(8).get("vaultless").asBoolean()).isTrue();

		List<String> walked = new ArrayList<>();
		String cursor = null;
		do {
			Api.Response page = this.admin.get(FORMATS + "?limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			walked.addAll(names(page.json().get("data")));
			cursor = page.json().has("next_cursor") ? page.json().get("next_cursor").asString() : null;
		}
		while (cursor != null);
		assertThat(walked).isEqualTo(names);

		Api.Response secondPage = this.admin.get(FORMATS + "?page=2&per_page=5");
		assertThat(secondPage.status()).isEqualTo(200);
		assertThat(names(secondPage.json().get("data"))).isEqualTo(names.subList(5, 10));
		assertThat(secondPage.json().get("total").asLong()).isEqualTo(names.size());
		assertThat(secondPage.header("X-Total-Count")).isEqualTo(Integer.toString(names.size()));
	}

	@Test
	void aBuiltInFormatIsShownWithItsDocumentedShapeAndCannotBeDeletedOrReshaped() {
		Api.Response ssn = this.admin.get(FORMATS + "/ssn");
		assertThat(ssn.status()).isEqualTo(200);
		assertThat(ssn.json().get("builtin").asBoolean()).isTrue();
		assertThat(ssn.json().get("length").asInt()).isEqualTo(9);
		assertProblem(this.admin.delete(FORMATS + "/ssn"), 409, "conflict");
		Api.Response reshape = this.admin.patch(FORMATS + "/ssn", Map.of("description", "mine", "length", 10));
		assertProblem(reshape, 400, "validation_failed");
		assertThat(fieldCodes(reshape)).containsEntry("description", "immutable").containsEntry("length", "immutable");
		assertProblem(this.admin.get(FORMATS + "/no-such-format"), 404, "not_found");
	}

	@Test
	void updateChangesOnlyDescriptionAndTheReasonRequirementAndRefusesShapeFields() {
		String name = create(Map.of("alphabet", "digits", "length", 10, "description", "before"));
		Api.Response updated = this.admin.patch(FORMATS + "/" + name,
				Map.of("description", "after", "detokenize_requires_reason", true));
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().get("description").asString()).isEqualTo("after");
		assertThat(updated.json().get("detokenize_requires_reason").asBoolean()).isTrue();
		Map<String, Object> event = auditEvent(updated);
		assertThat(event).containsEntry("action", "token_format.updated").containsEntry("resource_id", name);

		Map<String, Object> clear = new HashMap<>();
		clear.put("description", null);
		assertThat(this.admin.patch(FORMATS + "/" + name, clear).json().get("description").isNull()).isTrue();

		Api.Response reshape = this.admin.patch(FORMATS + "/" + name,
				Map.of("alphabet", "hex", "mode", "fpe", "preserve_suffix", 2, "colour", "red"));
		assertProblem(reshape, 400, "validation_failed");
		assertThat(fieldCodes(reshape)).containsEntry("alphabet", "immutable").containsEntry("mode", "immutable")
			.containsEntry("preserve_suffix", "immutable").containsEntry("colour", "unknown_field");
		Api.Response shown = this.admin.get(FORMATS + "/" + name);
		assertThat(shown.json().get("alphabet").asString()).as("nothing changed").isEqualTo("digits");
	}

	@Test
	void everyInvalidFieldIsListedWithItsOwnCode() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Not A Name");
		body.put("alphabet_characters", "abca");
		body.put("length", 0);
		body.put("luhn", "yes");
		body.put("mode", "magic");
		body.put("preserve_sufix", 4);
		Api.Response response = this.admin.post(FORMATS, body);
		assertProblem(response, 400, "validation_failed");
		assertThat(fieldCodes(response)).containsEntry("name", "invalid").containsEntry("alphabet_characters", "invalid")
			.containsEntry("length", "out_of_range").containsEntry("luhn", "invalid_type").containsEntry("mode", "invalid")
			.containsEntry("preserve_sufix", "unknown_field");

		assertThat(fieldCodes(this.admin.post(FORMATS, Map.of("name", "card", "alphabet", "digits", "length", 16))))
			.containsEntry("name", "reserved");
		assertThat(fieldCodes(this.admin.post(FORMATS, Map.of("name", uniqueName(), "alphabet", "base99", "length", 16))))
			.containsEntry("alphabet", "invalid");
		assertThat(fieldCodes(this.admin.post(FORMATS, Map.of("name", uniqueName(), "length", 16))))
			.containsEntry("alphabet", "required");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet", "digits", "alphabet_characters", "0123456789", "length", 16))))
			.containsEntry("alphabet_characters", "conflict");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet_characters", "ab\tcdefghij", "length", 16))))
			.containsEntry("alphabet_characters", "invalid");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet", "alphanumeric", "length", 16, "separators", "-a"))))
			.as("a separator inside the alphabet").containsEntry("separators", "conflict");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet", "digits", "length", 16, "separators", "--"))))
			.containsEntry("separators", "invalid");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet", "hex", "length", 16, "luhn", true))))
			.as("Luhn needs digits").containsEntry("luhn", "conflict");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet", "digits", "length", 16, "min_length", 10))))
			.containsEntry("length", "conflict");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet", "digits", "min_length", 12, "max_length", 10))))
			.containsEntry("min_length", "out_of_range");
		assertThat(fieldCodes(this.admin.post(FORMATS,
				Map.of("name", uniqueName(), "alphabet", "digits", "length", 8, "preserve_prefix", 4, "preserve_suffix", 4))))
			.as("nothing left to tokenize").containsEntry("length", "out_of_range");
		assertThat(this.admin.get(FORMATS + "?limit=1000").body()).doesNotContain("\"name\":\"Not A Name\"");
	}

	@Test
	void theDomainRuleIsCheckedAtCreationForTheShortestValue() {
		Api.Response tooShort = this.admin.post(FORMATS, Map.of("name", uniqueName(), "alphabet", "digits", "min_length", 8,
				"max_length", 19, "preserve_suffix", 4, "mode", "fpe"));
		assertProblem(tooShort, 400, "validation_failed");
		assertThat(fieldCodes(tooShort)).containsEntry("min_length", "domain_too_small");
		assertThat(tooShort.body()).contains("at least 6").contains("1,000,000");
		// 36^4 = 1,679,616 is enough; Luhn takes a tenth away, so 6 tokenized digits with Luhn are not
		create(Map.of("alphabet", "lower_alphanumeric", "length", 4, "mode", "fpe"));
		Api.Response luhn = this.admin.post(FORMATS, Map.of("name", uniqueName(), "alphabet", "digits", "length", 16,
				"preserve_prefix", 6, "preserve_suffix", 4, "luhn", true, "mode", "fpe"));
		assertThat(fieldCodes(luhn)).containsEntry("length", "domain_too_small");
		create(Map.of("alphabet", "digits", "length", 16, "preserve_prefix", 6, "preserve_suffix", 3, "luhn", true,
				"mode", "fpe"));

		Api.Response vaulted = this.admin.post(FORMATS, Map.of("name", uniqueName(), "alphabet", "digits", "length", 6,
				"preserve_suffix", 2));
		assertThat(fieldCodes(vaulted)).as("10^4 possible tokens, below token_formats.min_token_space")
			.containsEntry("length", "token_space_too_small");
	}

	@Test
	void aTakenNameIsAConflict() {
		String name = create(Map.of("alphabet", "digits", "length", 10));
		assertProblem(this.admin.post(FORMATS, Map.of("name", name, "alphabet", "digits", "length", 12)), 409, "name_taken");
	}

	@Test
	void aVaultedFormatCannotBeDeletedWhileTheVaultHoldsItsTokens() {
		String name = create(Map.of("alphabet", "alphanumeric", "length", 10));
		String unused = create(Map.of("alphabet", "alphanumeric", "length", 10));
		Api.Response tokenized = this.admin.post("/api/v1/tokenize", Map.of("format", name, "values", List.of("abcdef1234")));
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		String token = tokenized.json().get("tokens").get(0).asString();

		assertProblem(this.admin.delete(FORMATS + "/" + name), 409, "format_in_use");
		assertThat(this.admin.get(FORMATS + "/" + name).status()).isEqualTo(200);
		assertThat(TokenizationApiTest.strings(this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(token)))
			.json().get("values"))).containsExactly("abcdef1234");

		Api.Response deleted = this.admin.delete(FORMATS + "/" + unused);
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(auditEvent(deleted)).containsEntry("action", "token_format.deleted");
		assertProblem(this.admin.get(FORMATS + "/" + unused), 404, "not_found");
		assertProblem(this.admin.post("/api/v1/tokenize", Map.of("format", unused, "values", List.of("abcdef1234"))), 400,
				"validation_failed");

		this.server.jdbc().sql("DELETE FROM vault_tokens WHERE format = :f").param("f", name).update();
		assertThat(this.admin.delete(FORMATS + "/" + name).status()).isEqualTo(204);
	}

	@Test
	void anFpeFormatIsDeletedOnlyWithItsNameAsConfirmationAndItsTokensAreIrreversibleAfterwards() {
		String name = create(Map.of("alphabet", "digits", "length", 10, "mode", "fpe"));
		Api.Response tokenized = this.admin.post("/api/v1/tokenize", Map.of("format", name, "values", List.of("0123456789")));
		String token = tokenized.json().get("tokens").get(0).asString();

		Api.Response unconfirmed = this.admin.delete(FORMATS + "/" + name);
		assertProblem(unconfirmed, 400, "validation_failed");
		assertThat(fieldCodes(unconfirmed)).containsEntry("confirm", "confirmation_required");
		assertProblem(this.admin.delete(FORMATS + "/" + name + "?confirm=other"), 400, "validation_failed");
		assertThat(this.admin.delete(FORMATS + "/" + name + "?confirm=" + name).status()).isEqualTo(204);

		// the same name again is a new key: the old token no longer gives the value back
		this.admin.post(FORMATS, Map.of("name", name, "alphabet", "digits", "length", 10, "mode", "fpe"));
		JsonNode revealed = this.admin.post("/api/v1/detokenize", Map.of("tokens", List.of(token), "format", name)).json();
		assertThat(revealed.get("values").get(0).asString()).isNotEqualTo("0123456789");
	}

	@Test
	void everyRoleReadsFormatsAndOnlyAdministratorsAndStewardsWriteThem() {
		for (String role : List.of("tokenizer", "detokenizer", "auditor", "steward")) {
			Api api = apiWithRole(role);
			assertThat(api.get(FORMATS).status()).as(role).isEqualTo(200);
			assertThat(api.get(FORMATS + "/card").status()).as(role).isEqualTo(200);
		}
		Api tokenizer = apiWithRole("tokenizer");
		Api.Response denied = tokenizer.post(FORMATS, Map.of("name", uniqueName(), "alphabet", "digits", "length", 10));
		assertProblem(denied, 403, "permission_denied");
		assertThat(denied.field("permission")).isEqualTo("token_formats:write");
		assertProblem(apiWithRole("auditor").patch(FORMATS + "/card", Map.of("detokenize_requires_reason", true)), 403,
				"permission_denied");
		Api steward = apiWithRole("steward");
		Api.Response created = steward.post(FORMATS, Map.of("name", uniqueName(), "alphabet", "digits", "length", 10));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(steward.delete(FORMATS + "/" + created.field("name")).status()).isEqualTo(204);
		assertProblem(this.server.anonymous().get(FORMATS), 401, "unauthenticated");
	}

	/** Creates a format with a fresh name; answers the name. */
	String create(Map<String, Object> definition) {
		Map<String, Object> body = new HashMap<>(definition);
		body.putIfAbsent("name", uniqueName());
		Api.Response response = this.admin.post(FORMATS, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.field("name");
	}

	static String uniqueName() {
		return "f" + Long.toString(System.nanoTime(), 36);
	}

	private Api apiWithRole(String role) {
		Api.Response account = this.admin.post("/api/v1/service-accounts", Map.of("name", "sa-" + System.nanoTime()));
		Api.Response key = this.admin.post("/api/v1/api-keys", Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return this.server.anonymous().basic(key.field("key_name"), key.field("key_secret"));
	}

	private Map<String, Object> auditEvent(Api.Response response) {
		return this.server.jdbc()
			.sql("SELECT action, resource_id, outcome, details FROM audit_events WHERE request_id = :id")
			.param("id", response.header("X-Request-Id"))
			.query()
			.singleRow();
	}

	static Map<String, String> fieldCodes(Api.Response response) {
		Map<String, String> codes = new LinkedHashMap<>();
		JsonNode errors = response.json().get("errors");
		if (errors != null) {
			errors.forEach(error -> codes.put(error.get("field").asString(), error.get("code").asString()));
		}
		return codes;
	}

	private static List<String> names(JsonNode data) {
		List<String> names = new ArrayList<>();
		data.forEach(node -> names.add(node.get("name").asString()));
		return names;
	}
}
