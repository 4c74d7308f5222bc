package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/** A web address: {@code http(s)://} or {@code ftp://} with a host name or IPv4 address, or {@code www.} and a host name. */
final class UrlDetector implements Detector {

	private static final String HOST = "(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}|localhost"
			+ "|(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})";

	private static final Pattern URL = Pattern.compile("(?i)(?:(?:https?|ftp)://(?:[^\\s/?#@]+@)?" + HOST
			+ "|www\\." + HOST.substring(3, HOST.indexOf("|localhost")) + ")(?::\\d{1,5})?(?:[/?#][^\\s]*)?");

	@Override
	public DetectedType type() {
		return DetectedType.URL;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.spaces == 0 && shape.length >= 8 && shape.dots >= 1
				&& ((shape.colons >= 1 && shape.slashes >= 2) || shape.first == 'w' || shape.first == 'W');
	}

	@Override
	public Match check(String value) {
		return URL.matcher(value).matches() ? Match.STRONG : Match.NONE;
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("url", "urls", "uri", "link", "href", "website", "homepage", "webpage", "web", "site");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("address", "addr", "page", "link");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("url", "link", "website", "visit", "site", "page", "http", "https", "web");
	}

	@Override
	public double baseScore() {
		return 0.6;
	}
}
