package dev.coffer.tokenization;

import java.util.LinkedHashMap;
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
import dev.coffer.jobs.JobView;
import dev.coffer.jobs.Jobs;

/** {@code POST /api/v1/tokens/purge-expired}: starts the {@code tokens.purge_expired} job by hand. */
@Tag(name = "Tokens")
@RestController
class TokenPurgeController {

	private final Jobs jobs;

	TokenPurgeController(Jobs jobs) {
		this.jobs = jobs;
	}

	@Operation(summary = "Purge expired tokens",
			description = "Starts a `tokens.purge_expired` job that deletes the tokens whose `expires_at` passed more than "
					+ "`grace_hours` ago (default: setting `tokens.expired_grace_hours`, 24), in batches. Until then "
					+ "detokenize answers `token_expired` for them, afterwards `token_not_found`. Every node also starts "
					+ "this job by itself every hour when tokens are due and no such job is queued or running. Answers 202 "
					+ "with `Location: /api/v1/jobs/{id}` and the job; its result holds `deleted`, `grace_hours` and "
					+ "`cutoff`. Each batch is audited as `tokens.expired_purged` with its count. Needs `tokens:delete`.",
			responses = @ApiResponse(responseCode = "202", description = "The job was queued."))
	@PostMapping("/api/v1/tokens/purge-expired")
	ResponseEntity<JobView> purge(@Valid @RequestBody(required = false) PurgeExpired request) {
		Caller caller = Authz.require(Permission.TOKENS_DELETE);
		Map<String, Object> params = new LinkedHashMap<>();
		if (request != null && request.graceHours() != null) {
			params.put("grace_hours", request.graceHours());
		}
		return Jobs.accepted(this.jobs.submit(TokenPurgeJob.TYPE, params, request == null ? null : request.notifyUrl(), caller));
	}

	/** Options of a purge. */
	record PurgeExpired(
			@Schema(description = "Purge tokens that expired more than this many hours ago; 0 purges every expired token. "
					+ "Default: setting `tokens.expired_grace_hours`.", example = "24") @PositiveOrZero @Max(87_600) Integer graceHours,
			@Schema(description = "URL that receives the job, signed, when it ends. Private, loopback and metadata addresses "
					+ "are refused (`webhook_target_forbidden`).", example = "https://ops.example.com/hooks/coffer")
			@Size(max = 2048) String notifyUrl) {
	}
}
