package dev.coffer.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serializable config, the shared clients, and that nothing prints a secret, a value or a token. */
class CofferClientConfigTest {

	private static final String SECRET = "s3cr3t-value-7f2a9b41c";

	private static final String BEARER = "coffer_ZXRsOnMzY3IzdC12YWx1ZS03ZjJhOWI0MWM123456";

	private static CofferClient.Builder builder() {
		return CofferClient.builder().baseUrl("https://coffer.example:8443").apiKey("etl-pipeline", SECRET);
	}

	@Test
	void noToStringShowsTheSecretOrTheBearerToken() {
		CofferClientConfig basic = builder().buildConfig();
		CofferClientConfig bearer = builder().bearerToken(BEARER).buildConfig();

		List<String> printed = List.of(basic.toString(), basic.credentials().toString(), bearer.toString(),
				bearer.credentials().toString(), builder().toString(), builder().build().toString(),
				CofferClient.builder().bearerToken(BEARER).toString());

		assertThat(printed).allSatisfy(text -> assertThat(text).doesNotContain(SECRET)
			.doesNotContain(BEARER)
			.doesNotContain("ZXRsOnMzY3IzdC12YWx1ZS03ZjJhOWI0MWM"));
		assertThat(basic.toString()).contains("etl-pipeline", "https://coffer.example:8443", "redacted");
	}

	@Test
	void aConfigSurvivesJavaSerializationAndItsCopiesShareOneClient() throws Exception {
		CofferClientConfig config = builder().maxBatchSize(5_000).concurrency(4).buildConfig();

		CofferClientConfig copy = roundTrip(config);

		assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config);
		assertThat(copy.maxBatchSize()).isEqualTo(5_000);
		assertThat(copy.credentials().authorizationHeader()).isEqualTo(config.credentials().authorizationHeader());
		assertThat(CofferClients.shared(copy)).isSameAs(CofferClients.shared(config));
		assertThat(CofferClients.shared(builder().bearerToken(BEARER).buildConfig())).isNotSameAs(CofferClients.shared(config));
	}

	@Test
	void closingASharedClientLeavesItUsableForTheOtherTasks() {
		CofferClient shared = CofferClients.shared(builder().concurrency(2).buildConfig());

		shared.close();

		assertThat(CofferClients.shared(builder().concurrency(2).buildConfig())).isSameAs(shared);
	}

	@Test
	void configsWithAnotherSecretAreNotEqual() {
		assertThat(builder().buildConfig()).isNotEqualTo(builder().apiKey("etl-pipeline", SECRET + "x").buildConfig());
	}

	@Test
	void credentialsBuildTheAuthorizationHeaderOfEachScheme() {
		assertThat(CofferCredentials.apiKey("etl", "pw").authorizationHeader()).isEqualTo("Basic ZXRsOnB3");
		assertThat(CofferCredentials.bearerToken(BEARER).authorizationHeader()).isEqualTo("Bearer " + BEARER);
		assertThat(CofferCredentials.bearerToken(BEARER).keyName()).isNull();
	}

	@Test
	void theBatchSizeIsBetweenOneAndTheServersLimit() {
		assertThat(builder().buildConfig().maxBatchSize()).isEqualTo(1_000);
		assertThat(builder().maxBatchSize(10_000).buildConfig().maxBatchSize()).isEqualTo(10_000);
		assertThatThrownBy(() -> builder().maxBatchSize(10_001).buildConfig()).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("maxBatchSize");
		assertThatThrownBy(() -> builder().maxBatchSize(0).buildConfig()).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void invalidSettingsAreRefusedWithoutEchoingCredentials() {
		assertThatThrownBy(() -> builder().baseUrl("http://etl:" + SECRET + "@coffer.example").buildConfig())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageNotContaining(SECRET);
		assertThatThrownBy(() -> builder().baseUrl("ftp://coffer.example").buildConfig()).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> builder().baseUrl("not a url").buildConfig()).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> builder().maxAttempts(0).buildConfig()).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> builder().concurrency(65).buildConfig()).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).buildConfig())
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO).buildConfig()).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> CofferClient.builder().baseUrl("http://coffer.example").buildConfig())
			.isInstanceOf(NullPointerException.class)
			.hasMessageContaining("credentials");
		assertThatThrownBy(() -> CofferCredentials.apiKey("a:b", SECRET)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageNotContaining(SECRET);
		assertThatThrownBy(() -> CofferCredentials.bearerToken("two words")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageNotContaining("two words");
	}

	@Test
	void optionsAndResultsNeverPrintMetadataValuesOrTokens() {
		TokenizeOptions options = TokenizeOptions.defaults().metadata(Map.of("customer", "Ada Lovelace"));
		TokenizeResult tokens = new TokenizeResult(Arrays.asList("tok_4111", null),
				List.of(new ItemError(1, "invalid_value", "Value at index 1 does not fit")));
		DetokenizeResult values = new DetokenizeResult(List.of("4111 1111 1111 1111"), List.of());

		assertThat(options.toString()).doesNotContain("Ada");
		assertThat(DetokenizeOptions.defaults().reason("customer Ada called").toString()).doesNotContain("Ada");
		assertThat(tokens.toString()).doesNotContain("tok_4111").contains("2 tokens", "1 errors");
		assertThat(values.toString()).doesNotContain("4111");
	}

	@Test
	void tokenizeOptionsRefuseWhatTheServerCannotTake() {
		assertThatThrownBy(() -> TokenizeOptions.defaults().ttl(Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> TokenizeOptions.defaults().metadata(Map.of("when", new Object())))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void exceptionsPrintStatusCodeAndRequestIdOnly() {
		CofferException ex = new CofferAuthException(401, "invalid_credentials", "Invalid API key name or secret", "req_1");

		assertThat(ex.toString()).isEqualTo("dev.coffer.client.CofferAuthException: Invalid API key name or secret "
				+ "[status=401, code=invalid_credentials, request_id=req_1]");
	}

	private static CofferClientConfig roundTrip(CofferClientConfig config) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(config);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (CofferClientConfig) in.readObject();
		}
	}
}
