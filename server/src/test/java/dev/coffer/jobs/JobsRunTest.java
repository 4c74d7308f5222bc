package dev.coffer.jobs;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.jobs.JobWaits.await;
import static dev.coffer.jobs.JobWaits.awaitJob;
import static dev.coffer.jobs.JobWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the worker runs jobs, on both stores, with the test-only {@code test.counting} handler:
 * retries with backoff resuming from the checkpoint, failure after the last attempt with a
 * problem that leaks nothing, cancellation of a running job, progress, and {@link JobFinished}.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class JobsRunTest {

	static final Duration WAIT = Duration.ofSeconds(30);

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	Jobs jobs;

	@BeforeEach
	void setUp() {
		this.server = TestServer.shared(this.store);
		this.admin = this.server.admin();
		this.jobs = this.server.bean(Jobs.class);
	}

	@Test
	void transientFailureIsRetriedAfterBackoffAndResumesFromItsCheckpoint() {
		String id = counting(Map.of("steps", 6, "sleep_ms", 5, "fail_on_step", 3));

		// between the attempts: queued again, the failure kept as a problem that shows no exception text
		JsonNode waiting = awaitJob(this.admin, id, job -> job.get("attempts").asInt() == 1 && !job.get("error").isNull(), WAIT);
		assertThat(waiting.get("status").asString()).isEqualTo("queued");
		assertThat(waiting.get("error").get("code").asString()).isEqualTo("job_failed");
		assertThat(waiting.get("error").get("type").asString()).isEqualTo("/api/errors/job_failed");
		assertThat(waiting.get("error").toString()).doesNotContain(CountingTestJob.SECRET_IN_MESSAGE).doesNotContain("step 3");
		assertThat(waiting.get("progress").get("done").asLong()).isEqualTo(3);

		JsonNode job = awaitStatus(this.admin, id, "succeeded", WAIT);
		assertThat(job.get("attempts").asInt()).isEqualTo(2);
		assertThat(job.get("error").isNull()).as("a success clears the last failure").isTrue();
		assertThat(job.get("result").get("counted").asInt()).as("each step counted once").isEqualTo(6);
		assertThat(starts(job)).as("the second attempt resumed at the failed step").containsExactly(0, 3);
		assertThat(job.get("progress").get("done").asLong()).isEqualTo(6);
		assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
	}

	@Test
	void jobFailingEveryAttemptEndsFailedAfterMaxAttempts() {
		setMaxAttempts(2);
		try {
			String id = counting(Map.of("steps", 3, "sleep_ms", 1, "fail_on_step", 1, "fail_always", true));
			JsonNode job = awaitStatus(this.admin, id, "failed", WAIT);
			assertThat(job.get("attempts").asInt()).isEqualTo(2);
			JsonNode error = job.get("error");
			for (String member : List.of("type", "code", "message", "status", "doc_url")) {
				assertThat(error.has(member)).as(member + " in " + error).isTrue();
			}
			assertThat(error.get("code").asString()).isEqualTo("job_failed");
			assertThat(error.toString()).doesNotContain(CountingTestJob.SECRET_IN_MESSAGE);
			assertThat(job.get("result").isNull()).isTrue();
			assertThat(job.get("finished_at").isNull()).isFalse();
			JobFinished event = awaitEvent(id);
			assertThat(event.type()).isEqualTo("job.failed");
		}
		finally {
			setMaxAttempts(null);
		}
	}

	@Test
	void runningJobStopsWhenCancelledAndShowsProgressMeanwhile() {
		String id = counting(Map.of("steps", 500, "sleep_ms", 20));
		JsonNode running = awaitJob(this.admin, id, job -> job.get("progress").get("done").asLong() >= 3, WAIT);
		assertThat(running.get("status").asString()).isEqualTo("running");
		assertThat(running.get("progress").get("total").asLong()).isEqualTo(500);
		double fraction = running.get("progress").get("fraction").asDouble();
		assertThat(fraction).isGreaterThan(0.0).isLessThan(1.0);

		Api.Response cancel = this.admin.post("/api/v1/jobs/" + id + "/cancel", null);
		assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
		assertThat(cancel.json().get("cancel_requested").asBoolean()).isTrue();

		JsonNode cancelled = awaitStatus(this.admin, id, "cancelled", WAIT);
		assertThat(cancelled.get("progress").get("done").asLong()).isLessThan(500);
		assertThat(cancelled.get("finished_at").isNull()).isFalse();
		assertThat(awaitEvent(id).type()).isEqualTo("job.cancelled");
	}

	@Test
	void endOfJobIsPublishedWithItsNotifyUrl() {
		String notifyUrl = "https://93.184.216.34/hooks/coffer";
		String id = this.jobs.submit(CountingTestJob.TYPE, Map.of("steps", 2, "sleep_ms", 1), notifyUrl, null).id();
		JsonNode job = awaitStatus(this.admin, id, "succeeded", WAIT);

		JobFinished event = awaitEvent(id);
		assertThat(event.type()).isEqualTo("job.succeeded");
		assertThat(event.status()).isEqualTo("succeeded");
		assertThat(event.notifyUrl()).isEqualTo(notifyUrl);
		// the callback URL goes to its own delivery only, never to job.* subscribers (it may carry a token)
		assertThat(event.data()).doesNotContainKey("notify_url");
		assertThat(event.data().get("status")).isEqualTo("succeeded");
		assertThat(event.data()).containsKeys("id", "type", "progress", "result", "created_at", "finished_at", "attempts");
		assertThat(String.valueOf(event.data().get("finished_at"))).isEqualTo(job.get("finished_at").asString());
		assertThat(job.get("notify_url").asString()).isEqualTo(notifyUrl);
	}

	private String counting(Map<String, Object> params) {
		return this.jobs.submit(CountingTestJob.TYPE, params, null, null).id();
	}

	private JobFinished awaitEvent(String id) {
		JobFinishedRecorder recorder = this.server.bean(JobFinishedRecorder.class);
		return await(() -> recorder.of(id), java.util.Optional::isPresent, WAIT, "JobFinished of " + id).orElseThrow();
	}

	private void setMaxAttempts(Integer attempts) {
		Map<String, Object> change = new HashMap<>();
		change.put("jobs.max_attempts", attempts);
		Api.Response response = this.admin.patch("/api/v1/settings", change);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	static List<Integer> starts(JsonNode job) {
		List<Integer> starts = new java.util.ArrayList<>();
		job.get("result").get("starts").forEach(start -> starts.add(start.asInt()));
		return starts;
	}
}
