package dev.coffer.classification;

import java.util.List;
import java.util.Set;

/**
 * A secret API key or token. A value with the published prefix of a well-known issuer (Stripe
 * {@code sk_live_}, GitHub {@code ghp_}, Slack {@code xoxb-}, Google {@code AIza}, ...) and a
 * random tail is a strong match. Any other string of 20 to 128 characters of the base64/base64url
 * alphabet mixing letters and digits with high Shannon entropy is weak: random ids look the same,
 * so it needs a column name or a context word ({@code key}, {@code secret}, {@code token}). Hex
 * strings (hashes) and UUIDs are never keys.
 */
final class ApiKeyDetector implements Detector {

	/** Prefixes issuers put on secret keys, with the minimum total length. */
	private static final List<String> PREFIXES = List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_", "ghp_", "gho_",
			"ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "AIza", "SG.",
			"sk-", "hf_", "npm_", "shpat_", "shpss_", "dop_v1_", "sq0csp-", "pypi-");

	static final double MIN_ENTROPY = 3.5;

	@Override
	public DetectedType type() {
		return DetectedType.API_KEY;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length >= 20 && shape.length <= 200 && shape.spaces == 0 && shape.digits >= 1
				&& shape.letters() >= 4 && shape.otherLetters == 0 && shape.colons == 0 && shape.at == 0
				&& shape.slashes <= 8 && shape.commas == 0;
	}

	@Override
	public Match check(String value) {
		for (String prefix : PREFIXES) {
			if (value.startsWith(prefix) && value.length() >= prefix.length() + 16) {
				String tail = value.substring(prefix.length());
				return alphabet(tail, true) && Checksums.entropy(tail) >= 3.0 ? Match.STRONG : Match.NONE;
			}
		}
		if (value.length() > 128 || !alphabet(value, false) || hex(value) || uuid(value)) {
			return Match.NONE;
		}
		int classes = 0;
		classes += has(value, 'a', 'z') ? 1 : 0;
		classes += has(value, 'A', 'Z') ? 1 : 0;
		classes += has(value, '0', '9') ? 1 : 0;
		if (classes < 2 || Checksums.entropy(value) < MIN_ENTROPY) {
			return Match.NONE;
		}
		return Match.WEAK;
	}

	/** Base64 and base64url characters, {@code =} only as padding; prefixed tails may also hold dots. */
	private static boolean alphabet(String value, boolean dots) {
		int padding = value.length();
		while (padding > 0 && value.charAt(padding - 1) == '=') {
			padding--;
		}
		if (value.length() - padding > 2) {
			return false;
		}
		for (int i = 0; i < padding; i++) {
			char c = value.charAt(i);
			boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '-' || c == '+' || c == '/' || (dots && c == '.');
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	private static boolean hex(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (Character.digit(value.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

	static boolean uuid(String value) {
		if (value.length() != 36) {
			return false;
		}
		for (int i = 0; i < 36; i++) {
			char c = value.charAt(i);
			boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
			if (dash ? c != '-' : Character.digit(c, 16) < 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean has(String value, char from, char to) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= from && c <= to) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String validator() {
		return "entropy:shannon";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("key", "apikey", "secret", "secrets", "token", "apitoken", "secretkey", "password", "passwd", "pwd",
				"credential", "credentials", "clientsecret", "accesstoken", "authtoken", "apisecret");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("key", "secret", "token", "enc", "encrypted");
	}

	@Override
	public Set<String> nameBlockers() {
		return Set.of("public", "primary", "foreign", "sort", "partition", "cache", "idempotency", "row", "natural",
				"surrogate", "lookup", "dedup", "dedupe", "object", "s3", "storage", "bucket", "unique", "composite",
				"search", "hash", "map", "index", "csrf", "publishable", "reset");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("key", "api", "apikey", "secret", "token", "password", "passwd", "pwd", "credential", "credentials",
				"auth", "authorization", "bearer", "access");
	}

	@Override
	public double baseScore() {
		return 0.85;
	}

	@Override
	public double contextScore() {
		return 0.8;
	}
}
