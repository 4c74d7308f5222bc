package dev.coffer.keys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose cached active key was rotated out by another node never stores a value under it:
 * the encryption count that ends each tokenize transaction only matches an ACTIVE version, so the
 * batch is redone under the new one (otherwise rewrap could pass it and a destroy lose it).
 */
class KeyringTwoNodeTest {

	@Test
	void tokenizeOnANodeWithAStaleActiveKeyStoresUnderTheNewVersion() {
		byte[] rootKey = new byte[32];
		new SecureRandom().nextBytes(rootKey);
		String encoded = Base64.getEncoder().encodeToString(rootKey);
		TestServer.Builder first = TestServer.builder().store(TestStore.POSTGRES).property("COFFER_ROOT_KEY", encoded);
		Map<String, String> store = first.storeProperties();
		try (TestServer a = first.start();
				TestServer b = TestServer.builder().sameStoreAs(store).property("COFFER_ROOT_KEY", encoded).start()) {
			Api adminA = a.admin();
			Api adminB = b.anonymous().basic(a.bootstrapCredentials().get("key_name").asString(),
					a.bootstrapCredentials().get("key_secret").asString());
			String before = token(adminA, "before@example.com");
			assertThat(version(a, before)).isEqualTo(1);

			Api.Response rotated = adminB.post("/api/v1/keyrings/tokens/rotate", null);
			assertThat(rotated.status()).as(rotated.toString()).isLessThan(300);

			// node A still has version 1 cached as active
			String after = token(adminA, "after@example.com");
			assertThat(version(a, after)).isEqualTo(2);
			Api.Response back = adminA.post("/api/v1/detokenize", Map.of("tokens", List.of(before, after)));
			assertThat(back.json().get("values").get(0).asString()).isEqualTo("before@example.com");
			assertThat(back.json().get("values").get(1).asString()).isEqualTo("after@example.com");
		}
	}

	private static String token(Api admin, String value) {
		Api.Response response = admin.post("/api/v1/tokenize", Map.of("format", "email", "values", List.of(value)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("tokens").get(0).asString();
	}

	private static int version(TestServer server, String token) {
		return server.jdbc().sql("SELECT key_version FROM vault_tokens WHERE token = :t").param("t", token)
			.query(Integer.class).single();
	}
}
