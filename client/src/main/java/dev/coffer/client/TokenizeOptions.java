package dev.coffer.client;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to tokenize: deterministic tokens (the same value and format give the same token on every
 * call), a time to live, and a JSON object stored with each token. Immutable; the server refuses
 * a TTL together with deterministic, and both TTL and metadata for the vaultless formats.
 * {@link #toString()} never shows the metadata.
 */
public final class TokenizeOptions implements Serializable {

	private static final long serialVersionUID = 1L;

	private static final TokenizeOptions DEFAULTS = new TokenizeOptions(null, null, null);

	private final Boolean deterministic;

	private final Duration ttl;

	private final Map<String, Object> metadata;

	private TokenizeOptions(Boolean deterministic, Duration ttl, Map<String, Object> metadata) {
		this.deterministic = deterministic;
		this.ttl = ttl;
		this.metadata = metadata;
	}

	/** The server's defaults: random tokens, no expiry, no metadata. */
	public static TokenizeOptions defaults() {
		return DEFAULTS;
	}

	/** A copy that asks for deterministic ({@code true}) or random ({@code false}) tokens. */
	public TokenizeOptions deterministic(boolean deterministic) {
		return new TokenizeOptions(deterministic, this.ttl, this.metadata);
	}

	/**
	 * A copy whose tokens expire after {@code ttl}, sent as whole seconds.
	 * @throws IllegalArgumentException if shorter than one second
	 */
	public TokenizeOptions ttl(Duration ttl) {
		Objects.requireNonNull(ttl, "ttl cannot be null");
		if (ttl.getSeconds() < 1) {
			throw new IllegalArgumentException("ttl must be at least one second");
		}
		return new TokenizeOptions(this.deterministic, ttl, this.metadata);
	}

	/**
	 * A copy with a JSON object stored with each token: values are strings, numbers, booleans,
	 * {@code null}, lists and maps of those. Copied; the server limits it to 4,096 characters of JSON.
	 */
	public TokenizeOptions metadata(Map<String, ?> metadata) {
		Objects.requireNonNull(metadata, "metadata cannot be null");
		new JsonWriter(64).value(metadata); // fails early on a value JSON cannot hold
		return new TokenizeOptions(this.deterministic, this.ttl,
				Collections.unmodifiableMap(new LinkedHashMap<>(metadata)));
	}

	/** {@code null} when the server's default (random) applies. */
	public Boolean deterministic() {
		return this.deterministic;
	}

	public Duration ttl() {
		return this.ttl;
	}

	public Map<String, Object> metadata() {
		return this.metadata;
	}

	/** The request members other than format and values, e.g. {@code ,"deterministic":true}. */
	void writeTo(JsonWriter json) {
		if (this.deterministic != null) {
			json.raw(",\"deterministic\":").value(this.deterministic);
		}
		if (this.ttl != null) {
			json.raw(",\"ttl_seconds\":").value(this.ttl.getSeconds());
		}
		if (this.metadata != null) {
			json.raw(",\"metadata\":").value(this.metadata);
		}
	}

	@Override
	public String toString() {
		return "TokenizeOptions[deterministic=" + this.deterministic + ", ttl=" + this.ttl + ", metadata="
				+ (this.metadata == null ? "none" : "redacted") + "]";
	}
}
