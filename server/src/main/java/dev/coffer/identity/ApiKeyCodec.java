package dev.coffer.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * API key names, secrets and the bearer form that holds both.
 *
 * <p>Bearer layout: {@code coffer_} + base64url(name ":" secret, unpadded) + 6 base62 characters of
 * the CRC32 of everything before them. The fixed prefix lets secret scanners find a leaked key;
 * the checksum lets them (and this server) reject a random match without a store lookup.
 */
final class ApiKeyCodec {

	static final String BEARER_PREFIX = "coffer_";

	static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final int CHECKSUM_LENGTH = 6;

	private static final int MIN_SECRET_LENGTH = 16;

	private static final int MAX_SECRET_LENGTH = 256;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ApiKeyCodec() {
	}

	/** A fresh secret: 32 random bytes, base64url. */
	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** A fresh key name: {@code base} (sanitized) and 8 random base62 characters. */
	static String newName(String base) {
		String clean = base.replaceAll("[^A-Za-z0-9._-]", "-");
		clean = clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0)) ? "key" + clean : clean;
		StringBuilder name = new StringBuilder(clean.length() > 100 ? clean.substring(0, 100) : clean).append('-');
		for (int i = 0; i < 8; i++) {
			name.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
		}
		return name.toString();
	}

	static boolean validName(String name) {
		return name != null && NAME.matcher(name).matches();
	}

	/** Secrets chosen by an operator (bootstrap preset): printable ASCII, 16 to 256 characters. */
	static boolean validSecret(String secret) {
		return secret != null && secret.length() >= MIN_SECRET_LENGTH && secret.length() <= MAX_SECRET_LENGTH
				&& secret.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
	}

	static String bearer(String name, String secret) {
		String body = BEARER_PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((name + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return body + checksum(body);
	}

	static boolean looksLikeApiKey(String bearer) {
		return bearer.startsWith(BEARER_PREFIX);
	}

	/** The name and secret in a bearer token, or empty if it is not a well-formed Coffer key. */
	static Optional<Credentials> parseBearer(String bearer) {
		if (!looksLikeApiKey(bearer) || bearer.length() <= BEARER_PREFIX.length() + CHECKSUM_LENGTH) {
			return Optional.empty();
		}
		String body = bearer.substring(0, bearer.length() - CHECKSUM_LENGTH);
		String sum = bearer.substring(bearer.length() - CHECKSUM_LENGTH);
		if (!checksum(body).equals(sum)) {
			return Optional.empty();
		}
		try {
			return split(new String(Base64.getUrlDecoder().decode(body.substring(BEARER_PREFIX.length())),
					StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** The name and secret of an HTTP Basic header value (after {@code "Basic "}). */
	static Optional<Credentials> parseBasic(String encoded) {
		try {
			return split(new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** {@code name:secret}: the name ends at the first colon (names have none; secrets may). */
	private static Optional<Credentials> split(String decoded) {
		int colon = decoded.indexOf(':');
		return colon <= 0 ? Optional.empty()
				: Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
	}

	static String checksum(String body) {
		CRC32 crc = new CRC32();
		crc.update(body.getBytes(StandardCharsets.US_ASCII));
		long value = crc.getValue();
		char[] out = new char[CHECKSUM_LENGTH];
		for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
			out[i] = BASE62.charAt((int) (value % 62));
			value /= 62;
		}
		return new String(out);
	}

	/** A key name and its secret as presented by a client. Never printed. */
	static final class Credentials {

		private final String name;

		private final String secret;

		Credentials(String name, String secret) {
			this.name = name;
			this.secret = secret;
		}

		String name() {
			return this.name;
		}

		String secret() {
			return this.secret;
		}

		@Override
		public String toString() {
			return "Credentials[name=" + this.name + ", secret=redacted]";
		}
	}
}
