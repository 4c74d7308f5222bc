package dev.coffer.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyCodecTest {

	@Test
	void bearerHoldsNameAndSecretBehindPrefixAndChecksum() {
		String secret = ApiKeyCodec.newSecret();
		String bearer = ApiKeyCodec.bearer("etl-pipeline.prod_1", secret);
		assertThat(bearer).startsWith("coffer_").matches("coffer_[A-Za-z0-9_-]+");
		ApiKeyCodec.Credentials parsed = ApiKeyCodec.parseBearer(bearer).orElseThrow();
		assertThat(parsed.name()).isEqualTo("etl-pipeline.prod_1");
		assertThat(parsed.secret()).isEqualTo(secret);
	}

	@Test
	void secretsWithColonsAndSymbolsSurviveTheBearerForm() {
		String secret = "p@ss:w0rd/with+symbols=and:colons";
		assertThat(ApiKeyCodec.parseBearer(ApiKeyCodec.bearer("k", secret)).orElseThrow().secret()).isEqualTo(secret);
	}

	@Test
	void bearerWithAnyCharacterChangedIsRejectedByTheChecksum() {
		String bearer = ApiKeyCodec.bearer("key", ApiKeyCodec.newSecret());
		for (int i = "coffer_".length(); i < bearer.length(); i++) {
			char replacement = bearer.charAt(i) == 'a' ? 'b' : 'a';
			String altered = bearer.substring(0, i) + replacement + bearer.substring(i + 1);
			assertThat(ApiKeyCodec.parseBearer(altered)).as("changed at %d", i).isEmpty();
		}
		assertThat(ApiKeyCodec.parseBearer("coffer_")).isEmpty();
		assertThat(ApiKeyCodec.parseBearer("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isEmpty();
	}

	@Test
	void generatedSecretsAreLongAndDistinct() {
		String a = ApiKeyCodec.newSecret();
		assertThat(a).hasSize(43);
		assertThat(ApiKeyCodec.newSecret()).isNotEqualTo(a);
	}

	@Test
	void namesAndPresetSecretsAreValidated() {
		assertThat(ApiKeyCodec.validName("ok-name_1.2")).isTrue();
		assertThat(ApiKeyCodec.validName("-starts-with-dash")).isFalse();
		assertThat(ApiKeyCodec.validName("has:colon")).isFalse();
		assertThat(ApiKeyCodec.validName("x".repeat(129))).isFalse();
		assertThat(ApiKeyCodec.validSecret("short")).isFalse();
		assertThat(ApiKeyCodec.validSecret("sixteen-chars-ok")).isTrue();
		assertThat(ApiKeyCodec.validSecret("has a space in it!!")).isFalse();
		assertThat(ApiKeyCodec.newName("bootstrap admin")).matches("bootstrap-admin-[A-Za-z0-9]{8}");
	}

	@Test
	void credentialsNeverPrintTheSecret() {
		ApiKeyCodec.Credentials credentials = ApiKeyCodec.parseBasic(java.util.Base64.getEncoder()
			.encodeToString("name:very-secret-value".getBytes())).orElseThrow();
		assertThat(credentials.toString()).doesNotContain("very-secret-value");
	}
}
