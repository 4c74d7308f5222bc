package dev.coffer.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Test-only job type {@code test.counting} (in src/test, so in every test server and child JVM,
 * never in the jar; idle unless a test submits it). Counts {@code steps} steps of
 * {@code sleep_ms} each, checkpointing after every step, and records in its checkpoint and result
 * at which step each attempt started ({@code starts}) and how many steps it counted in all
 * ({@code counted}). Parameters: {@code fail_on_step} fails the first attempt (or every attempt
 * with {@code fail_always}) on that step with an exception whose message holds a fake card number;
 * {@code record_runs} inserts {@code (job_id, step, node)} into {@code test_job_runs}, whose key
 * catches a step run twice.
 */
@Component
class CountingTestJob implements JobHandler {

	static final String TYPE = "test.counting";

	static final String SECRET_IN_MESSAGE = "4111111111111111";

	private final JdbcClient jdbc;

	private final ObjectProvider<JobWorker> worker;

	CountingTestJob(JdbcClient jdbc, ObjectProvider<JobWorker> worker) {
		this.jdbc = jdbc;
		this.worker = worker;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public void run(JobContext context) throws Exception {
		Params params = context.params(Params.class);
		Map<String, Object> saved = context.checkpoint();
		int next = saved.get("next_step") instanceof Number number ? number.intValue() : 0;
		long counted = saved.get("counted") instanceof Number number ? number.longValue() : 0;
		List<Object> starts = new ArrayList<>(saved.get("starts") instanceof List<?> list ? list : List.of());
		starts.add(next);
		context.progress(next, params.steps());
		for (int step = next; step < params.steps(); step++) {
			if (context.cancelled()) {
				return;
			}
			if (params.failOnStep() != null && step == params.failOnStep()
					&& (context.attempt() == 1 || Boolean.TRUE.equals(params.failAlways()))) {
				throw new IllegalStateException("step " + step + " failed near card " + SECRET_IN_MESSAGE);
			}
			Thread.sleep(params.sleepMs() == null ? 10 : params.sleepMs());
			if (Boolean.TRUE.equals(params.recordRuns())) {
				this.jdbc.sql("INSERT INTO test_job_runs (job_id, step, node) VALUES (:job, :step, :node)")
					.param("job", context.jobId())
					.param("step", step)
					.param("node", this.worker.getObject().node())
					.update();
			}
			counted++;
			context.progress(step + 1, params.steps());
			Map<String, Object> checkpoint = new LinkedHashMap<>();
			checkpoint.put("next_step", step + 1);
			checkpoint.put("counted", counted);
			checkpoint.put("starts", starts);
			context.checkpoint(checkpoint);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("counted", counted);
		result.put("starts", starts);
		result.put("node", this.worker.getObject().node());
		context.result(result);
	}

	record Params(int steps, Integer sleepMs, Integer failOnStep, Boolean failAlways, Boolean recordRuns) {
	}
}
