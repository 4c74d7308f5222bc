package dev.coffer.api;

import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The request path as problems, logs and audit events show it. A path that carries a token
 * ({@code /api/v1/tokens/{token}}, {@code /api/v1/tokens/{token}/metadata}) shows the template
 * instead: a token may hold part of a value (a card's last four) and never leaves in an error, a
 * log line or an audit event.
 */
public final class RequestPaths {

	private static final String TOKENS = "/tokens/";

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
		// any spelling that could reach (or miss) the token endpoints: /API/v1//tokens/..., /x/tokens/...
		int at = uri.toLowerCase(Locale.ROOT).indexOf(TOKENS);
		if (at < 0) {
			return uri;
		}
		int start = at + TOKENS.length();
		String rest = uri.substring(start);
		int slash = rest.indexOf('/');
		String first = slash < 0 ? rest : rest.substring(0, slash);
		if (first.isEmpty() || (slash < 0 && TOKEN_ACTIONS.contains(first))) {
			return uri;
		}
		String suffix = slash < 0 ? "" : "/metadata".equals(rest.substring(slash)) ? "/metadata" : "/...";
		return uri.substring(0, start) + "{token}" + suffix;
	}
}
