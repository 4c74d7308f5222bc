package dev.coffer.classification;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON Web Token in compact serialization (RFC 7519 §3, RFC 7515 §7.1): three base64url parts
 * whose first decodes to a JSON object with an {@code alg} member.
 */
final class JwtDetector implements Detector {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public DetectedType type() {
		return DetectedType.JWT;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.dots == 2 && shape.spaces == 0 && shape.first == 'e' && shape.length >= 24;
	}

	@Override
	public Match check(String value) {
		int first = value.indexOf('.');
		int second = value.indexOf('.', first + 1);
		if (first < 10 || second < 0 || second == first + 1 || !value.startsWith("eyJ")) {
			return Match.NONE;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.';
			if (!ok) {
				return Match.NONE;
			}
		}
		try {
			byte[] header = Base64.getUrlDecoder().decode(value.substring(0, first));
			JsonNode node = JSON.readTree(new String(header, StandardCharsets.UTF_8));
			return node != null && node.isObject() && node.has("alg") ? Match.STRONG : Match.NONE;
		}
		catch (RuntimeException ex) {
			return Match.NONE;
		}
	}

	@Override
	public String validator() {
		return "decodes:jose_header";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("jwt", "token", "tokens", "idtoken", "bearer", "accesstoken", "jws");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("token", "jwt");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("jwt", "token", "bearer", "authorization", "auth", "session");
	}

	@Override
	public double baseScore() {
		return 0.9;
	}

	@Override
	public double contextScore() {
		return 1.0;
	}
}
