package dev.coffer.client;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * What an error answer says: the RFC 9457 problem's {@code code}, {@code message} and
 * {@code request_id} (falling back to the {@code X-Request-Id} header), and {@code Retry-After}.
 * A body that is not a problem (a proxy's HTML page) is never quoted.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>
 */
record Problem(int status, String code, String message, String requestId, Duration retryAfter) {

	static final String IN_PROGRESS = "idempotency_request_in_progress";

	private static final int MAX_MESSAGE = 1000;

	static Problem of(HttpResponse<byte[]> response) {
		int status = response.statusCode();
		String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
		String code = null;
		String message = null;
		try {
			if (JsonReader.parse(new String(response.body(), StandardCharsets.UTF_8)) instanceof Map<?, ?> body) {
				code = body.get("code") instanceof String text ? text : null;
				message = body.get("message") instanceof String text ? text : null;
				requestId = body.get("request_id") instanceof String text ? text : requestId;
			}
		}
		catch (JsonReader.MalformedJsonException notJson) {
			// not a problem document: say only the status
		}
		if (message == null) {
			message = "HTTP " + status + " without a problem body";
		}
		else if (message.length() > MAX_MESSAGE) {
			message = message.substring(0, MAX_MESSAGE) + "...";
		}
		return new Problem(status, code, message, requestId, retryAfter(response).orElse(null));
	}

	/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); empty when absent or unreadable. */
	static Optional<Duration> retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").flatMap(value -> parseRetryAfter(value, ZonedDateTime.now()));
	}

	static Optional<Duration> parseRetryAfter(String header, ZonedDateTime now) {
		String value = header.trim();
		if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return Optional.of(value.length() > 9 ? Duration.ofSeconds(999_999_999L) : Duration.ofSeconds(Long.parseLong(value)));
		}
		try {
			Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
			return Optional.of(until.isNegative() ? Duration.ZERO : until);
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	boolean retryable() {
		return this.status == 429 || this.status == 502 || this.status == 503 || this.status == 504;
	}

	boolean inProgress() {
		return this.status == 409 && IN_PROGRESS.equals(this.code);
	}

	/** The exception for this answer, when it is final (not retried, or retried in vain). */
	CofferException toException(String prefix) {
		String text = prefix + this.message;
		if (this.status == 401 || this.status == 403) {
			return new CofferAuthException(this.status, this.code, text, this.requestId);
		}
		if (this.status == 429) {
			return new CofferRateLimitException(this.code, text, this.requestId, this.retryAfter);
		}
		if (this.status >= 400 && this.status < 500 && !inProgress()) {
			return new CofferBadRequestException(this.status, this.code, text, this.requestId);
		}
		return new CofferServerException(this.status, this.code, text, this.requestId);
	}

	@Override
	public String toString() {
		return "Problem[status=" + this.status + ", code=" + this.code + ", request_id=" + this.requestId + "]";
	}
}
