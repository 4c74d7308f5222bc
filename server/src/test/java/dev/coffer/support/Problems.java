package dev.coffer.support;

import java.util.List;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 problems as Coffer answers them. */
public final class Problems {

	private Problems() {
	}

	/** The response is a problem with this status and code, every required member, and its request id. */
	public static void assertProblem(Api.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode body = response.json();
		assertThat(body.get("code").asString()).as(response.toString()).isEqualTo(code);
		for (String member : List.of("type", "code", "message", "doc_url", "status", "request_id")) {
			assertThat(body.has(member)).as(member + " in " + response).isTrue();
		}
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("request_id").asString()).isEqualTo(response.header("X-Request-Id"));
	}
}
