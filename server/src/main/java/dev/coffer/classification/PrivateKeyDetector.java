package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PEM-encoded private key (RFC 7468): a {@code -----BEGIN ... PRIVATE KEY-----} line, base64
 * lines, and the matching {@code -----END ... PRIVATE KEY-----} line (RSA, EC, DSA, OpenSSH,
 * PKCS #8, encrypted PKCS #8, PGP private key blocks).
 */
final class PrivateKeyDetector implements Detector {

	static final Pattern PEM = Pattern.compile("-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
			+ "[\\sA-Za-z0-9+/=:,\\-]{16,}?-----END \\1-----");

	@Override
	public DetectedType type() {
		return DetectedType.PRIVATE_KEY;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length >= 60 && shape.first == '-' && shape.last == '-';
	}

	@Override
	public Match check(String value) {
		return PEM.matcher(value).matches() ? Match.STRONG : Match.NONE;
	}

	@Override
	public String validator() {
		return "structure:pem_armor";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("pem", "privkey", "privatekey", "private", "key", "sshkey", "rsa");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("key", "pem");
	}

	@Override
	public Set<String> nameBlockers() {
		return Set.of("public", "primary", "foreign", "sort", "partition", "cache", "idempotency", "api");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("key", "private", "ssh", "rsa", "pem");
	}

	@Override
	public double baseScore() {
		return 0.95;
	}

	@Override
	public double contextScore() {
		return 1.0;
	}
}
