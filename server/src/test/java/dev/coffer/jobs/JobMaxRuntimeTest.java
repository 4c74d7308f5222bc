package dev.coffer.jobs;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler that runs past {@code coffer.jobs.max-runtime} is given up on its node (lease not
 * renewed, thread interrupted), retried, and failed after {@code jobs.max_attempts}: it never
 * holds its job in {@code running} forever.
 */
class JobMaxRuntimeTest {

	@Test
	void jobRunningPastTheLimitIsRetriedThenFailed() {
		try (TestServer server = TestServer.builder()
			.property("coffer.jobs.max-runtime", "1s")
			.property("coffer.jobs.lease", "2s")
			.start()) {
			Api admin = server.admin();
			assertThat(admin.put("/api/v1/settings/jobs.max_attempts", Map.of("value", 2)).status()).isEqualTo(200);
			String id = server.bean(Jobs.class)
				.submit(CountingTestJob.TYPE, Map.of("steps", 10_000, "sleep_ms", 50), null, null)
				.id();
			JsonNode job = JobWaits.awaitStatus(admin, id, "failed", Duration.ofSeconds(60));
			assertThat(job.get("attempts").asInt()).isEqualTo(2);
			assertThat(job.get("error").get("code").asString()).isNotBlank();
		}
	}
}
