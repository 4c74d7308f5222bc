package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEM-encoded private key (RFC 7468): a {@code -----BEGIN ... PRIVATE KEY-----} line, base64
 * lines, and the matching {@code -----END ... PRIVATE KEY-----} line (RSA, EC, DSA, OpenSSH,
 * PKCS #8, encrypted PKCS #8, PGP private key blocks).
 */
final class PrivateKeyDetector implements Detector {

	static final Pattern PEM = Pattern.compile("-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
			+ "[\\sA-Za-z0-9+/=:,\\-]{16,}?-----END \\1-----");

	/** The armor line of {@link #PEM}; its label can be read only one way. */
	private static final Pattern BEGIN = Pattern.compile("-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----");

	/** The characters of {@link #PEM}'s body: {@code \\s}, base64, {@code = : , -}. */
	private static final boolean[] BODY = new boolean[128];

	static {
		for (char c : " \t\n\u000b\f\r+/=:,-".toCharArray()) {
			BODY[c] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			BODY[c] = true;
		}
		for (char c = 'A'; c <= 'Z'; c++) {
			BODY[c] = true;
			BODY[c + 'a' - 'A'] = true;
		}
	}

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

	/**
	 * Where a PEM block starting at {@code begin} ends, as {@code PEM.matcher(text).region(begin,
	 * limit).lookingAt()} finds it, or -1; without running the regex over the body, whose lazy
	 * quantifier tries the end line at every character. The regex stops at the first end line with
	 * the same label at least 16 characters into the body, provided every character before it is a
	 * body character; a wrong label or a stray end line is body too ({@code -}, letters and spaces are).
	 */
	static int blockEnd(String text, int begin, int limit) {
		Matcher header = BEGIN.matcher(text);
		header.region(begin, limit);
		if (!header.lookingAt()) {
			return -1;
		}
		int body = header.end();
		String end = "-----END " + header.group(1) + "-----";
		int at = text.indexOf(end, body + 16);
		if (at < 0 || at + end.length() > limit) {
			return -1;
		}
		for (int i = body; i < at; i++) {
			char c = text.charAt(i);
			if (c >= 128 || !BODY[c]) {
				return -1;
			}
		}
		return at + end.length();
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
