package dev.coffer.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Authentication and permission failures against the real server, and what their exceptions print. */
class AuthIT {

	private static final String WRONG_SECRET = "wrong-secret-9c1f2e7d";

	private final CofferServer server = CofferServer.get();

	@Test
	void aWrongSecretIsAnAuthExceptionThatNeverPrintsTheSecretOrTheValues() {
		CofferClient coffer = CofferClient.builder().baseUrl(this.server.baseUrl()).apiKey("auth-it-key", WRONG_SECRET).build();

		CofferAuthException ex = catchThrowableOfType(CofferAuthException.class,
				() -> coffer.tokenize("card", List.of("4111 1111 1111 1111")));

		assertThat(ex.status()).isEqualTo(401);
		assertThat(ex.code()).isEqualTo("invalid_credentials");
		assertThat(ex.requestId()).isPresent();
		assertNothingSensitiveIn(ex.toString(), ex.getMessage(), coffer.toString(), coffer.config().toString());
	}

	@Test
	void aWrongBearerTokenIsAnAuthException() {
		String token = "coffer_bm90LWEtcmVhbC1rZXk6bm90LWEtcmVhbC1zZWNyZXQ000000";
		CofferClient coffer = CofferClient.builder().baseUrl(this.server.baseUrl()).bearerToken(token).build();

		CofferAuthException ex = catchThrowableOfType(CofferAuthException.class,
				() -> coffer.detokenize(List.of("some-token")));

		assertThat(ex.status()).isEqualTo(401);
		assertThat(ex.toString()).doesNotContain(token).doesNotContain("some-token");
		assertThat(coffer.toString()).doesNotContain(token);
	}

	@Test
	void aKeyWithoutThePermissionIsAnAuthExceptionNamingIt() {
		String[] key = this.server.newKey("auth-it-tokenizer", List.of("tokenizer"));
		CofferClient coffer = CofferClient.builder().baseUrl(this.server.baseUrl()).apiKey(key[0], key[1]).build();
		List<String> tokens = coffer.tokenize("card", List.of("4111 1111 1111 1111")).tokens();

		CofferAuthException ex = catchThrowableOfType(CofferAuthException.class, () -> coffer.detokenize(tokens));

		assertThat(ex.status()).isEqualTo(403);
		assertThat(ex.code()).isEqualTo("permission_denied");
		assertThat(ex.toString()).doesNotContain(key[1]).doesNotContain(tokens.get(0)).doesNotContain("4111");
		assertThat(coffer.toString()).doesNotContain(key[1]);
	}

	private static void assertNothingSensitiveIn(String... texts) {
		for (String text : texts) {
			assertThat(text).doesNotContain(WRONG_SECRET).doesNotContain("4111");
		}
	}
}
