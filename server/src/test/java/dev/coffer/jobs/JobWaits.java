package dev.coffer.jobs;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounded waits on jobs, for tests. */
final class JobWaits {

	private JobWaits() {
	}

	/** Polls {@code GET /api/v1/jobs/{id}} until {@code until} holds; fails after {@code timeout}. */
	static JsonNode awaitJob(Api api, String id, Predicate<JsonNode> until, Duration timeout) {
		return await(() -> {
			Api.Response response = api.get("/api/v1/jobs/" + id);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			return response.json();
		}, until, timeout, "job " + id);
	}

	static JsonNode awaitStatus(Api api, String id, String status, Duration timeout) {
		return awaitJob(api, id, job -> status.equals(job.get("status").asString()), timeout);
	}

	static <T> T await(Supplier<T> read, Predicate<T> until, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		T last = read.get();
		while (!until.test(last)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("gave up waiting after " + timeout.toSeconds() + " s on " + what + "; last: " + last);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
			last = read.get();
		}
		return last;
	}
}
