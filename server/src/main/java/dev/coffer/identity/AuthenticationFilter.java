package dev.coffer.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ProblemWriter;
import dev.coffer.api.error.SafeLog;
import dev.coffer.api.security.Caller;

/**
 * Reads the {@code Authorization} header: {@code Basic} (key name, secret), {@code Bearer coffer_…}
 * (an API key) or {@code Bearer <JWT>} (OIDC). A failure answers a 401 (or 429) problem at once;
 * no header leaves the request anonymous for the authorization rules to refuse. Public paths are
 * never authenticated, so stale credentials in a browser cannot break the API docs.
 */
final class AuthenticationFilter extends OncePerRequestFilter {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuthenticationFilter.class);

	private final ApiKeyAuthenticator apiKeys;

	private final OidcAuthenticator oidc;

	private final RequestRateLimiter rateLimiter;

	private final ProblemWriter problems;

	private final RequestMatcher publicPaths;

	private final AuthFailureAuditor failures;

	private final AuthFailureLimiter limiter;

	AuthenticationFilter(ApiKeyAuthenticator apiKeys, OidcAuthenticator oidc, RequestRateLimiter rateLimiter,
			ProblemWriter problems, RequestMatcher publicPaths, AuthFailureAuditor failures, AuthFailureLimiter limiter) {
		this.limiter = limiter;
		this.failures = failures;
		this.apiKeys = apiKeys;
		this.oidc = oidc;
		this.rateLimiter = rateLimiter;
		this.problems = problems;
		this.publicPaths = publicPaths;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank() || this.publicPaths.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		Caller caller;
		String[] presentedName = new String[1];
		try {
			caller = authenticate(header.trim(), request.getRemoteAddr(), presentedName);
		}
		catch (ApiException ex) {
			if (ex.code() != ErrorCode.TOO_MANY_FAILED_AUTHENTICATIONS) {
				// throttled attempts are not audited one by one: a flood must not bury the log or contend its lock
				this.failures.record(ex, presentedName[0], header);
			}
			this.problems.write(request, response, ex);
			return;
		}
		catch (RuntimeException ex) {
			// outside MVC: without this, Tomcat logs the full exception message (SQL, driver detail)
			log.error("Authentication failed unexpectedly: {}", SafeLog.describe(ex));
			this.problems.write(request, response,
					new ApiException(ErrorCode.INTERNAL_ERROR, "The server failed to handle the request"));
			return;
		}
		try {
			this.rateLimiter.check(caller);
		}
		catch (ApiException limited) {
			this.problems.write(request, response, limited);
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new CallerAuthentication(caller));
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	private Caller authenticate(String header, String address, String[] presentedName) {
		int space = header.indexOf(' ');
		String scheme = space < 0 ? header : header.substring(0, space);
		String value = space < 0 ? "" : header.substring(space + 1).trim();
		if ("Basic".equalsIgnoreCase(scheme)) {
			ApiKeyCodec.Credentials credentials = ApiKeyCodec.parseBasic(value)
				.orElseThrow(() -> malformed(address, ErrorCode.INVALID_CREDENTIALS,
						"The Basic credentials are not base64 of 'key name:secret'"));
			presentedName[0] = credentials.name();
			return this.apiKeys.authenticate(credentials, "basic", address);
		}
		if ("Bearer".equalsIgnoreCase(scheme) && !value.isEmpty()) {
			if (ApiKeyCodec.looksLikeApiKey(value)) {
				ApiKeyCodec.Credentials credentials = ApiKeyCodec.parseBearer(value)
					.orElseThrow(() -> malformed(address, ErrorCode.INVALID_TOKEN,
							"The bearer token looks like a Coffer API key but is malformed or its checksum is wrong"));
				presentedName[0] = credentials.name();
				return this.apiKeys.authenticate(credentials, "bearer", address);
			}
			return this.oidc.authenticate(value, address);
		}
		throw malformed(address, ErrorCode.INVALID_CREDENTIALS, "Use the Basic or Bearer authorization scheme");
	}

	/** Malformed credentials count as failed attempts of the address, like wrong ones. */
	private ApiException malformed(String address, ErrorCode code, String message) {
		this.limiter.checkAllowed(address, null);
		this.limiter.recordFailure(address, null);
		return new ApiException(code, message);
	}
}
