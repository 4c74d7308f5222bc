package dev.coffer.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** First start, presets, the root key check, and that no secret reaches the log. */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapTest {

	@Test
	void presetBootstrapKeyIsCreatedWrittenOwnerOnlyAndNeverLogged(CapturedOutput output) throws Exception {
		String presetSecret = "Preset-Secret-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(18));
		String rootKey = Base64.getEncoder().encodeToString(random(32));
		List<String> secrets = new java.util.ArrayList<>(List.of(presetSecret, rootKey));
		try (TestServer server = TestServer.builder()
			.property("COFFER_BOOTSTRAP_KEY_NAME", "install-admin")
			.property("COFFER_BOOTSTRAP_KEY_SECRET", presetSecret)
			.property("COFFER_ROOT_KEY", rootKey)
			.start()) {
			Path file = server.dataDir().resolve("bootstrap-credentials.json");
			assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(Files.getPosixFilePermissions(server.dataDir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
			assertThat(Files.exists(server.dataDir().resolve("root.key"))).as("env source writes no key file").isFalse();
			JsonNode credentials = server.bootstrapCredentials();
			assertThat(credentials.get("key_name").asString()).isEqualTo("install-admin");
			assertThat(credentials.get("key_secret").asString()).isEqualTo(presetSecret);
			String bearer = credentials.get("bearer_token").asString();
			secrets.add(bearer);

			Api admin = server.admin();
			assertThat(admin.get("/api/v1/me").json().get("roles").toString()).contains("admin");
			assertThat(server.anonymous().bearer(bearer).get("/api/v1/me").status()).isEqualTo(200);
			assertThat(server.anonymous().basic("install-admin", presetSecret + "x").get("/api/v1/me").status()).isEqualTo(401);
			assertThat(server.anonymous().bearer(bearer + "x").get("/api/v1/me").status()).isEqualTo(401);

			String accountId = admin.post("/api/v1/service-accounts", Map.of("name", "leak-check")).field("id");
			Api.Response issued = admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", List.of("tokenizer")));
			secrets.add(issued.field("key_secret"));
			secrets.add(issued.field("bearer_token"));
			Api.Response rotated = admin.post("/api/v1/api-keys/" + issued.json().get("api_key").get("id").asString() + "/rotate",
					Map.of("overlap_seconds", 0));
			secrets.add(rotated.field("key_secret"));
			// a malformed request that carries a secret in its body must not echo it
			Api.Response malformed = admin.post("/api/v1/api-keys", "{\"principal_id\": \"" + presetSecret + "\", \"roles\": 5}");
			assertThat(malformed.status()).isEqualTo(400);
			assertThat(malformed.body()).doesNotContain(presetSecret);
		}
		String log = output.getAll();
		assertThat(log).contains("bootstrap-credentials.json");
		for (String secret : secrets) {
			assertThat(log).as("log must not contain a secret").doesNotContain(secret);
		}
	}

	@Test
	void secondStartOnTheSameStoreDoesNotBootstrapAgain() throws Exception {
		Path dir = Files.createTempDirectory("coffer-restart-");
		String first;
		try (TestServer server = TestServer.builder().dataDir(dir).start()) {
			first = Files.readString(dir.resolve("bootstrap-credentials.json"));
		}
		try (TestServer server = TestServer.builder().dataDir(dir).start()) {
			assertThat(Files.readString(dir.resolve("bootstrap-credentials.json"))).isEqualTo(first);
			assertThat(server.admin().get("/api/v1/me").status()).isEqualTo(200);
			assertThat(server.admin().get("/api/v1/service-accounts?limit=100").body().split("bootstrap-admin", -1)).hasSize(2);
		}
	}

	@Test
	void startWithAnotherRootKeyIsRefused() throws Exception {
		Path dir = Files.createTempDirectory("coffer-rootkey-");
		try (TestServer server = TestServer.builder().dataDir(dir).start()) {
			assertThat(Files.getPosixFilePermissions(dir.resolve("root.key")))
				.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		}
		String otherKey = Base64.getEncoder().encodeToString(random(32));
		assertThatThrownBy(() -> TestServer.builder().dataDir(dir).property("COFFER_ROOT_KEY", otherKey).start())
			.hasStackTraceContaining("is not the key this store was created with")
			.satisfies(ex -> assertThat(stackTraceOf(ex)).doesNotContain(otherKey));
	}

	@Test
	void halfAPresetIsRefusedAtStart() {
		assertThatThrownBy(() -> TestServer.builder().property("COFFER_BOOTSTRAP_KEY_NAME", "only-a-name").start())
			.hasStackTraceContaining("COFFER_BOOTSTRAP_KEY_SECRET");
	}

	private static String stackTraceOf(Throwable throwable) {
		java.io.StringWriter out = new java.io.StringWriter();
		throwable.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

	private static byte[] random(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}
}
