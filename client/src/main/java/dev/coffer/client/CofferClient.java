package dev.coffer.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Coffer API client: {@code tokenize} and {@code detokenize} any number of items, split into
 * batches of {@code maxBatchSize}, each sent with its own {@code Idempotency-Key} and retried on
 * connection failures, 429 (after {@code Retry-After}), 502, 503 and 504 with capped exponential
 * backoff and full jitter. Results keep the caller's order; items that fail are {@code null} with
 * an {@link ItemError} at their index in the whole list, while a failure of the whole call is a
 * {@link CofferException}. Thread-safe: share one client (in Spark or Flink, one per JVM through
 * {@link CofferClients#shared(CofferClientConfig)}).
 *
 * <pre>{@code
 * CofferClient coffer = CofferClient.builder()
 *     .baseUrl("https://coffer.internal:8443")
 *     .apiKey("etl-pipeline", System.getenv("COFFER_KEY_SECRET"))
 *     .build();
 * TokenizeResult result = coffer.tokenize("card", List.of("4111 1111 1111 1111"));
 * }</pre>
 */
public final class CofferClient implements AutoCloseable {

	private final CofferClientConfig config;

	private final ExecutorService executor;

	private final BatchCall calls;

	private final boolean shared;

	CofferClient(CofferClientConfig config, Sleeper sleeper, boolean shared) {
		this.config = Objects.requireNonNull(config, "config cannot be null");
		this.shared = shared;
		this.executor = config.concurrency() > 1 ? batchExecutor(config.concurrency()) : null;
		this.calls = new BatchCall(new Transport(config, sleeper), config.maxBatchSize(), this.executor);
	}

	/** A client for {@code config}. Prefer {@link CofferClients#shared(CofferClientConfig)} in Spark and Flink. */
	public static CofferClient create(CofferClientConfig config) {
		return new CofferClient(config, Sleeper.THREAD, false);
	}

	public static Builder builder() {
		return new Builder();
	}

	public CofferClientConfig config() {
		return this.config;
	}

	/**
	 * Tokenizes {@code values} in {@code format} ({@code uuid}, {@code alphanumeric}, {@code digits},
	 * {@code card}, {@code ssn}, {@code email}, {@code phone}, {@code digits-fpe}, {@code card-fpe})
	 * with random tokens. A {@code null} or ill-shaped value fails alone ({@code invalid_value}).
	 * @throws CofferException if the call as a whole fails
	 */
	public TokenizeResult tokenize(String format, List<String> values) {
		return tokenize(format, values, TokenizeOptions.defaults());
	}

	/**
	 * Tokenizes {@code values} in {@code format} with {@code options} (deterministic, TTL, metadata).
	 * @throws CofferException if the call as a whole fails
	 */
	public TokenizeResult tokenize(String format, List<String> values, TokenizeOptions options) {
		Objects.requireNonNull(format, "format cannot be null");
		Objects.requireNonNull(values, "values cannot be null");
		Objects.requireNonNull(options, "options cannot be null");
		String head = new JsonWriter(32).raw("{\"format\":").string(format).toString();
		BatchCall.Outcome outcome = this.calls.run("/api/v1/tokenize", new ArrayList<>(values), batch -> {
			JsonWriter json = new JsonWriter(64 + batch.size() * 24).raw(head);
			options.writeTo(json);
			return json.raw(",\"values\":").value(batch).raw("}").toString();
		}, "tokens");
		return new TokenizeResult(outcome.outputs(), outcome.errors());
	}

	/**
	 * Reveals the values of {@code tokens}. A token that is unknown, expired or undecryptable fails
	 * alone ({@code token_not_found}, {@code token_expired}, ...).
	 * @throws CofferException if the call as a whole fails
	 */
	public DetokenizeResult detokenize(List<String> tokens) {
		return detokenize(tokens, DetokenizeOptions.defaults());
	}

	/**
	 * Reveals the values of {@code tokens}, checking their format and sending a reason if
	 * {@code options} name them.
	 * @throws CofferException if the call as a whole fails
	 */
	public DetokenizeResult detokenize(List<String> tokens, DetokenizeOptions options) {
		Objects.requireNonNull(tokens, "tokens cannot be null");
		Objects.requireNonNull(options, "options cannot be null");
		JsonWriter head = new JsonWriter(64).raw("{");
		if (options.format() != null) {
			head.raw("\"format\":").string(options.format()).raw(",");
		}
		if (options.reason() != null) {
			head.raw("\"reason\":").string(options.reason()).raw(",");
		}
		String start = head.raw("\"tokens\":").toString();
		BatchCall.Outcome outcome = this.calls.run("/api/v1/detokenize", new ArrayList<>(tokens),
				batch -> new JsonWriter(64 + batch.size() * 40).raw(start).value(batch).raw("}").toString(), "values");
		return new DetokenizeResult(outcome.outputs(), outcome.errors());
	}

	/**
	 * Stops the threads of a client with {@code concurrency > 1}; calls in progress finish, later
	 * calls that need the threads fail. Does nothing to a client of
	 * {@link CofferClients#shared(CofferClientConfig)}: it lives as long as its JVM.
	 */
	@Override
	public void close() {
		if (this.executor != null && !this.shared) {
			this.executor.shutdown();
		}
	}

	@Override
	public String toString() {
		return "CofferClient[" + this.config + "]";
	}

	private static ExecutorService batchExecutor(int threads) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), task -> {
					Thread thread = new Thread(task, "coffer-client-batch-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Builds a {@link CofferClient}, or its serializable {@link CofferClientConfig}. Needs a base URL
	 * and credentials; everything else has a default.
	 */
	public static final class Builder {

		private String baseUrl;

		private CofferCredentials credentials;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration requestTimeout = Duration.ofSeconds(60);

		private int maxBatchSize = 1_000;

		private int maxAttempts = 5;

		private Duration backoffBase = Duration.ofMillis(100);

		private Duration backoffCap = Duration.ofSeconds(5);

		private Duration maxRetryAfter = Duration.ofSeconds(60);

		private int concurrency = 1;

		private Sleeper sleeper = Sleeper.THREAD;

		private Builder() {
		}

		/** The server's URL, e.g. {@code https://coffer.internal:8443} (required). */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl cannot be null");
			return this;
		}

		/** HTTP Basic with an API key's name and secret. */
		public Builder apiKey(String keyName, String secret) {
			return credentials(CofferCredentials.apiKey(keyName, secret));
		}

		/** {@code Authorization: Bearer} with an API key's bearer token ({@code coffer_...}). */
		public Builder bearerToken(String token) {
			return credentials(CofferCredentials.bearerToken(token));
		}

		public Builder credentials(CofferCredentials credentials) {
			this.credentials = Objects.requireNonNull(credentials, "credentials cannot be null");
			return this;
		}

		/** Time to open a connection (default 10 s). */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/** Time for one HTTP request to be answered (default 60 s); a timed-out request is retried. */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		/** Items per request, 1 to 10,000 (default 1,000); longer lists are split. */
		public Builder maxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
			return this;
		}

		/** Attempts per batch, the first included, 1 to 100 (default 5); 1 turns retries off. */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		/** Backoff before the first retry, doubled for each next one up to the cap, with full jitter (defaults 100 ms, 5 s). */
		public Builder backoff(Duration base, Duration cap) {
			this.backoffBase = base;
			this.backoffCap = cap;
			return this;
		}

		/** The longest {@code Retry-After} to wait for before giving up (default 60 s). */
		public Builder maxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
			return this;
		}

		/** Batches of one call in flight at once, 1 to 64 (default 1: one after the other). */
		public Builder concurrency(int concurrency) {
			this.concurrency = concurrency;
			return this;
		}

		/** Tests only: how the client waits between attempts. */
		Builder sleeper(Sleeper sleeper) {
			this.sleeper = Objects.requireNonNull(sleeper, "sleeper cannot be null");
			return this;
		}

		/**
		 * The serializable configuration, to ship to Spark or Flink workers.
		 * @throws IllegalArgumentException if a setting is out of range; {@link NullPointerException} if base URL or credentials are missing
		 */
		public CofferClientConfig buildConfig() {
			return new CofferClientConfig(this.baseUrl, this.credentials, this.connectTimeout, this.requestTimeout,
					this.maxBatchSize, this.maxAttempts, this.backoffBase, this.backoffCap, this.maxRetryAfter,
					this.concurrency);
		}

		/** @throws IllegalArgumentException if a setting is out of range; {@link NullPointerException} if base URL or credentials are missing */
		public CofferClient build() {
			return new CofferClient(buildConfig(), this.sleeper, false);
		}

		@Override
		public String toString() {
			return "CofferClient.Builder[baseUrl=" + this.baseUrl + ", credentials=" + this.credentials + "]";
		}
	}
}
