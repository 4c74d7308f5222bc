package dev.coffer.api.docs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.api.error.ErrorCode;
import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published API description, checked against the running server: it is a valid OpenAPI 3
 * document (by a real parser), every operation is documented and needs credentials, and the
 * public documentation (description, Swagger UI, changelog, error pages) answers without them.
 */
class OpenApiDocumentTest {

	private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	private static final String DUMMY_ID = "00000000-0000-7000-8000-000000000000";

	TestServer server;

	Api anonymous;

	@BeforeEach
	void setUp() {
		this.server = TestServer.shared(TestStore.EMBEDDED);
		this.anonymous = this.server.anonymous();
	}

	// ---- 1. the document parses and validates ----

	@ParameterizedTest
	@ValueSource(strings = { "/api/openapi.json", "/api/openapi.yaml" })
	void documentIsServedWithoutCredentialsAndValidates(String path) {
		Api.Response response = this.anonymous.get(path);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		if (path.endsWith(".json")) {
			assertThat(response.contentType()).startsWith("application/json");
			assertThat(response.body()).startsWith("{");
		}
		else {
			assertThat(response.contentType()).matches("application/(vnd\\.oai\\.openapi|yaml|x-yaml).*|text/yaml.*");
			assertThat(response.body()).startsWith("openapi:");
		}
		OpenAPI openApi = parse(response.body());
		assertThat(openApi.getOpenapi()).startsWith("3.");
		assertThat(openApi.getInfo().getTitle()).isNotBlank();
		assertThat(openApi.getInfo().getVersion()).isNotBlank();
		assertThat(openApi.getPaths()).isNotEmpty();
	}

	@Test
	void jsonAndYamlDescribeTheSameApi() {
		OpenAPI json = parse(this.anonymous.get("/api/openapi.json").body());
		OpenAPI yaml = parse(this.anonymous.get("/api/openapi.yaml").body());
		assertThat(yaml.getPaths().keySet()).isEqualTo(json.getPaths().keySet());
		assertThat(operationIds(yaml)).isEqualTo(operationIds(json));
		assertThat(yaml.getComponents().getSchemas().keySet()).isEqualTo(json.getComponents().getSchemas().keySet());
	}

	// ---- 2. every operation is documented; names are snake_case; security is declared ----

	@Test
	void everyOperationHasSummaryUniqueIdSuccessAndProblemResponses() {
		OpenAPI openApi = document();
		List<String> problems = new ArrayList<>();
		Map<String, String> ids = new LinkedHashMap<>();
		operations(openApi).forEach((name, operation) -> {
			if (operation.getSummary() == null || operation.getSummary().isBlank()) {
				problems.add(name + ": no summary");
			}
			String id = operation.getOperationId();
			if (id == null || id.isBlank()) {
				problems.add(name + ": no operationId");
			}
			else if (ids.putIfAbsent(id, name) != null) {
				problems.add(name + ": operationId " + id + " also used by " + ids.get(id));
			}
			Map<String, ApiResponse> responses = operation.getResponses() == null ? Map.of() : operation.getResponses();
			if (responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
				problems.add(name + ": no 2xx response, only " + responses.keySet());
			}
			if (!responses.containsKey("401")) {
				problems.add(name + ": no 401 response");
			}
			responses.forEach((status, response) -> {
				if (status.startsWith("4") || status.startsWith("5")) {
					problems.addAll(problemResponseDefects(name + " " + status, response));
				}
			});
			if (operation.getSecurity() != null && operation.getSecurity().stream().allMatch(SecurityRequirement::isEmpty)) {
				problems.add(name + ": overrides the global security with none (documented as public)");
			}
		});
		assertThat(problems).as("operation defects").isEmpty();
		assertThat(ids).isNotEmpty();
	}

	/** What the server really answers on success is what the document says (201 for creations). */
	@Test
	void createOperationsDocumentTheStatusTheyAnswer() {
		OpenAPI openApi = document();
		Api admin = this.server.admin();
		Api.Response account = admin.post("/api/v1/service-accounts", Map.of("name", "doc-sa-" + System.nanoTime()));
		Api.Response administrator = admin.post("/api/v1/administrators", Map.of("name", "doc-admin-" + System.nanoTime()));
		Api.Response key = admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", List.of("auditor")));
		List<String> problems = new ArrayList<>();
		Map.of("/api/v1/service-accounts", account, "/api/v1/administrators", administrator, "/api/v1/api-keys", key)
			.forEach((path, response) -> {
				assertThat(response.status()).as(response.toString()).isBetween(200, 299);
				Operation create = openApi.getPaths().get(path).getPost();
				Set<String> documented = create.getResponses().keySet();
				if (!documented.contains(String.valueOf(response.status()))) {
					problems.add("POST " + path + " answers " + response.status() + " but documents " + documented);
				}
				documented.stream()
					.filter(status -> status.startsWith("2") && !status.equals(String.valueOf(response.status())))
					.forEach(status -> problems.add("POST " + path + " documents " + status + " but answers "
							+ response.status()));
			});
		assertThat(problems).as("success statuses").isEmpty();
	}

