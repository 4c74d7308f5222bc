package dev.coffer.api.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/changelog}: the project's CHANGELOG.md, packaged into the jar at build time. */
@Hidden
@RestController
class ChangelogController {

	static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

	private final String changelog;

	ChangelogController() throws IOException {
		ClassPathResource resource = new ClassPathResource("docs/CHANGELOG.md");
		try (InputStream in = resource.getInputStream()) {
			this.changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@GetMapping("/api/changelog")
	ResponseEntity<String> changelog() {
		return ResponseEntity.ok().contentType(MARKDOWN).body(this.changelog);
	}
}
