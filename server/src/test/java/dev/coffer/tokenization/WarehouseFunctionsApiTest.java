package dev.coffer.tokenization;

import java.util.ArrayList;
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

/**
 * The warehouse functions speak each warehouse's documented batch JSON, on both stores: Snowflake
 * external functions, BigQuery remote functions, Redshift Lambda UDFs (as the forwarding Lambda
 * posts them).
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class WarehouseFunctionsApiTest {

	static final String SNOWFLAKE = "/api/v1/integrations/snowflake/";

	static final String BIGQUERY = "/api/v1/integrations/bigquery/";

	static final String REDSHIFT = "/api/v1/integrations/redshift/";

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
	void snowflakeBatchRoundTripsWithItsRowNumbersInOrderAndNullForFailedRows() {
		String unique = "sf" + System.nanoTime();
		String batch = """
				{"data": [[0, "%1$s.a@example.com"], [1, null], [2, "not an email"], [3, "%1$s.b@example.org"]]}"""
			.formatted(unique);
		Api.Response tokenized = this.admin.post(SNOWFLAKE + "tokenize?format=email&deterministic=true", batch);
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		JsonNode rows = tokenized.json().get("data");
		assertThat(rowNumbers(rows)).containsExactly(0, 1, 2, 3);
		assertThat(rows.get(0).get(1).asString()).matches("[a-z0-9]+@example\\.com");
		assertThat(rows.get(1).get(1).isNull()).as("SQL NULL stays NULL").isTrue();
		assertThat(rows.get(2).get(1).isNull()).as("a value the format refuses answers NULL").isTrue();
		assertThat(rows.get(3).get(1).asString()).matches("[a-z0-9]+@example\\.org");

		Api.Response again = this.admin.post(SNOWFLAKE + "tokenize?format=email&deterministic=true", batch);
		assertThat(again.json().get("data")).as("deterministic: same tokens for joins").isEqualTo(rows);

		// Snowflake may send rows in any order: the answer keeps the request's order and numbers
		String detokenize = "{\"data\": [[7, " + rows.get(3).get(1) + "], [5, " + rows.get(0).get(1)
				+ "], [6, null], [8, \"no-such-token@example.com\"]]}";
		Api.Response revealed = this.admin.post(SNOWFLAKE + "detokenize", detokenize);
		assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
		JsonNode values = revealed.json().get("data");
		assertThat(rowNumbers(values)).containsExactly(7, 5, 6, 8);
		assertThat(values.get(0).get(1).asString()).isEqualTo(unique + ".b@example.org");
		assertThat(values.get(1).get(1).asString()).isEqualTo(unique + ".a@example.com");
		assertThat(values.get(2).get(1).isNull()).isTrue();
		assertThat(values.get(3).get(1).isNull()).isTrue();
	}

	@Test
	void snowflakeTakesTheFormatFromTheFunctionsHeadersClause() {
		Api viaHeaders = this.admin.header("sf-custom-format", "digits").header("sf-custom-deterministic", "true");
		Api.Response tokenized = viaHeaders.post(SNOWFLAKE + "tokenize", "{\"data\": [[0, \"0123456789\"], [1, 42]]}");
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		JsonNode rows = tokenized.json().get("data");
		assertThat(rows.get(0).get(1).asString()).matches("[0-9]{10}");
		assertThat(rows.get(1).get(1).asString()).as("a NUMBER argument is tokenized as its digits").matches("[0-9]{2}");
		Api.Response revealed = viaHeaders.post(SNOWFLAKE + "detokenize", tokenized.body());
		assertThat(strings(revealed.json().get("data"), 1)).containsExactly("0123456789", "42");
	}

	@Test
	void snowflakeRetriedBatchGetsTheSameTokensEvenInRandomMode() {
		String batchId = "01b2c3d4-0000-" + System.nanoTime();
		String batch = "{\"data\": [[0, \"retry-me\"], [1, \"me too\"]]}";
		Api snowflake = this.admin.header("sf-external-function-query-batch-id", batchId);
		Api.Response first = snowflake.post(SNOWFLAKE + "tokenize?format=alphanumeric", batch);
		Api.Response retry = snowflake.post(SNOWFLAKE + "tokenize?format=alphanumeric", batch);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.json()).isEqualTo(first.json());

		Api.Response otherBatch = this.admin.header("sf-external-function-query-batch-id", batchId + "-2")
			.post(SNOWFLAKE + "tokenize?format=alphanumeric", batch);
		assertThat(strings(otherBatch.json().get("data"), 1)).as("random mode: a new batch gets new tokens")
			.doesNotContainAnyElementsOf(strings(first.json().get("data"), 1));
	}

	@Test
	void snowflakeRetryWhileTheFirstRequestStillRunsGets429WithRetryAfterNot409() {
		String batchId = "in-progress-" + System.nanoTime();
		String batch = "{\"data\": [[0, \"slow one\"]]}";
		Api snowflake = this.admin.header("sf-external-function-query-batch-id", batchId);
		Api.Response first = snowflake.post(SNOWFLAKE + "tokenize?format=alphanumeric", batch);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		// put the stored answer back to "in progress", as if the first request were still running
		String key = this.server.jdbc()
			.sql("SELECT idempotency_key FROM idempotency_records WHERE idempotency_key LIKE 'snowflake-batch:%' "
					+ "ORDER BY completed_at DESC LIMIT 1")
			.query(String.class)
			.single();
		this.server.jdbc()
			.sql("UPDATE idempotency_records SET state = 'in_progress', created_at = CURRENT_TIMESTAMP WHERE idempotency_key = :key")
			.param("key", key)
			.update();
		try {
			Api.Response retry = snowflake.post(SNOWFLAKE + "tokenize?format=alphanumeric", batch);
			assertProblem(retry, 429, "idempotency_request_in_progress_retry");
			assertThat(retry.header("Retry-After")).isEqualTo("1");
		}
		finally {
			this.server.jdbc()
				.sql("UPDATE idempotency_records SET state = 'completed' WHERE idempotency_key = :key")
				.param("key", key)
				.update();
		}
		Api.Response replay = snowflake.post(SNOWFLAKE + "tokenize?format=alphanumeric", batch);
		assertThat(replay.json()).isEqualTo(first.json());
	}

	@Test
	void snowflakeRetryWithOtherOptionsIsNotReplayedAndFpeFormatsWork() {
		String batchId = "fpe-" + System.nanoTime();
		String batch = "{\"data\": [[0, \"4111 1111 1111 1111\"], [1, \"5500-0000-0000-0004\"]]}";
		Api card = this.admin.header("sf-external-function-query-batch-id", batchId).header("sf-custom-format", "card-fpe");
		Api.Response fpe = card.post(SNOWFLAKE + "tokenize", batch);
		assertThat(fpe.status()).as(fpe.toString()).isEqualTo(200);
		List<String> tokens = strings(fpe.json().get("data"), 1);
		assertThat(tokens.get(0)).endsWith("1111").hasSize(19).isNotEqualTo("4111 1111 1111 1111");
		assertThat(tokens.get(1)).endsWith("0004").contains("-");
		assertThat(card.post(SNOWFLAKE + "tokenize", batch).header("Idempotent-Replayed")).isEqualTo("true");

		// the same batch id with another format is a new request, not a replay of the card-fpe answer
		Api.Response other = this.admin.header("sf-external-function-query-batch-id", batchId)
			.header("sf-custom-format", "card")
			.post(SNOWFLAKE + "tokenize", batch);
		assertThat(other.status()).as(other.toString()).isEqualTo(200);
		assertThat(other.header("Idempotent-Replayed")).isNull();
		assertThat(strings(other.json().get("data"), 1)).doesNotContainAnyElementsOf(tokens);

		Api.Response revealed = this.admin.header("sf-custom-format", "card-fpe")
			.post(SNOWFLAKE + "detokenize", fpe.body());
		assertThat(strings(revealed.json().get("data"), 1)).containsExactly("4111 1111 1111 1111", "5500-0000-0000-0004");
	}

	@Test
	void snowflakeBadRequestsAreProblems() {
		assertProblem(this.admin.post(SNOWFLAKE + "tokenize", "{\"data\": [[0, \"x\"]]}"), 400, "validation_failed");
		assertProblem(this.admin.post(SNOWFLAKE + "tokenize?format=nope", "{\"data\": [[0, \"x\"]]}"), 400, "validation_failed");
		assertProblem(this.admin.post(SNOWFLAKE + "tokenize?format=uuid", "{\"data\": [[\"x\"]]}"), 400, "validation_failed");
		assertProblem(this.admin.post(SNOWFLAKE + "tokenize?format=uuid&deterministic=maybe", "{\"data\": [[0, \"x\"]]}"),
				400, "validation_failed");
	}

	@Test
	void bigQueryRequestRoundTripsWithRepliesInOrderAndNullForFailedCalls() {
		String unique = "bq" + System.nanoTime();
		String request = """
				{
				  "requestId": "124ab1c",
				  "caller": "//bigquery.googleapis.com/projects/myproject/jobs/myproject:US.bquxjob_5b4c112c_17961fafeaf",
				  "sessionUser": "test-user@test-company.com",
				  "userDefinedContext": {"format": "email", "deterministic": "true"},
				  "calls": [["%1$s@example.com"], [null], ["no at sign"], ["%1$s@example.net"]]
				}""".formatted(unique);
		Api.Response tokenized = this.admin.post(BIGQUERY + "tokenize", request);
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		List<String> replies = strings(tokenized.json().get("replies"));
		assertThat(replies).hasSize(4);
		assertThat(replies.get(0)).matches("[a-z0-9]+@example\\.com");
		assertThat(replies.get(1)).isNull();
		assertThat(replies.get(2)).isNull();
		assertThat(replies.get(3)).matches("[a-z0-9]+@example\\.net");
		assertThat(strings(this.admin.post(BIGQUERY + "tokenize", request).json().get("replies"))).isEqualTo(replies);

		String detokenize = """
				{"requestId": "124ab1d", "caller": "//bigquery.googleapis.com/projects/myproject/jobs/j2",
				 "sessionUser": "test-user@test-company.com", "userDefinedContext": {"format": "email"},
				 "calls": [["%s"], [null], ["%s"]]}""".formatted(replies.get(3), replies.get(0));
		Api.Response revealed = this.admin.post(BIGQUERY + "detokenize", detokenize);
		assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
		assertThat(strings(revealed.json().get("replies")))
			.containsExactly(unique + "@example.net", null, unique + "@example.com");
	}

	@Test
	void bigQueryBadRequestAnswersErrorMessage() {
		Api.Response unknown = this.admin.post(BIGQUERY + "tokenize",
				"{\"requestId\": \"1\", \"userDefinedContext\": {\"format\": \"nope\"}, \"calls\": [[\"x\"]]}");
		assertProblem(unknown, 400, "validation_failed");
		assertThat(unknown.field("errorMessage")).contains("format");
		Api.Response noCalls = this.admin.post(BIGQUERY + "tokenize?format=uuid", "{\"requestId\": \"2\"}");
		assertProblem(noCalls, 400, "validation_failed");
		assertThat(noCalls.field("errorMessage")).contains("calls");
		Api.Response notJson = this.admin.post(BIGQUERY + "tokenize?format=uuid", "{\"calls\": [[\"x\"]");
		assertProblem(notJson, 400, "malformed_json");
		assertThat(notJson.field("errorMessage")).isEqualTo(notJson.field("message"));
		Api.Response forbidden = apiWithRole("tokenizer").post(BIGQUERY + "detokenize", "{\"calls\": [[\"x\"]]}");
		assertProblem(forbidden, 403, "permission_denied");
		assertThat(forbidden.field("errorMessage")).isNotBlank();
	}

	@Test
	void redshiftEventRoundTripsWithResultsInOrderAndNullForFailedRows() {
		String unique = "rs" + System.nanoTime();
		String event = """
				{
				  "request_id": "23FF1F97-F28A-44AA-AB67-266ED976BF40",
				  "cluster": "arn:aws:redshift:us-east-1:123456789012:cluster:my_cluster",
				  "user": "master",
				  "database": "db1",
				  "external_function": "public.f_tokenize_ssn",
				  "query_id": 5678234,
				  "num_records": 3,
				  "arguments": [["123-45-6789"], [null], ["%s"]]
				}""".formatted(unique);
		Api.Response tokenized = this.admin.post(REDSHIFT + "tokenize?format=ssn&deterministic=true", event);
		assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		assertThat(tokenized.json().get("success").asBoolean()).isTrue();
		assertThat(tokenized.json().get("num_records").asInt()).isEqualTo(3);
		List<String> results = strings(tokenized.json().get("results"));
		assertThat(results.get(0)).matches("[0-9]{3}-[0-9]{2}-6789");
		assertThat(results.get(1)).isNull();
		assertThat(results.get(2)).as("not an SSN").isNull();

		String detokenize = """
				{"request_id": "5E8D4E7C", "cluster": "arn:aws:redshift:us-east-1:123456789012:cluster:my_cluster",
				 "user": "master", "database": "db1", "external_function": "public.f_detokenize", "query_id": 5678235,
				 "num_records": 2, "arguments": [[null], ["%s"]]}""".formatted(results.get(0));
		Api.Response revealed = this.admin.post(REDSHIFT + "detokenize", detokenize);
		assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
		assertThat(revealed.json().get("success").asBoolean()).isTrue();
		assertThat(strings(revealed.json().get("results"))).containsExactly(null, "123-45-6789");
	}

	@Test
	void redshiftBadRequestAnswersSuccessFalseWithErrorMsg() {
		Api.Response noFormat = this.admin.post(REDSHIFT + "tokenize", "{\"num_records\": 1, \"arguments\": [[\"x\"]]}");
		assertProblem(noFormat, 400, "validation_failed");
		assertThat(noFormat.json().get("success").asBoolean()).isFalse();
		assertThat(noFormat.field("error_msg")).contains("format");
		Api.Response miscounted = this.admin.post(REDSHIFT + "tokenize?format=uuid", "{\"num_records\": 2, \"arguments\": [[\"x\"]]}");
		assertProblem(miscounted, 400, "validation_failed");
		assertThat(miscounted.field("error_msg")).contains("num_records");
		Api.Response notJson = this.admin.post(REDSHIFT + "tokenize?format=uuid", "{\"arguments\": [[\"x\"]");
		assertProblem(notJson, 400, "malformed_json");
		assertThat(notJson.json().get("success").asBoolean()).isFalse();
		assertThat(notJson.field("error_msg")).isEqualTo(notJson.field("message"));
		Api.Response wrongShape = this.admin.post(REDSHIFT + "tokenize?format=uuid", "{\"arguments\": \"x\"}");
		assertThat(wrongShape.status()).isEqualTo(400);
		assertThat(wrongShape.field("error_msg")).isNotBlank();
	}

	@Test
	void eachEndpointNeedsItsPermission() {
		Api tokenizer = apiWithRole("tokenizer");
		Api detokenizer = apiWithRole("detokenizer");
		Map<String, String> bodies = Map.of(SNOWFLAKE, "{\"data\": [[0, \"x\"]]}", BIGQUERY, "{\"calls\": [[\"x\"]]}",
				REDSHIFT, "{\"num_records\": 1, \"arguments\": [[\"x\"]]}");
		bodies.forEach((base, body) -> {
			Api.Response tokenized = tokenizer.post(base + "tokenize?format=uuid", body);
			assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
			Api.Response cannotDetokenize = tokenizer.post(base + "detokenize", body);
			assertProblem(cannotDetokenize, 403, "permission_denied");
			assertThat(cannotDetokenize.field("permission")).isEqualTo("tokens:detokenize");
			Api.Response cannotTokenize = detokenizer.post(base + "tokenize?format=uuid", body);
			assertProblem(cannotTokenize, 403, "permission_denied");
			assertThat(cannotTokenize.field("permission")).isEqualTo("tokens:tokenize");
			assertThat(detokenizer.post(base + "detokenize", body).status()).isEqualTo(200);
		});
		assertThat(tokenizer.post(BIGQUERY + "detokenize", bodies.get(BIGQUERY)).field("errorMessage"))
			.contains("tokens:detokenize");
		assertThat(tokenizer.post(REDSHIFT + "detokenize", bodies.get(REDSHIFT)).field("error_msg"))
			.contains("tokens:detokenize");
		assertThat(this.server.anonymous().post(SNOWFLAKE + "tokenize?format=uuid", bodies.get(SNOWFLAKE)).status())
			.isEqualTo(401);
	}

	private Api apiWithRole(String role) {
		Api.Response account = this.admin.post("/api/v1/service-accounts", Map.of("name", "wh-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = this.admin.post("/api/v1/api-keys", Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return this.server.anonymous().basic(key.field("key_name"), key.field("key_secret"));
	}

	private static List<Integer> rowNumbers(JsonNode rows) {
		List<Integer> numbers = new ArrayList<>();
		rows.forEach(row -> numbers.add(row.get(0).asInt()));
		return numbers;
	}

	private static List<String> strings(JsonNode rows, int column) {
		List<String> out = new ArrayList<>();
		rows.forEach(row -> out.add(row.get(column).isNull() ? null : row.get(column).asString()));
		return out;
	}

	private static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(item -> out.add(item.isNull() ? null : item.asString()));
		return out;
	}
}
