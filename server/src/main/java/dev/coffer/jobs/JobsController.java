package dev.coffer.jobs;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;

/** {@code /api/v1/jobs}: read, list and cancel durable jobs. */
@Tag(name = "Jobs", description = "Long work runs as durable jobs: the request that starts one answers 202 with "
		+ "`Location: /api/v1/jobs/{id}`. A caller sees the jobs it started; `jobs:read` sees all.")
@RestController
@RequestMapping("/api/v1/jobs")
class JobsController {

	private final Jobs jobs;

	JobsController(Jobs jobs) {
		this.jobs = jobs;
	}

	@Operation(summary = "Show a job", description = "Status, progress, result or error. Visible to the principal that started it, "
			+ "and to holders of `jobs:read`; 404 for anyone else.")
	@GetMapping("/{id}")
	JobView show(@Parameter(description = "Job id.") @PathVariable String id) {
		return this.jobs.get(id);
	}

	@Operation(summary = "List jobs", description = "Oldest first: the caller's own jobs, or every job with `jobs:read`.")
	@GetMapping
	ListResponse<JobView> list(
			@Parameter(description = "Only jobs with this status.", schema = @Schema(allowableValues = { "queued", "running",
					"succeeded", "failed", "cancelled" })) @RequestParam(required = false) String status,
			@Parameter(description = "Only jobs of this type, e.g. `jobs.purge`.") @RequestParam(required = false) String type,
			@ParameterObject Paging paging, HttpServletResponse response) {
		JobStatus wanted = null;
		if (status != null) {
			wanted = JobStatus.fromValue(status)
				.orElseThrow(() -> ApiException.invalidParameter("status",
						"must be one of queued, running, succeeded, failed, cancelled"));
		}
		if (type != null && (type.isEmpty() || type.length() > 128)) {
			throw ApiException.invalidParameter("type", "must be 1 to 128 characters");
		}
		return this.jobs.list(wanted, type, paging, response);
	}

	@Operation(summary = "Cancel a job", description = "A queued job is cancelled at once; a running one stops at its next "
			+ "check (`cancel_requested` is true until then). A job that has ended answers 409 `job_not_cancellable`. "
			+ "Cancelling another principal's job needs `jobs:write`.")
	@PostMapping("/{id}/cancel")
	JobView cancel(@Parameter(description = "Job id.") @PathVariable String id) {
		return this.jobs.cancel(id);
	}
}
