package dev.coffer.api.docs;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The contract's addresses for the API description: {@code /api/openapi.json} (springdoc serves
 * JSON at {@code /api/openapi} and YAML at {@code /api/openapi.yaml}) and {@code /api/swagger/}.
 */
@Hidden
@Controller
class ApiDescriptionAliases {

	@GetMapping("/api/openapi.json")
	String json() {
		return "forward:/api/openapi";
	}

	@GetMapping({ "/api/swagger", "/api/swagger/" })
	String swaggerUi() {
		return "redirect:/api/swagger-ui/index.html";
	}
}
