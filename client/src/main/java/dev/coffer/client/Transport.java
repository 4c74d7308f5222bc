package dev.coffer.client;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Sends one logical request (one batch) and retries it: connection failures and timeouts, 429,
 * 502, 503 and 504, after the answer's {@code Retry-After} if it has one, else with exponential
 * backoff and full jitter, up to {@code maxAttempts}; a 409 {@code idempotency_request_in_progress} (an earlier attempt still
 * runs on the server) is waited out for up to the request timeout without using an attempt. Every
 * attempt carries the same {@code Idempotency-Key} and byte-identical body, so an attempt whose
 * answer was lost is replayed by the server instead of run twice. Other 4xx are never retried.
 */
final class Transport {

	private static final System.Logger LOG = System.getLogger(CofferClient.class.getName());

	static final String USER_AGENT = "coffer-java-client/" + version();

	private final HttpClient http;

	private final String baseUrl;

	private final String authorization;

	private final CofferClientConfig config;

	private final Backoff backoff;

	private final Sleeper sleeper;

	Transport(CofferClientConfig config, Sleeper sleeper) {
		this.config = config;
		this.sleeper = sleeper;
		this.baseUrl = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
				: config.baseUrl();
		this.authorization = config.credentials().authorizationHeader();
		this.backoff = new Backoff(config.backoffBase(), config.backoffCap());
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(config.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * POSTs {@code json} to {@code path} under one new Idempotency-Key until it succeeds or fails
	 * for good; answers the 2xx body as a JSON object.
	 * @throws CofferException the final failure
	 */
	Map<String, Object> post(String path, String json) {
		String idempotencyKey = UUID.randomUUID().toString();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.config.requestTimeout())
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, application/problem+json")
			.header("User-Agent", USER_AGENT)
			.header("Authorization", this.authorization)
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofByteArray(json.getBytes(StandardCharsets.UTF_8)))
			.build();
		int maxAttempts = this.config.maxAttempts();
		Duration inProgressWaited = Duration.ZERO;
		int inProgressRounds = 0;
		int attempt = 0;
		while (true) {
			attempt++;
			HttpResponse<byte[]> response;
			try {
				response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException ex) {
				if (attempt >= maxAttempts) {
					throw new CofferConnectionException("No answer from Coffer at POST " + path + " after " + attempt
							+ (attempt == 1 ? " attempt: " : " attempts: ") + ex.getClass().getSimpleName(), ex);
				}
				retryAfterWait(path, attempt, "no answer (" + ex.getClass().getSimpleName() + ")", this.backoff.jittered(attempt));
				continue;
			}
			catch (InterruptedException ex) {
				throw interrupted(ex);
			}
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return body(response, path);
			}
			Problem problem = Problem.of(response);
			if (problem.inProgress()) {
				attempt--;
				inProgressRounds++;
				Duration wait = this.backoff.ceiling(inProgressRounds);
				inProgressWaited = inProgressWaited.plus(wait);
				if (inProgressWaited.compareTo(this.config.requestTimeout()) > 0) {
					throw problem.toException("POST " + path + ": the first attempt did not finish in time: ");
				}
				retryAfterWait(path, attempt, "an earlier attempt still in progress", wait);
				continue;
			}
			if (!problem.retryable()) {
				throw problem.toException("");
			}
			Duration retryAfter = problem.retryAfter();
			if (retryAfter != null && retryAfter.compareTo(this.config.maxRetryAfter()) > 0) {
				throw problem.toException("POST " + path + ": the server asked to wait " + retryAfter.getSeconds()
						+ " s, longer than maxRetryAfter: ");
			}
			if (attempt >= maxAttempts) {
				throw problem.toException("POST " + path + " failed after " + attempt
						+ (attempt == 1 ? " attempt: " : " attempts: "));
			}
			Duration wait = retryAfter != null ? retryAfter.plus(this.backoff.spread()) : this.backoff.jittered(attempt);
			retryAfterWait(path, attempt, "HTTP " + status + " " + problem.code() + " (request_id "
					+ problem.requestId() + ")", wait);
		}
	}

	private void retryAfterWait(String path, int attempt, String why, Duration wait) {
		if (LOG.isLoggable(Level.DEBUG)) {
			LOG.log(Level.DEBUG, "Coffer POST {0}: {1} after attempt {2} of {3}; retrying in {4} ms", path, why, attempt,
					this.config.maxAttempts(), wait.toMillis());
		}
		try {
			this.sleeper.sleep(wait);
		}
		catch (InterruptedException ex) {
			throw interrupted(ex);
		}
	}

	private static Map<String, Object> body(HttpResponse<byte[]> response, String path) {
		try {
			if (JsonReader.parse(new String(response.body(), StandardCharsets.UTF_8)) instanceof Map<?, ?> map) {
				@SuppressWarnings("unchecked")
				Map<String, Object> object = (Map<String, Object>) map;
				return object;
			}
		}
		catch (JsonReader.MalformedJsonException ex) {
			// reported below, without the body
		}
		throw new CofferServerException(response.statusCode(), null,
				"Coffer answered POST " + path + " with a body the client cannot read",
				response.headers().firstValue("X-Request-Id").orElse(null));
	}

	private static CofferException interrupted(InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new CofferException(0, null, "Interrupted while calling Coffer", null, ex);
	}

	private static String version() {
		try (InputStream in = Transport.class.getResourceAsStream("version.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// fall through
		}
		return "unknown";
	}
}