	@Test
	void problemSchemaHasTheProblemMembers() {
		Schema<?> problem = document().getComponents().getSchemas().get("Problem");
		assertThat(problem).as("components.schemas.Problem").isNotNull();
		assertThat(problem.getProperties()).containsKeys("type", "title", "status", "code", "message", "detail",
				"instance", "doc_url", "request_id");
		assertThat(problem.getRequired()).contains("type", "code", "message", "doc_url", "status", "request_id");
	}

	@Test
	void everySchemaPropertyAndParameterNameIsSnakeCase() {
		OpenAPI openApi = document();
		List<String> problems = new ArrayList<>();
		Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		openApi.getComponents().getSchemas().forEach((name, schema) -> checkSnakeCase("#/components/schemas/" + name,
				schema, seen, problems));
		operations(openApi).forEach((name, operation) -> {
			if (operation.getParameters() != null) {
				for (Parameter parameter : operation.getParameters()) {
					if (("query".equals(parameter.getIn()) || "path".equals(parameter.getIn()))
							&& !SNAKE_CASE.matcher(parameter.getName()).matches()) {
						problems.add(name + ": " + parameter.getIn() + " parameter " + parameter.getName());
					}
					checkSnakeCase(name + " parameter " + parameter.getName(), parameter.getSchema(), seen, problems);
				}
			}
			if (operation.getRequestBody() != null) {
				checkSnakeCase(name + " request body", operation.getRequestBody().getContent(), seen, problems);
			}
			if (operation.getResponses() != null) {
				operation.getResponses().forEach((status, response) -> checkSnakeCase(name + " " + status,
						response.getContent(), seen, problems));
			}
		});
		assertThat(problems).as("names that are not snake_case").isEmpty();
		assertThat(seen).as("schemas visited").isNotEmpty();
	}

	@Test
	void globalSecurityIsHttpBasicAndBearer() {
		OpenAPI openApi = document();
		Map<String, SecurityScheme> schemes = openApi.getComponents().getSecuritySchemes();
		assertThat(schemes).containsKeys("basic", "bearer");
		assertThat(schemes.get("basic").getType()).isEqualTo(SecurityScheme.Type.HTTP);
		assertThat(schemes.get("basic").getScheme()).isEqualToIgnoringCase("basic");
		assertThat(schemes.get("bearer").getType()).isEqualTo(SecurityScheme.Type.HTTP);
		assertThat(schemes.get("bearer").getScheme()).isEqualToIgnoringCase("bearer");
		List<String> global = openApi.getSecurity().stream().flatMap(requirement -> requirement.keySet().stream()).toList();
		assertThat(global).contains("basic", "bearer");
		assertThat(openApi.getSecurity()).as("no anonymous alternative").noneMatch(SecurityRequirement::isEmpty);
	}

	// ---- 3. every documented operation needs credentials; only the documentation is public ----

