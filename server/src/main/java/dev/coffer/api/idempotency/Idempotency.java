package dev.coffer.api.idempotency;

import jakarta.servlet.http.HttpServletRequest;

/** What other features may ask of the {@code Idempotency-Key} handling for one request. */
public final class Idempotency {

	private static final String IN_PROGRESS_RETRYABLE = Idempotency.class.getName() + ".inProgressRetryable";

	private Idempotency() {
	}

	/**
	 * For clients that retry only on 429 and 5xx (Snowflake): when this request's key is still in
	 * progress it answers 429 {@code idempotency_request_in_progress_retry} with
	 * {@code Retry-After} instead of 409. Call from a filter that runs before the idempotency filter.
	 */
	public static void answerInProgressWith429(HttpServletRequest request) {
		request.setAttribute(IN_PROGRESS_RETRYABLE, Boolean.TRUE);
	}

	static boolean inProgressIsRetryable(HttpServletRequest request) {
		return request.getAttribute(IN_PROGRESS_RETRYABLE) != null;
	}
}
