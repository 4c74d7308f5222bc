package dev.coffer.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * A job's {@code error}: a problem object ({@code type, title, status, code, message, doc_url}) as
 * the API renders problems. Only an {@link ApiException} shows its own code and message (they are
 * written for callers); any other failure is {@code job_failed} with a fixed message, since an
 * exception's message may hold data.
 */
final class JobErrors {

	private JobErrors() {
	}

	/** JSON text of the problem for a handler's failure. */
	static String of(Throwable failure, JobJson json) {
		if (failure instanceof ApiException api) {
			Map<String, Object> problem = problem(api.code(), api.getMessage());
			api.extensions().forEach(problem::putIfAbsent);
			return json.write(problem);
		}
		return json.write(problem(ErrorCode.JOB_FAILED,
				"The job failed; operators find the cause in the server log under the job's id"));
	}

	/** JSON text of the problem for a job whose runs were cut short too often (node crashes). */
	static String interrupted(JobJson json) {
		return json.write(problem(ErrorCode.JOB_FAILED,
				"The job was interrupted more often than the setting jobs.max_attempts allows"));
	}

	private static Map<String, Object> problem(ErrorCode code, String message) {
		String docUrl = "/api/errors/" + code.code();
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", docUrl);
		problem.put("title", code.title());
		problem.put("status", code.status().value());
		problem.put("code", code.code());
		problem.put("message", message);
		problem.put("doc_url", docUrl);
		return problem;
	}
}
