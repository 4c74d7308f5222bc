package dev.coffer.jobs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.api.Ids;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Role;
import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.jobs.JobWaits.awaitStatus;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Jobs through the API, on both stores: the purge job's lifecycle, lists, cancel, who sees what. */
@ParameterizedClass
@EnumSource(TestStore.class)
class JobsApiTest {

	static final Duration WAIT = Duration.ofSeconds(30);

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = TestServer.shared(this.store);
		this.admin = this.server.admin();
	}

	@Test
	void purgeAnswers202WithLocationThenSucceedsHavingDeletedOldJobs() {
		List<String> old = List.of(insertFinishedJob(40), insertFinishedJob(40), insertFinishedJob(40));
		String recent = insertFinishedJob(2);

		Api.Response started = this.admin.post("/api/v1/jobs/purge", Map.of("older_than_days", 35));
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String id = started.field("id");
		assertThat(started.header("Location")).isEqualTo("/api/v1/jobs/" + id);
		assertThat(started.field("type")).isEqualTo("jobs.purge");
		// the job as accepted; a worker on any node may already have started or even finished it
		assertThat(started.field("status")).isIn("queued", "running", "succeeded");
		assertThat(started.json().get("created_at").isNull()).isFalse();

		JsonNode job = awaitStatus(this.admin, id, "succeeded", WAIT);
		assertThat(job.get("result").get("deleted").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(job.get("result").get("older_than_days").asInt()).isEqualTo(35);
		assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
		assertThat(job.get("progress").get("done").asLong()).isEqualTo(job.get("progress").get("total").asLong());
		assertThat(job.get("attempts").asInt()).isEqualTo(1);
		assertThat(job.get("error").isNull()).isTrue();
		assertThat(job.get("started_at").isNull()).isFalse();
		assertThat(job.get("finished_at").isNull()).isFalse();
		for (String gone : old) {
			assertProblem(this.admin.get("/api/v1/jobs/" + gone), 404, "not_found");
		}
		assertThat(this.admin.get("/api/v1/jobs/" + recent).status()).isEqualTo(200);
	}

	@Test
	void purgeRefusesInternalNotifyUrlAndNeedsJobsWrite() {
		assertProblem(this.admin.post("/api/v1/jobs/purge", Map.of("notify_url", "http://169.254.169.254/latest")), 400,
				"webhook_target_forbidden");
		assertProblem(this.admin.post("/api/v1/jobs/purge", Map.of("older_than_days", -1)), 400, "validation_failed");
		Api auditor = caller(issue("auditor"));
		assertProblem(auditor.post("/api/v1/jobs/purge", Map.of()), 403, "permission_denied");
	}

	@Test
	void listFiltersByStatusAndTypeInBothPaginationStyles() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.admin.post("/api/v1/jobs/purge", Map.of("older_than_days", 36_500)).field("id"));
		}
		ids.forEach(id -> awaitStatus(this.admin, id, "succeeded", WAIT));
		String queued = insertQueuedJob("test.unhandled", adminReference());

		// cursor style: every page, each job once, only succeeded purges
		List<String> listed = new ArrayList<>();
		String cursor = null;
		for (int page = 0; page < 100; page++) {
			Api.Response response = this.admin.get("/api/v1/jobs?type=jobs.purge&status=succeeded&limit=2"
					+ (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.get("data").size()).isLessThanOrEqualTo(2);
			body.get("data").forEach(job -> {
				assertThat(job.get("type").asString()).isEqualTo("jobs.purge");
				assertThat(job.get("status").asString()).isEqualTo("succeeded");
				listed.add(job.get("id").asString());
			});
			if (!body.get("has_more").asBoolean()) {
				break;
			}
			cursor = body.get("next_cursor").asString();
		}
		assertThat(listed).doesNotHaveDuplicates().containsAll(ids).doesNotContain(queued);

		// page style: total and Link header
		Api.Response firstPage = this.admin.get("/api/v1/jobs?type=jobs.purge&status=succeeded&page=1&per_page=2");
		assertThat(firstPage.status()).as(firstPage.toString()).isEqualTo(200);
		assertThat(firstPage.json().get("total").asLong()).isEqualTo(listed.size());
		assertThat(firstPage.header("X-Total-Count")).isEqualTo(Integer.toString(listed.size()));
		assertThat(firstPage.header("Link")).contains("rel=\"next\"");

		Api.Response queuedOnly = this.admin.get("/api/v1/jobs?status=queued&type=test.unhandled&limit=1000");
		assertThat(ids(queuedOnly)).contains(queued).doesNotContainAnyElementsOf(ids);

		assertProblem(this.admin.get("/api/v1/jobs?status=done"), 400, "invalid_parameter");
		assertProblem(this.admin.get("/api/v1/jobs?limit=2&page=1"), 400, "pagination_conflict");
	}

	@Test
	void cancellingAFinishedJobIsAConflictAndAQueuedOneEndsAtOnce() {
		String id = this.admin.post("/api/v1/jobs/purge", Map.of()).field("id");
		awaitStatus(this.admin, id, "succeeded", WAIT);
		assertProblem(this.admin.post("/api/v1/jobs/" + id + "/cancel", null), 409, "job_not_cancellable");

		String queued = insertQueuedJob("test.unhandled", adminReference());
		Api.Response cancelled = this.admin.post("/api/v1/jobs/" + queued + "/cancel", null);
		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(cancelled.field("status")).isEqualTo("cancelled");
		assertThat(cancelled.json().get("finished_at").isNull()).isFalse();
		assertThat(this.server.bean(JobFinishedRecorder.class).of(queued))
			.hasValueSatisfying(event -> assertThat(event.type()).isEqualTo("job.cancelled"));
		assertProblem(this.admin.post("/api/v1/jobs/" + queued + "/cancel", null), 409, "job_not_cancellable");
		assertProblem(this.admin.post("/api/v1/jobs/" + Ids.next() + "/cancel", null), 404, "not_found");
	}

	@Test
	void callerSeesOwnJobsOnlyUnlessItHoldsJobsRead() {
		String adminJob = this.admin.post("/api/v1/jobs/purge", Map.of()).field("id");
		awaitStatus(this.admin, adminJob, "succeeded", WAIT);

		Issued tokenizerKey = issue("tokenizer");
		Api tokenizer = caller(tokenizerKey);
		JsonNode me = tokenizer.get("/api/v1/me").json();
		Caller tokenizerCaller = new Caller(me.get("principal_id").asString(), me.get("kind").asString(),
				me.get("name").asString(), tokenizerKey.name(), Set.of(Role.TOKENIZER), "basic");
		String ownJob = this.server.bean(Jobs.class).submit("jobs.purge", Map.of("older_than_days", 36_500), null,
				tokenizerCaller).id();
		awaitStatus(tokenizer, ownJob, "succeeded", WAIT);

		// without jobs:read: another principal's job does not exist
		assertProblem(tokenizer.get("/api/v1/jobs/" + adminJob), 404, "not_found");
		assertProblem(tokenizer.post("/api/v1/jobs/" + adminJob + "/cancel", null), 404, "not_found");
		assertThat(ids(tokenizer.get("/api/v1/jobs?limit=1000"))).containsExactly(ownJob);
		assertThat(tokenizer.get("/api/v1/jobs?page=1&per_page=10").json().get("total").asLong()).isEqualTo(1);
		assertProblem(tokenizer.post("/api/v1/jobs/" + ownJob + "/cancel", null), 409, "job_not_cancellable");

		// jobs:read sees every job, but cancelling another's needs jobs:write
		Api auditor = caller(issue("auditor"));
		assertThat(auditor.get("/api/v1/jobs/" + adminJob).status()).isEqualTo(200);
		assertThat(auditor.get("/api/v1/jobs/" + ownJob).status()).isEqualTo(200);
		String queued = insertQueuedJob("test.unhandled", adminReference());
		assertProblem(auditor.post("/api/v1/jobs/" + queued + "/cancel", null), 403, "permission_denied");
		assertProblem(this.server.anonymous().get("/api/v1/jobs/" + adminJob), 401, "unauthenticated");
	}

	private String adminReference() {
		JsonNode me = this.admin.get("/api/v1/me").json();
		return me.get("kind").asString() + ":" + me.get("principal_id").asString();
	}

	/** A job that ended {@code daysAgo} days ago, straight into the store. */
	private String insertFinishedJob(int daysAgo) {
		String id = Ids.next();
		OffsetDateTime then = OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo);
		this.server.jdbc().sql("""
				INSERT INTO jobs (id, type, status, params, attempts, run_after, cancel_requested, created_by, created_at, finished_at)
				VALUES (:id, 'test.old', 'succeeded', '{}', 1, :then, FALSE, 'system', :then, :then)""")
			.param("id", id)
			.param("then", then)
			.update();
		return id;
	}

	/** A queued job of a type no handler runs: it stays queued. */
	private String insertQueuedJob(String type, String createdBy) {
		String id = Ids.next();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		this.server.jdbc().sql("""
				INSERT INTO jobs (id, type, status, params, attempts, run_after, cancel_requested, created_by, created_at)
				VALUES (:id, :type, 'queued', '{}', 0, :now, FALSE, :createdBy, :now)""")
			.param("id", id)
			.param("type", type)
			.param("createdBy", createdBy)
			.param("now", now)
			.update();
		return id;
	}

	private static List<String> ids(Api.Response list) {
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		list.json().get("data").forEach(job -> ids.add(job.get("id").asString()));
		return ids;
	}

	private Api caller(Issued key) {
		return this.server.anonymous().basic(key.name(), key.secret());
	}

	private Issued issue(String role) {
		Api.Response account = this.admin.post("/api/v1/service-accounts", Map.of("name", "jobs-sa-" + System.nanoTime()));
		assertThat(account.status()).as(account.toString()).isEqualTo(201);
		Api.Response created = this.admin.post("/api/v1/api-keys",
				Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return new Issued(created.field("key_name"), created.field("key_secret"));
	}

	record Issued(String name, String secret) {
	}
}
