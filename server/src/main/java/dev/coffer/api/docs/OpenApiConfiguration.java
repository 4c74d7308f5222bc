package dev.coffer.api.docs;

import java.util.List;
import java.util.Map;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The OpenAPI document, generated from the controllers: snake_case schemas (as the JSON is),
 * Basic and Bearer security on every operation, the problem responses every operation can give,
 * {@code X-Request-Id} on every response, {@code Idempotency-Key} on every POST, and operation ids
 * named after the controller.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "Problem";

	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy()
			.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OpenAPI cofferOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Coffer API")
				.version("v1")
				.description("""
						Self-hosted data security: vaulted tokenization, classification, masking policies and audit.

						Authenticate with an API key, as HTTP Basic (key name as username, secret as password) or as
						`Authorization: Bearer <bearer_token>`, or with an OIDC access token when an issuer is configured.
						Errors are RFC 9457 problems (`application/problem+json`) with a stable `code` and a `doc_url`.
						Lists take cursor (`limit`, `cursor`) or page (`page`, `per_page`) pagination. POSTs accept
						`Idempotency-Key`. Changes are listed at /api/changelog.""")
				.license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
			.components(new Components()
				.addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
					.description("Key name as username, key secret as password."))
				.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
					.description("An API key's `bearer_token` (starts with `coffer_`), or an OIDC access token."))
				.addSchemas(PROBLEM, problemSchema()))
			.security(List.of(new SecurityRequirement().addList("basic"), new SecurityRequirement().addList("bearer")));
	}

	@Bean
	OperationCustomizer cofferOperations() {
		return (operation, handler) -> {
			String controller = handler.getBeanType().getSimpleName().replace("Controller", "");
			if (operation.getSummary() != null && operation.getTags() != null && !operation.getTags().isEmpty()) {
				String plural = operation.getTags().get(0).toLowerCase(java.util.Locale.ROOT);
				String singular = plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
				String article = "aeiou".indexOf(singular.charAt(0)) >= 0 ? "an " : "a ";
				operation.setSummary(operation.getSummary()
					.replace("{kinds}", plural)
					.replace("a {kind}", article + singular)
					.replace("{kind}", singular));
			}
			operation.setOperationId(StringUtils.uncapitalize(controller) + StringUtils.capitalize(handler.getMethod().getName()));
			if (operation.getRequestBody() != null || handler.getMethod().isAnnotationPresent(
					org.springframework.web.bind.annotation.PostMapping.class)) {
				operation.addParametersItem(new HeaderParameter().name("Idempotency-Key")
					.required(false)
					.description("Makes the POST safe to retry: the same key and body replay the stored response; the same key with another body is a 422.")
					.schema(new StringSchema().maxLength(255)));
			}
			addProblems(operation);
			return operation;
		};
	}

	private static void addProblems(Operation operation) {
		Map<String, String> problems = new java.util.LinkedHashMap<>();
		problems.put("400", "Invalid request (`validation_failed`, `malformed_json`, `invalid_parameter`, ...).");
		problems.put("401", "Missing or invalid credentials.");
		problems.put("403", "A role lacks the permission named in `permission`.");
		problems.put("404", "No such resource.");
		problems.put("429", "Rate limited; see `Retry-After`.");
		problems.put("500", "Server failure; quote `request_id`.");
		problems.forEach((status, description) -> {
			if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
				operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
					.content(new Content().addMediaType("application/problem+json",
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
			}
		});
		operation.getResponses().forEach((status, response) -> response.addHeaderObject("X-Request-Id",
				new Header().description("Identifier of this request, also in problems and the server log.")
					.schema(new StringSchema())));
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details.")
			.addProperty("type", new StringSchema().format("uri").description("URL of the page that explains the code."))
			.addProperty("title", new StringSchema().description("Short summary of the problem type."))
			.addProperty("status", new IntegerSchema().description("HTTP status."))
			.addProperty("code", new StringSchema().description("Stable snake_case error code."))
			.addProperty("message", new StringSchema().description("What went wrong, for people."))
			.addProperty("detail", new StringSchema().description("Same as message (RFC 9457 member)."))
			.addProperty("instance", new StringSchema().description("The request path."))
			.addProperty("doc_url", new StringSchema().format("uri").description("Page explaining this code."))
			.addProperty("request_id", new StringSchema().description("Identifier of the request."))
			.addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema()
				.items(new ObjectSchema().addProperty("field", new StringSchema())
					.addProperty("code", new StringSchema())
					.addProperty("message", new StringSchema()))
				.description("Per-field errors of a `validation_failed` problem."))
			.addProperty("permission", new StringSchema().description("The missing permission of a `permission_denied` problem."))
			.addProperty("retry_after", new IntegerSchema().description("Seconds to wait, on 429 problems."))
			.required(List.of("type", "code", "message", "doc_url", "status", "request_id"));
	}
}
