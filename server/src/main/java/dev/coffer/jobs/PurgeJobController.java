package dev.coffer.jobs;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
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

/** {@code POST /api/v1/jobs/purge}: starts the {@code jobs.purge} job. */
@Tag(name = "Jobs")
@RestController
class PurgeJobController {

	private final Jobs jobs;

	PurgeJobController(Jobs jobs) {
		this.jobs = jobs;
	}

	@Operation(summary = "Purge old jobs", description = "Starts a `jobs.purge` job that deletes jobs which ended more than "
			+ "`older_than_days` days ago. Answers 202 with `Location: /api/v1/jobs/{id}` and the job. Needs `jobs:write`.",
			responses = @ApiResponse(responseCode = "202", description = "The job was queued."))
	@PostMapping("/api/v1/jobs/purge")
	ResponseEntity<JobView> start(@Valid @RequestBody(required = false) PurgeJobs request) {
		Caller caller = Authz.require(Permission.JOBS_WRITE);
		Integer days = request == null ? null : request.olderThanDays();
		String notifyUrl = request == null ? null : request.notifyUrl();
		JobView job = this.jobs.submit(PurgeJob.TYPE,
				Map.of("older_than_days", days == null ? PurgeJob.DEFAULT_OLDER_THAN_DAYS : days), notifyUrl, caller);
		return Jobs.accepted(job);
	}

	/** Options of a purge. */
	record PurgeJobs(
			@Schema(description = "Delete jobs that ended more than this many days ago; 0 deletes every ended job.",
					example = "30", defaultValue = "30") @PositiveOrZero @Max(36_500) Integer olderThanDays,
			@Schema(description = "URL that receives the job, signed, when it ends. Private, loopback and metadata "
					+ "addresses are refused (`webhook_target_forbidden`).", example = "https://ops.example.com/hooks/coffer")
			@Size(max = 2048) String notifyUrl) {
	}
}
