package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/** An email address: a dot-atom local part (RFC 5322 §3.4.1), {@code @}, a domain name with a letter TLD. */
final class EmailDetector implements Detector {

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}){0,8}"
			+ "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}");

	@Override
	public DetectedType type() {
		return DetectedType.EMAIL;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.at == 1 && shape.spaces == 0 && shape.dots >= 1 && shape.length >= 6 && shape.length <= 254;
	}

	@Override
	public Match check(String value) {
		int at = value.indexOf('@');
		return at > 0 && at <= 64 && EMAIL.matcher(value).matches() ? Match.STRONG : Match.NONE;
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("email", "mail", "emails", "emailaddress", "mailaddress");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("address", "addr", "adr", "id", "to", "from", "cc");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("email", "mail", "e", "emailed", "contact", "reply", "write", "address");
	}

	@Override
	public double baseScore() {
		return 0.9;
	}
}
