package dev.coffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.ChildServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's Java 17 bytecode starts and serves on every Java runtime installed beside the one
 * running the tests ({@code /usr/lib/jvm}, or {@code coffer.test.jdks}: a path-separated list).
 */
class JavaRuntimesTest {

	private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dataDir;

	static Stream<Path> otherRuntimes() throws IOException {
		String configured = System.getProperty("coffer.test.jdks");
		List<Path> candidates;
		if (configured != null) {
			candidates = Stream.of(configured.split(java.io.File.pathSeparator)).map(Path::of).toList();
		}
		else if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
			try (Stream<Path> listed = Files.list(Path.of("/usr/lib/jvm"))) {
				candidates = listed.filter(dir -> !Files.isSymbolicLink(dir)).sorted().toList();
			}
		}
		else {
			candidates = List.of();
		}
		Path current = ChildServer.currentJavaHome().toRealPath();
		return candidates.stream()
			.filter(home -> Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(home.resolve("release")))
			.filter(home -> major(home) >= 17)
			.filter(home -> {
				try {
					return !home.toRealPath().equals(current);
				}
				catch (IOException ex) {
					return false;
				}
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("otherRuntimes")
	void serverStartsBootstrapsAndAuthenticatesOnRuntime(Path javaHome) throws Exception {
		try (ChildServer child = ChildServer.start(javaHome, this.dataDir, ChildServer.freePort(),
				this.dataDir.resolve("child.log"))) {
			JsonNode credentials = Api.JSON.readTree(Files.readString(this.dataDir.resolve("bootstrap-credentials.json")));
			Api admin = Api.anonymous(child.baseUrl())
				.basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());
			Api.Response me = admin.get("/api/v1/me");
			assertThat(me.status()).as(me.toString()).isEqualTo(200);
			Api.Response created = admin.post("/api/v1/service-accounts", Map.of("name", "on-java-" + major(javaHome)));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			assertThat(Api.anonymous(child.baseUrl()).bearer(credentials.get("bearer_token").asString()).get("/api/v1/me").status())
				.isEqualTo(200);
			assertThat(child.log()).contains("Java " + major(javaHome));
		}
	}

	private static int major(Path javaHome) {
		try {
			Matcher matcher = VERSION.matcher(Files.readString(javaHome.resolve("release")));
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}
}
