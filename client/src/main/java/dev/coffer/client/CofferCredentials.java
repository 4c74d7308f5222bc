package dev.coffer.client;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * How the client authenticates: an API key as HTTP Basic (key name and secret) or the key's
 * bearer token ({@code coffer_...}). Serializable so that a {@link CofferClientConfig} can travel
 * to Spark executors; {@link #toString()} shows the key name at most, never the secret or token.
 */
public final class CofferCredentials implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String keyName;

	private final String secret;

	private CofferCredentials(String keyName, String secret) {
		this.keyName = keyName;
		this.secret = secret;
	}

	/**
	 * HTTP Basic with an API key's name and secret.
	 * @throws IllegalArgumentException if either is empty or the name holds a ':'
	 */
	public static CofferCredentials apiKey(String keyName, String secret) {
		Objects.requireNonNull(keyName, "keyName cannot be null");
		Objects.requireNonNull(secret, "secret cannot be null");
		if (keyName.isEmpty() || keyName.indexOf(':') >= 0) {
			throw new IllegalArgumentException("keyName must be non-empty and cannot contain ':'");
		}
		if (secret.isEmpty()) {
			throw new IllegalArgumentException("secret cannot be empty");
		}
		return new CofferCredentials(keyName, secret);
	}

	/**
	 * {@code Authorization: Bearer <token>} with an API key's bearer token.
	 * @throws IllegalArgumentException if the token is empty or holds whitespace
	 */
	public static CofferCredentials bearerToken(String token) {
		Objects.requireNonNull(token, "token cannot be null");
		if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
			throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
		}
		return new CofferCredentials(null, token);
	}

	/** The key name of HTTP Basic credentials; {@code null} for a bearer token. */
	public String keyName() {
		return this.keyName;
	}

	/** The value of the {@code Authorization} header. Holds the secret: never log it. */
	String authorizationHeader() {
		if (this.keyName == null) {
			return "Bearer " + this.secret;
		}
		return "Basic " + Base64.getEncoder()
			.encodeToString((this.keyName + ":" + this.secret).getBytes(StandardCharsets.UTF_8));
	}

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		try {
			if (this.keyName == null) {
				bearerToken(this.secret);
			}
			else {
				apiKey(this.keyName, this.secret);
			}
		}
		catch (RuntimeException ex) {
			throw new InvalidObjectException("Invalid CofferCredentials");
		}
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof CofferCredentials that && Objects.equals(this.keyName, that.keyName)
				&& MessageDigest.isEqual(this.secret.getBytes(StandardCharsets.UTF_8),
						that.secret.getBytes(StandardCharsets.UTF_8));
	}

	/** From the key name only: a hash of the secret would leak a little of it. */
	@Override
	public int hashCode() {
		return Objects.hashCode(this.keyName);
	}

	@Override
	public String toString() {
		return this.keyName == null ? "CofferCredentials[bearer token, redacted]"
				: "CofferCredentials[key " + this.keyName + ", secret redacted]";
	}
}
