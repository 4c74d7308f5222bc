package dev.coffer.audit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.ChildServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exporting 1,000,000 audit events streams with bounded memory: the server runs in a child JVM
 * with a 160 MiB heap (the export as one in-memory list would need several times that) on
 * PostgreSQL, and the whole NDJSON export is read and counted.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AuditExportMemoryTest {

	private static final int EVENTS = 1_000_000;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dataDir;

	@Test
	void exportOfAMillionEventsStreamsWithinASmallHeap() throws Exception {
		String database = TestStore.createPostgresDatabase();
		String url = TestStore.PG_URL + database;
		try (ChildServer child = ChildServer.start(ChildServer.currentJavaHome(), this.dataDir, ChildServer.freePort(),
				this.dataDir.resolve("child.log"), List.of("-Xmx160m", "-XX:+ExitOnOutOfMemoryError"),
				List.of("--coffer.store.url=" + url, "--coffer.store.username=" + TestStore.PG_USER,
						"--coffer.store.password=" + TestStore.PG_PASSWORD))) {
			try (Connection connection = DriverManager.getConnection(url, TestStore.PG_USER, TestStore.PG_PASSWORD);
					Statement statement = connection.createStatement()) {
				statement.execute("""
						INSERT INTO audit_events (seq, id, occurred_at, actor_kind, actor_name, action, resource_type,
						    resource_id, outcome, request_id, details, prev_hash, hash)
						SELECT g + 1000000000, md5(g::text), now(), 'service_account', 'bulk-loader', 'bulk.event', 'thing',
						    'thing-' || g, 'success', 'req_' || g, '{"count":' || g || '}', repeat('0', 64), repeat('0', 64)
						FROM generate_series(1, %d) g""".formatted(EVENTS));
			}
			JsonNode credentials = Api.JSON.readTree(Files.readString(this.dataDir.resolve("bootstrap-credentials.json")));
			String authorization = "Basic " + Base64.getEncoder().encodeToString((credentials.get("key_name").asString()
					+ ":" + credentials.get("key_secret").asString()).getBytes(StandardCharsets.UTF_8));
			HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(child.baseUrl() + "/api/v1/audit/export?format=ndjson&action=bulk.event"))
					.header("Authorization", authorization)
					.timeout(Duration.ofMinutes(8))
					.build(), HttpResponse.BodyHandlers.ofInputStream());
			assertThat(response.statusCode()).isEqualTo(200);
			long lines = 0;
			String last = null;
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					lines++;
					last = line;
				}
			}
			assertThat(lines).isEqualTo(EVENTS);
			assertThat(Api.JSON.readTree(last).get("resource_id").asString()).isEqualTo("thing-" + EVENTS);
			assertThat(child.process().isAlive()).as("the server survived the export:\n" + child.log()).isTrue();
			assertThat(child.log()).doesNotContain("OutOfMemoryError");
		}
	}
}
