package dev.coffer.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The server kept answering 429 through every attempt the client allows, or asked for a longer
 * wait ({@code Retry-After}) than the client's {@code maxRetryAfter}.
 */
public final class CofferRateLimitException extends CofferException {

	private static final long serialVersionUID = 1L;

	private final Duration retryAfter;

	CofferRateLimitException(String code, String message, String requestId, Duration retryAfter) {
		super(429, code, message, requestId, null);
		this.retryAfter = retryAfter;
	}

	/** The wait the server asked for in its last answer, if it named one. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}
}
