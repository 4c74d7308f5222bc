package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A street address in the US/UK/Canadian style: a house number, up to four words of street name,
 * a street suffix ({@code Street}, {@code Ave}, {@code Rd}, ... as in USPS Publication 28 appendix
 * C1), an optional direction and unit ({@code Apt 4B}); in a column also the rest of the address
 * after a comma (city, state, ZIP).
 */
final class StreetAddressDetector implements Detector {

	private static final String SUFFIX = "(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl"
			+ "|Square|Sq|Terrace|Ter|Terr|Way|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Alley|Aly|Crescent|Cres"
			+ "|Close|Gardens|Gdns|Row|Plaza|Plz|Mews|Walk|Grove|Gr|Hill|Heights|Hts|Park|Pike|Loop|Run|Crossing|Xing"
			+ "|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Point|Pt|Ridge|Rdg|Path|Green|Quay|Wharf|Broadway)";

	private static final String DIRECTION = "(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?";

	private static final String UNIT = "(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|#)\\.? ?#?[A-Za-z0-9-]{1,6})";

	private static final Pattern ADDRESS = Pattern.compile("\\d{1,6}[A-Za-z]?(?:-\\d{1,4})? (?:" + DIRECTION + " )?"
			+ "(?:(?:\\d{1,3}(?:st|nd|rd|th)|[A-Z][A-Za-z'.-]*) ){0,4}?" + SUFFIX + "\\.?(?: " + DIRECTION + ")?" + UNIT
			+ "?(?:, [A-Za-z][A-Za-z .'-]{1,40}(?:, [A-Z]{2})?(?: \\d{5}(?:-\\d{4})?| [A-Z]\\d[A-Z] ?\\d[A-Z]\\d)?)?");

	@Override
	public DetectedType type() {
		return DetectedType.STREET_ADDRESS;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.first >= '0' && shape.first <= '9' && shape.spaces >= 1 && shape.letters() >= 2 && shape.length <= 120;
	}

	@Override
	public Match check(String value) {
		return ADDRESS.matcher(value).matches() ? Match.STRONG : Match.NONE;
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("address", "addr", "street", "streetaddress", "address1", "address2", "addressline", "residence");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("line", "l", "1", "2", "street", "full");
	}

	@Override
	public Set<String> nameBlockers() {
		return Set.of("email", "mail", "e", "ip", "ipv4", "ipv6", "mac", "hw", "hardware", "web", "url", "wallet",
				"server", "remote", "local", "host", "network", "bitcoin", "btc", "eth", "crypto", "contract", "memory",
				"return", "reply", "sender", "bind", "listen", "proxy", "gateway", "broadcast", "multicast", "node");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("address", "live", "lives", "living", "located", "reside", "resides", "residence", "street", "ship",
				"shipping", "deliver", "delivery", "mailing", "home", "billing", "visit", "moved", "at");
	}

	@Override
	public double baseScore() {
		return 0.6;
	}

	@Override
	public double contextScore() {
		return 0.85;
	}

	@Override
	public int maxTokens() {
		return 9;
	}
}
