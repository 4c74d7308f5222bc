package dev.coffer.api.error;

import java.util.Map;

/** A rate limit refused the request; {@code Retry-After} says when to try again. */
public final class RateLimitedException extends ApiException {

	private final long retryAfterSeconds;

	public RateLimitedException(ErrorCode code, String message, long retryAfterSeconds) {
		super(code, message);
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	@Override
	public Map<String, Object> extensions() {
		return Map.of("retry_after", this.retryAfterSeconds);
	}
}
