package dev.coffer.api;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The request path as problems, logs and audit events show it. A path that carries a token
 * ({@code /api/v1/tokens/{token}}, {@code /api/v1/tokens/{token}/metadata}) shows the template
 * instead: a token may hold part of a value (a card's last four) and never leaves in an error, a
 * log line or an audit event.
 */
public final class RequestPaths {

	private static final String TOKENS = "/api/v1/tokens/";

	/** The literal actions under {@code /api/v1/tokens/}: paths without a token. */
	private static final Set<String> TOKEN_ACTIONS = Set.of("metadata", "check", "delete", "forget", "purge-expired");

	private RequestPaths() {
	}

	/** {@link HttpServletRequest#getRequestURI()}, without the token it may carry. */
	public static String shown(HttpServletRequest request) {
		return shown(request.getRequestURI());
	}

	/** {@code uri} without the token it may carry. */
	public static String shown(String uri) {
		if (uri == null) {
			return null;
		}
		// also the spellings that miss the endpoints (/API/v1/..., //api/v1/...) and answer "no resource at"
		int at = 0;
		while (at <= uri.length() - TOKENS.length() && !uri.regionMatches(true, at, TOKENS, 0, TOKENS.length())) {
			at++;
		}
		if (at > uri.length() - TOKENS.length()) {
			return uri;
		}
		int start = at + TOKENS.length();
		String rest = uri.substring(start);
		int slash = rest.indexOf('/');
		if (rest.isEmpty() || (slash < 0 && TOKEN_ACTIONS.contains(rest))) {
			return uri;
		}
		String suffix = slash < 0 ? "" : "/metadata".equals(rest.substring(slash)) ? "/metadata" : "/...";
		return uri.substring(0, start) + "{token}" + suffix;
	}
}
