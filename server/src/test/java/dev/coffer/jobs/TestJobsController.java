package dev.coffer.jobs;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/**
 * Test scaffolding, never in the production jar (it lives in src/test): lets a test start any job
 * type in a server it cannot reach in-process (a child JVM). Needs {@code jobs:write}.
 */
@Tag(name = "Test jobs", description = "Test class path only: starts any job type.")
@RestController
class TestJobsController {

	private final Jobs jobs;

	TestJobsController(Jobs jobs) {
		this.jobs = jobs;
	}

	@Operation(summary = "Start a job of any type (tests only)", description = "Needs `jobs:write`.",
			responses = @ApiResponse(responseCode = "202", description = "The job was queued."))
	@PostMapping("/api/v1/test-jobs")
	ResponseEntity<JobView> start(@RequestBody StartTestJob request) {
		Caller caller = Authz.require(Permission.JOBS_WRITE);
		return Jobs.accepted(this.jobs.submit(request.type(), request.params(), request.notifyUrl(), caller));
	}

	/** A job to start. */
	record StartTestJob(@Schema(description = "Job type.") String type,
			@Schema(description = "Parameters.") Map<String, Object> params,
			@Schema(description = "notify_url.") String notifyUrl) {
	}
}
