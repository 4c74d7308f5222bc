package dev.coffer.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.ChildServer;

import static dev.coffer.jobs.JobWaits.awaitJob;
import static dev.coffer.jobs.JobWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A job killed mid-run with the server process (SIGKILL) completes after a restart on the same
 * data directory, resuming from its last checkpoint: a real child JVM on the embedded store.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobSigkillTest {

	static final int STEPS = 100;

	/** Kept when the test fails, with the child's logs. */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dataDir;

	ChildServer child;

	@AfterEach
	void killChild() throws InterruptedException {
		if (this.child != null) {
			this.child.close();
		}
	}

	@Test
	void jobKilledMidRunResumesFromItsCheckpointAfterRestart() throws Exception {
		assumeThat(System.getProperty("os.name").toLowerCase(Locale.ROOT)).as("destroyForcibly is SIGKILL").contains("linux");
		int port = ChildServer.freePort();
		this.child = ChildServer.start(ChildServer.currentJavaHome(), this.dataDir, port, this.dataDir.resolve("child-1.log"));
		JsonNode credentials = Api.JSON.readTree(Files.readString(this.dataDir.resolve("bootstrap-credentials.json")));
		Api admin = Api.anonymous(this.child.baseUrl())
			.basic(credentials.get("key_name").asString(), credentials.get("key_secret").asString());

		Api.Response started = admin.post("/api/v1/test-jobs",
				Map.of("type", CountingTestJob.TYPE, "params", Map.of("steps", STEPS, "sleep_ms", 50)));
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String id = started.field("id");
		JsonNode midway = awaitJob(admin, id, job -> job.get("progress").get("done").asLong() >= 20, Duration.ofSeconds(60));
		assertThat(midway.get("status").asString()).isEqualTo("running");
		long doneBeforeKill = midway.get("progress").get("done").asLong();

		this.child.kill();
		assertThat(this.child.process().exitValue()).as("killed by signal 9").isEqualTo(128 + 9);

		this.child = ChildServer.start(ChildServer.currentJavaHome(), this.dataDir, port, this.dataDir.resolve("child-2.log"));
		JsonNode job = awaitStatus(admin, id, "succeeded", Duration.ofSeconds(60));

		assertThat(job.get("attempts").asInt()).as("one attempt killed, one completed").isEqualTo(2);
		assertThat(job.get("result").get("counted").asInt()).as("each step counted once").isEqualTo(STEPS);
		assertThat(JobsRunTest.starts(job)).hasSize(2).first().isEqualTo(0);
		assertThat(JobsRunTest.starts(job).get(1)).as("resumed at its checkpoint, not at step 0")
			.isGreaterThanOrEqualTo((int) doneBeforeKill)
			.isLessThan(STEPS);
		assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
		assertThat(this.child.log()).contains("resume from their checkpoints");
	}
}
