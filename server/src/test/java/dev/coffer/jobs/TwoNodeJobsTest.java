package dev.coffer.jobs;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.coffer.api.Ids;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.jobs.JobWaits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL database never run one job twice: every step of every job is
 * recorded under a unique key, so a second concurrent run would fail it. A job whose node died is
 * taken over when its lease expires, and a node shutting down gives its job back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeJobsTest {

	static final Duration WAIT = Duration.ofSeconds(60);

	static TestServer nodeA;

	static TestServer nodeB;

	static JdbcClient jdbc;

	@BeforeAll
	static void startTwoNodes() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String rootKey = Base64.getEncoder().encodeToString(key);
		TestServer.Builder a = TestServer.builder().store(TestStore.POSTGRES).property("COFFER_ROOT_KEY", rootKey);
		Map<String, String> store = a.storeProperties();
		nodeA = a.start();
		nodeB = TestServer.builder().store(TestStore.POSTGRES).sameStoreAs(store).property("COFFER_ROOT_KEY", rootKey).start();
		// its own connections: a test stops one of the nodes
		jdbc = JdbcClient.create(new DriverManagerDataSource(store.get("coffer.store.url"), TestStore.PG_USER, TestStore.PG_PASSWORD));
		jdbc.sql("CREATE TABLE test_job_runs (job_id VARCHAR(36) NOT NULL, step INTEGER NOT NULL, node VARCHAR(64) NOT NULL, "
				+ "PRIMARY KEY (job_id, step))").update();
	}

	@AfterAll
	static void stopTwoNodes() {
		for (TestServer node : new TestServer[] { nodeB, nodeA }) {
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	@Order(1)
	void twentyJobsOnTwoNodesEachRunExactlyOnce() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			// submitted through both nodes, so both wake at once and race for the same rows
			TestServer via = i % 2 == 0 ? nodeA : nodeB;
			ids.add(via.bean(Jobs.class)
				.submit(CountingTestJob.TYPE, Map.of("steps", 8, "sleep_ms", 30, "record_runs", true), null, null)
				.id());
		}
		await(() -> statuses(ids), statuses -> statuses.stream().allMatch(JobStatus::finished), WAIT, "20 jobs");

		assertThat(statuses(ids)).as("every job succeeded").containsOnly(JobStatus.SUCCEEDED);
		assertThat(jdbc.sql("SELECT max(attempts) FROM jobs WHERE type = 'test.counting'").query(Integer.class).single())
			.as("no attempt failed (a step run twice breaks the unique key)").isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM test_job_runs").query(Long.class).single()).isEqualTo(20L * 8);
		assertThat(jdbc.sql("SELECT count(*) FROM (SELECT job_id FROM test_job_runs GROUP BY job_id HAVING count(DISTINCT node) > 1) t")
			.query(Long.class)
			.single()).as("jobs that ran on two nodes").isZero();
		Set<String> nodes = new HashSet<>(jdbc.sql("SELECT DISTINCT node FROM test_job_runs").query(String.class).list());
		assertThat(nodes).as("both nodes took jobs")
			.containsExactlyInAnyOrder(nodeA.bean(JobWorker.class).node(), nodeB.bean(JobWorker.class).node());
	}

	@Test
	@Order(2)
	void jobOfADeadNodeIsTakenOverWhenItsLeaseExpiresAndResumes() {
		String id = Ids.next();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		jdbc.sql("""
				INSERT INTO jobs (id, type, status, params, progress_done, progress_total, checkpoint, attempts, run_after,
				    lease_owner, lease_expires_at, cancel_requested, created_by, created_at, started_at)
				VALUES (:id, 'test.counting', 'running', '{"steps": 6, "sleep_ms": 1}', 4, 6,
				    '{"next_step": 4, "counted": 4, "starts": [0]}', 1, :then, 'dead-node', :expired, FALSE, 'system', :then, :then)""")
			.param("id", id)
			.param("then", now.minusMinutes(1))
			.param("expired", now.minusSeconds(1))
			.update();
		await(() -> status(id), JobStatus::finished, WAIT, "job " + id);

		JobView job = nodeA.bean(Jobs.class).view(id);
		assertThat(job.status()).isEqualTo("succeeded");
		assertThat(job.attempts()).isEqualTo(2);
		assertThat(job.result()).containsEntry("counted", 6).containsEntry("starts", List.of(0, 4));
	}

	@Test
	@Order(3)
	void nodeShuttingDownGivesItsJobBackToTheOtherNode() {
		String id = nodeB.bean(Jobs.class)
			.submit(CountingTestJob.TYPE, Map.of("steps", 60, "sleep_ms", 50), null, null)
			.id();
		String nodeBName = nodeB.bean(JobWorker.class).node();
		await(() -> jdbc.sql("SELECT lease_owner FROM jobs WHERE id = :id AND progress_done >= 2").param("id", id)
			.query(String.class).optional(), owner -> owner.isPresent(), WAIT, "job " + id + " running");
		String owner = jdbc.sql("SELECT lease_owner FROM jobs WHERE id = :id").param("id", id).query(String.class).single();
		TestServer stopping = owner.equals(nodeBName) ? nodeB : nodeA;
		TestServer staying = stopping == nodeB ? nodeA : nodeB;

		stopping.close();
		await(() -> status(id), JobStatus::finished, WAIT, "job " + id);

		JobView job = staying.bean(Jobs.class).view(id);
		assertThat(job.status()).isEqualTo("succeeded");
		assertThat(job.attempts()).as("a shutdown is not a failed attempt").isEqualTo(1);
		assertThat(job.result()).containsEntry("counted", 60).containsEntry("node", staying.bean(JobWorker.class).node());
		assertThat((List<?>) job.result().get("starts")).hasSize(2);
	}

	private static JobStatus status(String id) {
		return JobStatus.fromValue(jdbc.sql("SELECT status FROM jobs WHERE id = :id").param("id", id).query(String.class).single())
			.orElseThrow();
	}

	private static List<JobStatus> statuses(List<String> ids) {
		return ids.stream().map(TwoNodeJobsTest::status).toList();
	}
}
