package dev.coffer.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Never a 500 for a client's mistake: every documented operation, called by an administrator with
 * wrong path identifiers, wrong query values and bodies of every wrong JSON shape, answers a 4xx
 * (or a 2xx where the input happens to be acceptable), always as problem+json when it fails.
 */
class BadInputSweepTest {

	private static final List<String> BODIES = List.of("{}", "[]", "\"text\"", "42", "null", "{\"values\": 5}",
			"{\"name\": [1, 2], \"roles\": {\"a\": 1}, \"format\": 7, \"tokens\": \"x\", \"data\": {}, \"calls\": 1, \"arguments\": [1]}",
			"{\"data\": [[\"x\", 1], [1.5, 2], null], \"calls\": [[null]], \"arguments\": [[{}]], \"num_records\": -1}",
			"{not json", "{\"url\": \"ftp://x\", \"event_types\": [null], \"overlap_seconds\": -5, \"older_than_days\": 1e99}");

	private static final List<String> IDS = List.of("zzz", "00000000-0000-7000-8000-000000000000", "%00", "1e99", "-1");

	private static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.builder().start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void noOperationAnswersAServerErrorToBadInput() {
		Api admin = server.admin();
		OpenAPI openApi = new OpenAPIV3Parser().readContents(server.anonymous().get("/api/openapi.json").body(), null, null)
			.getOpenAPI();
		List<String> failures = new ArrayList<>();
		for (Map.Entry<String, PathItem> entry : openApi.getPaths().entrySet()) {
			if (entry.getKey().startsWith("/api/v1/test-")) {
				continue; // test scaffolding on the test class path, never in the jar
			}
			for (Map.Entry<PathItem.HttpMethod, io.swagger.v3.oas.models.Operation> operation : entry.getValue()
				.readOperationsMap()
				.entrySet()) {
				String method = operation.getKey().name();
				for (String id : IDS) {
					String path = entry.getKey().replaceAll("\\{[^}]+}", id)
							+ "?limit=abc&page=-1&format=%00&deterministic=maybe&since=yesterday&principal=%20";
					List<String> bodies = method.equals("GET") || method.equals("DELETE") ? java.util.Collections.singletonList(null)
							: BODIES;
					for (String body : bodies) {
						Api.Response response = admin.send(method, path, body);
						// a NUL byte in the path is refused by Tomcat itself, before the application: a problem too
						if (response.status() >= 500 || (response.status() >= 400
								&& !String.valueOf(response.contentType()).startsWith("application/problem+json"))) {
							failures.add(method + " " + path + " body " + body + " -> " + response.status() + " "
									+ response.body().substring(0, Math.min(200, response.body().length())));
						}
					}
				}
			}
		}
		assertThat(failures).as("operations answering a 5xx or a non-problem error to bad input").isEmpty();
	}
}
