package dev.coffer.client;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link CofferClient} is made of, as one immutable, {@link Serializable} value: a
 * Spark or Flink driver builds it ({@link CofferClient.Builder#buildConfig()}), ships it inside
 * its functions, and each executor turns it into one client per JVM with
 * {@link CofferClients#shared(CofferClientConfig)}. Equal configs share a client.
 * {@link #toString()} never shows the secret or the bearer token.
 */
public final class CofferClientConfig implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Items per request the server accepts ({@code payload_too_large} above). */
	public static final int SERVER_MAX_BATCH_SIZE = 10_000;

	private final String baseUrl;

	private final CofferCredentials credentials;

	private final Duration connectTimeout;

	private final Duration requestTimeout;

	private final int maxBatchSize;

	private final int maxAttempts;

	private final Duration backoffBase;

	private final Duration backoffCap;

	private final Duration maxRetryAfter;

	private final int concurrency;

	CofferClientConfig(String baseUrl, CofferCredentials credentials, Duration connectTimeout, Duration requestTimeout,
			int maxBatchSize, int maxAttempts, Duration backoffBase, Duration backoffCap, Duration maxRetryAfter,
			int concurrency) {
		this.baseUrl = baseUrl;
		this.credentials = credentials;
		this.connectTimeout = connectTimeout;
		this.requestTimeout = requestTimeout;
		this.maxBatchSize = maxBatchSize;
		this.maxAttempts = maxAttempts;
		this.backoffBase = backoffBase;
		this.backoffCap = backoffCap;
		this.maxRetryAfter = maxRetryAfter;
		this.concurrency = concurrency;
		validate();
	}

	private void validate() {
		Objects.requireNonNull(this.baseUrl, "baseUrl cannot be null");
		Objects.requireNonNull(this.credentials, "credentials cannot be null");
		checkBaseUrl(this.baseUrl);
		positive("connectTimeout", this.connectTimeout);
		positive("requestTimeout", this.requestTimeout);
		positive("backoffBase", this.backoffBase);
		positive("backoffCap", this.backoffCap);
		Objects.requireNonNull(this.maxRetryAfter, "maxRetryAfter cannot be null");
		if (this.maxRetryAfter.isNegative()) {
			throw new IllegalArgumentException("maxRetryAfter cannot be negative");
		}
		if (this.backoffCap.compareTo(this.backoffBase) < 0) {
			throw new IllegalArgumentException("backoffCap cannot be shorter than backoffBase");
		}
		range("maxBatchSize", this.maxBatchSize, 1, SERVER_MAX_BATCH_SIZE);
		range("maxAttempts", this.maxAttempts, 1, 100);
		range("concurrency", this.concurrency, 1, 64);
	}

	static void checkBaseUrl(String baseUrl) {
		URI uri;
		try {
			uri = new URI(baseUrl);
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalArgumentException("baseUrl is not a valid URI");
		}
		if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
			throw new IllegalArgumentException("baseUrl must be an http or https URL");
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("baseUrl must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException("baseUrl cannot carry credentials; give them to the builder");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalArgumentException("baseUrl cannot have a query or a fragment");
		}
	}

	private static void positive(String name, Duration value) {
		Objects.requireNonNull(value, name + " cannot be null");
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

	private static void range(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
		}
	}

	/** The server's base URL, e.g. {@code https://coffer.internal:8443}; {@code /api/v1/...} is appended. */
	public String baseUrl() {
		return this.baseUrl;
	}

	public CofferCredentials credentials() {
		return this.credentials;
	}

	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/** How long one HTTP request may take, from sending to the whole answer. */
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	/** Items per request; a longer list is split into batches of this size. */
	public int maxBatchSize() {
		return this.maxBatchSize;
	}

	/** Attempts per batch, the first included. */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	public Duration backoffBase() {
		return this.backoffBase;
	}

	public Duration backoffCap() {
		return this.backoffCap;
	}

	/** The longest {@code Retry-After} the client waits for; a longer one fails the call at once. */
	public Duration maxRetryAfter() {
		return this.maxRetryAfter;
	}

	/** Batches of one call sent at the same time. */
	public int concurrency() {
		return this.concurrency;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof CofferClientConfig that && this.baseUrl.equals(that.baseUrl)
				&& this.credentials.equals(that.credentials) && this.connectTimeout.equals(that.connectTimeout)
				&& this.requestTimeout.equals(that.requestTimeout) && this.maxBatchSize == that.maxBatchSize
				&& this.maxAttempts == that.maxAttempts && this.backoffBase.equals(that.backoffBase)
				&& this.backoffCap.equals(that.backoffCap) && this.maxRetryAfter.equals(that.maxRetryAfter)
				&& this.concurrency == that.concurrency;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.baseUrl, this.credentials, this.connectTimeout, this.requestTimeout, this.maxBatchSize,
				this.maxAttempts, this.backoffBase, this.backoffCap, this.maxRetryAfter, this.concurrency);
	}

	@Override
	public String toString() {
		return "CofferClientConfig[baseUrl=" + this.baseUrl + ", credentials=" + this.credentials + ", connectTimeout="
				+ this.connectTimeout + ", requestTimeout=" + this.requestTimeout + ", maxBatchSize=" + this.maxBatchSize
				+ ", maxAttempts=" + this.maxAttempts + ", backoffBase=" + this.backoffBase + ", backoffCap="
				+ this.backoffCap + ", maxRetryAfter=" + this.maxRetryAfter + ", concurrency=" + this.concurrency + "]";
	}

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		try {
			validate();
		}
		catch (RuntimeException ex) {
			throw new InvalidObjectException("Invalid CofferClientConfig: " + ex.getMessage());
		}
	}
}
