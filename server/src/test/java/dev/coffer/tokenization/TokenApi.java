package dev.coffer.tokenization;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** The calls token tests make again and again, as one caller. */
final class TokenApi {

	private final Api api;

	TokenApi(Api api) {
		this.api = api;
	}

	Api api() {
		return this.api;
	}

	/** Tokenizes and expects every value to get a token. */
	List<String> tokenize(Map<String, Object> request) {
		Api.Response response = this.api.post("/api/v1/tokenize", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("errors").isEmpty()).as(response.toString()).isTrue();
		return strings(response.json().get("tokens"));
	}

	String tokenize(String format, String value, boolean deterministic) {
		return tokenize(Map.of("format", format, "values", List.of(value), "deterministic", deterministic)).get(0);
	}

	JsonNode detokenize(List<String> tokens) {
		Api.Response response = this.api.post("/api/v1/detokenize", Map.of("tokens", tokens));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	/** The per-item results of the live check, as {@code status} strings. */
	List<String> check(List<String> tokens) {
		Api.Response response = this.api.post("/api/v1/tokens/check", Map.of("tokens", tokens));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> statuses = new ArrayList<>();
		for (JsonNode result : response.json().get("results")) {
			assertThat(result.get("live").asBoolean()).as(result.toString())
				.isEqualTo("live".equals(result.get("status").asString()));
			statuses.add(result.get("status").asString());
		}
		return statuses;
	}

	Api.Response metadata(String token) {
		return this.api.get("/api/v1/tokens/" + encode(token) + "/metadata");
	}

	JsonNode awaitJob(String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			Api.Response response = this.api.get("/api/v1/jobs/" + id);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			String status = response.field("status");
			if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
				return response.json();
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("job " + id + " did not end: " + response);
			}
			pause();
		}
	}

	/** A client of a new service account whose key holds only {@code role}. */
	Api withRole(String role) {
		Api.Response account = this.api.post("/api/v1/service-accounts", Map.of("name", role + "-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = this.api.post("/api/v1/api-keys", Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return this.api.anonymous().basic(key.field("key_name"), key.field("key_secret"));
	}

	/** Every audit event so far, as the NDJSON export has them. */
	String auditExport() {
		Api.Response export = this.api.get("/api/v1/audit/export?format=ndjson");
		assertThat(export.status()).as(export.toString()).isEqualTo(200);
		return export.body();
	}

	/** The audit events of one request, by its {@code X-Request-Id}. */
	List<JsonNode> auditEventsOf(Api.Response response) {
		List<JsonNode> events = new ArrayList<>();
		for (String line : auditExport().split("\n")) {
			if (!line.isBlank()) {
				JsonNode event = Api.JSON.readTree(line);
				if (response.header("X-Request-Id").equals(event.path("request_id").asString(null))) {
					events.add(event);
				}
			}
		}
		return events;
	}

	/** Every byte outside RFC 3986's unreserved characters percent-encoded (UTF-8). */
	static String encode(String segment) {
		StringBuilder out = new StringBuilder();
		for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
				out.append(c);
			}
			else {
				out.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return out.toString();
	}

	static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(node -> out.add(node.isNull() ? null : node.asString()));
		return out;
	}

	static List<String> codes(JsonNode body) {
		List<String> out = new ArrayList<>();
		body.get("errors").forEach(node -> out.add(node.get("code").asString()));
		return out;
	}

	static List<Integer> indexes(JsonNode body) {
		List<Integer> out = new ArrayList<>();
		body.get("errors").forEach(node -> out.add(node.get("index").asInt()));
		return out;
	}

	static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}
}
