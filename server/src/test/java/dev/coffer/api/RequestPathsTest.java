package dev.coffer.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths that carry a token are shown as their template; every other path as it is. */
class RequestPathsTest {

	@Test
	void tokenPathsShowTheTemplateInsteadOfTheToken() {
		assertThat(RequestPaths.shown("/api/v1/tokens/4111%201111%201111%201111")).isEqualTo("/api/v1/tokens/{token}");
		assertThat(RequestPaths.shown("/api/v1/tokens/abc@example.com/metadata")).isEqualTo("/api/v1/tokens/{token}/metadata");
		assertThat(RequestPaths.shown("/api/v1/tokens/a/b/metadata")).isEqualTo("/api/v1/tokens/{token}/...");
		assertThat(RequestPaths.shown("/API/V1/Tokens/secret-token")).isEqualTo("/API/V1/Tokens/{token}");
		assertThat(RequestPaths.shown("//api/v1/tokens/secret-token")).isEqualTo("//api/v1/tokens/{token}");
		assertThat(RequestPaths.shown("/api/v1/tokens//secret-token")).isEqualTo("/api/v1/tokens/{token}/...");
	}

	@Test
	void otherPathsAndTheTokenActionsStayAsTheyAre() {
		for (String path : new String[] { "/api/v1/tokens/check", "/api/v1/tokens/metadata", "/api/v1/tokens/delete",
				"/api/v1/tokens/forget", "/api/v1/tokens/purge-expired", "/api/v1/tokens/", "/api/v1/keyrings/tokens/rotate",
				"/api/v1/webhooks/0190", "/api/v1/tokenize" }) {
			assertThat(RequestPaths.shown(path)).isEqualTo(path);
		}
		assertThat(RequestPaths.shown((String) null)).isNull();
	}
}