	@TestFactory
	Stream<DynamicTest> everyDocumentedOperationRequiresAuthentication() {
		TestServer server = TestServer.shared(TestStore.EMBEDDED);
		Api anonymous = server.anonymous();
		OpenAPI openApi = parse(anonymous.get("/api/openapi.json").body());
		assertThat(openApi.getPaths()).isNotEmpty();
		return operations(openApi).keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
			String method = name.substring(0, name.indexOf(' '));
			String path = name.substring(name.indexOf(' ') + 1).replaceAll("\\{[^}]+}", DUMMY_ID);
			Object body = Set.of("POST", "PUT", "PATCH").contains(method) ? "{}" : null;
			assertUnauthenticated(anonymous.send(method, path, body));
		}));
	}

	@Test
	void undocumentedPathsRequireAuthenticationToo() {
		for (String path : List.of("/", "/api", "/api/v1", "/api/v1/no-such-resource", "/actuator", "/actuator/info",
				"/actuator/prometheus", "/actuator/env", "/actuator/metrics")) {
			assertUnauthenticated(this.anonymous.get(path));
		}
	}

	@Test
	void documentationAndHealthAnswerWithoutCredentials() {
		Api.Response health = this.anonymous.get("/actuator/health");
		assertThat(health.status()).as(health.toString()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");

		for (String path : List.of("/api/openapi.json", "/api/openapi.yaml")) {
			Api.Response response = this.anonymous.get(path);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.body()).contains("openapi");
		}

		for (String path : List.of("/api/swagger/", "/api/swagger")) {
			Api.Response redirect = this.anonymous.get(path);
			assertThat(redirect.status()).as(redirect.toString()).isIn(301, 302, 303, 307, 308);
			assertThat(redirect.header("Location")).as(path + " Location").isNotBlank();
			Api.Response ui = this.anonymous.get(resolve(redirect.header("Location")));
			assertThat(ui.status()).as(ui.toString()).isEqualTo(200);
			assertThat(ui.contentType()).startsWith("text/html");
			assertThat(ui.body().toLowerCase(Locale.ROOT)).contains("swagger");
		}

		Api.Response changelog = this.anonymous.get("/api/changelog");
		assertThat(changelog.status()).as(changelog.toString()).isEqualTo(200);
		assertThat(changelog.contentType()).startsWith("text/markdown");
		assertThat(changelog.body()).contains("Changelog");

		for (String path : List.of("/api/errors", "/api/errors/not_found")) {
			Api.Response page = this.anonymous.get(path);
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			assertThat(page.contentType()).startsWith("text/html");
		}
	}

	@Test
	void prometheusNeedsTheMetricsPermission() {
		assertUnauthenticated(this.anonymous.get("/actuator/prometheus"));

		Api.Response metrics = this.server.admin().get("/actuator/prometheus");
		assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_");

		Api admin = this.server.admin();
		Api.Response account = admin.post("/api/v1/service-accounts", Map.of("name", "metrics-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response key = admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", List.of("tokenizer")));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		Api.Response refused = this.anonymous.bearer(key.field("bearer_token")).get("/actuator/prometheus");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
		assertThat(refused.field("code")).isEqualTo("permission_denied");
		assertThat(refused.field("permission")).isEqualTo("metrics:read");
	}

	// ---- 4. every error code has its page ----

	@Test
	void everyErrorCodeHasADocumentationPage() {
		Api.Response index = this.anonymous.get("/api/errors");
		assertThat(index.status()).as(index.toString()).isEqualTo(200);
		for (ErrorCode code : ErrorCode.values()) {
			Api.Response page = this.anonymous.get("/api/errors/" + code.code());
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			assertThat(page.contentType()).startsWith("text/html");
			assertThat(page.body()).contains(code.code());
			assertThat(index.body()).as("index links " + code.code()).contains("/api/errors/" + code.code() + "\"");
		}
		Api.Response unknown = this.anonymous.get("/api/errors/no_such_code");
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		assertThat(unknown.field("code")).isEqualTo("not_found");
	}

	@Test
	void aRealProblemsDocUrlAndTypeResolve() {
		Api.Response problem = this.anonymous.get("/api/v1/me");
		assertUnauthenticated(problem);
		for (String member : List.of("doc_url", "type")) {
			String url = problem.field(member);
			assertThat(url).as(member).endsWith("/api/errors/unauthenticated");
			Api.Response page = this.anonymous.get(resolve(url));
			assertThat(page.status()).as(member + " " + page).isEqualTo(200);
			assertThat(page.contentType()).startsWith("text/html");
			assertThat(page.body()).contains("unauthenticated");
		}
	}

	// ---- 5. Swagger UI loads the document, which offers Basic and Bearer ----

	@Test
	void swaggerUiLoadsTheApiDocumentWithBasicAndBearer() {
		Api.Response redirect = this.anonymous.get("/api/swagger/");
		String indexUrl = resolve(redirect.header("Location"));
		Api.Response index = this.anonymous.get(indexUrl);
		assertThat(index.status()).as(index.toString()).isEqualTo(200);

		// the index page loads the initializer, which names the config the UI fetches
		Matcher script = Pattern.compile("src=\"(\\./)?(swagger-initializer\\.js)\"").matcher(index.body());
		assertThat(script.find()).as("index loads swagger-initializer.js: " + index.body()).isTrue();
		String initializerUrl = indexUrl.substring(0, indexUrl.lastIndexOf('/') + 1) + script.group(2);
		Api.Response initializer = this.anonymous.get(initializerUrl);
		assertThat(initializer.status()).as(initializer.toString()).isEqualTo(200);
		Matcher configUrl = Pattern.compile("\"configUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(initializer.body());
		assertThat(configUrl.find()).as("configUrl in " + initializer.body()).isTrue();
		assertThat(configUrl.group(1)).isEqualTo("/api/openapi/swagger-config");

		Api.Response config = this.anonymous.get(resolve(configUrl.group(1)));
		assertThat(config.status()).as(config.toString()).isEqualTo(200);
		assertThat(config.contentType()).startsWith("application/json");
		JsonNode settings = config.json();
		List<String> documentUrls = new ArrayList<>();
		if (settings.hasNonNull("url")) {
			documentUrls.add(settings.get("url").asString());
		}
		if (settings.has("urls")) {
			settings.get("urls").forEach(url -> documentUrls.add(url.get("url").asString()));
		}
		assertThat(documentUrls).as("document URLs in " + config.body()).isNotEmpty();

		OpenAPI published = document();
		for (String url : documentUrls) {
			Api.Response document = this.anonymous.get(resolve(url));
			assertThat(document.status()).as(document.toString()).isEqualTo(200);
			OpenAPI loaded = parse(document.body());
			assertThat(loaded.getPaths().keySet()).as(url).isEqualTo(published.getPaths().keySet());
			Map<String, SecurityScheme> schemes = loaded.getComponents().getSecuritySchemes();
			assertThat(schemes.values()).as(url + " security schemes")
				.anySatisfy(scheme -> {
					assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
					assertThat(scheme.getScheme()).isEqualToIgnoringCase("basic");
				})
				.anySatisfy(scheme -> {
					assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
					assertThat(scheme.getScheme()).isEqualToIgnoringCase("bearer");
				});
		}
	}

	// ---- helpers ----

	private OpenAPI document() {
		Api.Response response = this.anonymous.get("/api/openapi.json");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return parse(response.body());
	}

	/** Parses and validates with swagger-parser: no messages at all, or the test fails listing them. */
	private static OpenAPI parse(String content) {
		ParseOptions options = new ParseOptions();
		options.setValidateInternalRefs(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(content, null, options);
		assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
		assertThat(result.getOpenAPI()).as("parsed document").isNotNull();
		return result.getOpenAPI();
	}

	/** Every operation, keyed {@code "METHOD /path"}. */
	private static Map<String, Operation> operations(OpenAPI openApi) {
		Map<String, Operation> operations = new LinkedHashMap<>();
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
			.forEach((method, operation) -> operations.put(method.name() + " " + path, operation)));
		return operations;
	}

	private static List<String> operationIds(OpenAPI openApi) {
		return operations(openApi).values().stream().map(Operation::getOperationId).sorted().toList();
	}

	private static List<String> problemResponseDefects(String name, ApiResponse response) {
		List<String> defects = new ArrayList<>();
		if (response.getContent() == null || !response.getContent().containsKey(PROBLEM_JSON)) {
			defects.add(name + ": no " + PROBLEM_JSON + " content");
			return defects;
		}
		Schema<?> schema = response.getContent().get(PROBLEM_JSON).getSchema();
		if (schema == null || !PROBLEM_REF.equals(schema.get$ref())) {
			defects.add(name + ": " + PROBLEM_JSON + " does not reference " + PROBLEM_REF);
		}
		return defects;
	}

	private static void checkSnakeCase(String where, Content content, Set<Schema<?>> seen, List<String> problems) {
		if (content != null) {
			content.forEach((mediaType, media) -> checkSnakeCase(where + " " + mediaType, media.getSchema(), seen,
					problems));
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void checkSnakeCase(String where, Schema<?> schema, Set<Schema<?>> seen, List<String> problems) {
		if (schema == null || !seen.add(schema)) {
			return;
		}
		if (schema.getProperties() != null) {
			schema.getProperties().forEach((name, property) -> {
				if (!SNAKE_CASE.matcher(name).matches()) {
					problems.add(where + ": property " + name);
				}
				checkSnakeCase(where + "." + name, property, seen, problems);
			});
		}
		if (schema.getRequired() != null) {
			schema.getRequired()
				.stream()
				.filter(name -> !SNAKE_CASE.matcher(name).matches())
				.forEach(name -> problems.add(where + ": required " + name));
		}
		checkSnakeCase(where + "[]", schema.getItems(), seen, problems);
		if (schema.getAdditionalProperties() instanceof Schema additional) {
			checkSnakeCase(where + "{}", additional, seen, problems);
		}
		for (List<Schema> composed : List.of(nullToEmpty(schema.getAllOf()), nullToEmpty(schema.getAnyOf()),
				nullToEmpty(schema.getOneOf()), nullToEmpty(schema.getPrefixItems()))) {
			composed.forEach(part -> checkSnakeCase(where + "|", part, seen, problems));
		}
		checkSnakeCase(where + "!", schema.getNot(), seen, problems);
	}

	private static List<Schema> nullToEmpty(List<Schema> schemas) {
		return schemas == null ? List.of() : schemas;
	}

	private String resolve(String url) {
		return url.startsWith("http") ? url : this.server.baseUrl() + (url.startsWith("/") ? "" : "/") + url;
	}

	private static void assertUnauthenticated(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.contentType()).as(response.toString()).startsWith(PROBLEM_JSON);
		assertThat(response.field("code")).as(response.toString()).isEqualTo("unauthenticated");
	}
}
