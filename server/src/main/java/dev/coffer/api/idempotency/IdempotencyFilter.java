package dev.coffer.api.idempotency;

import dev.coffer.api.Times;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.coffer.api.RequestSizeLimit;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ProblemWriter;
import dev.coffer.api.error.RateLimitedException;
import dev.coffer.api.security.Caller;
import dev.coffer.settings.Settings;

/**
 * {@code Idempotency-Key} on POSTs under {@code /api/v1}: the first request with a key runs and its
 * response is stored; a retry with the same key and the same method, path and body gets the
 * stored response (marked {@code Idempotent-Replayed: true}); the same key with another request
 * is a 422 {@code idempotency_key_reused}; a retry while the first still runs is a 409. Keys are
 * scoped to the calling principal. Server errors (5xx) are not stored, so they can be retried.
 * Operations marked {@link NotStoredForReplay} are passed through untouched: the filter asks the
 * request mapping which method the request goes to (not the raw path, which {@code %79} or
 * {@code ;x} could spell differently). Runs after authentication, as a servlet filter behind the
 * security filter chain.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";


	private static final int MAX_BODY = 32 * 1024 * 1024;

	private final IdempotencyStore store;

	private final ProblemWriter problems;

	private final Settings settings;

	private final ObjectProvider<RequestMappingHandlerMapping> mappings;

	IdempotencyFilter(IdempotencyStore store, ProblemWriter problems, Settings settings,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
		this.store = store;
		this.problems = problems;
		this.settings = settings;
		this.mappings = mappings;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
				|| !request.getRequestURI().startsWith("/api/v1/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (notStoredForReplay(request)) {
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		String key = request.getHeader(HEADER);
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
			this.problems.write(request, response, new ApiException(ErrorCode.INVALID_IDEMPOTENCY_KEY,
					"Idempotency-Key must be 1 to 255 printable ASCII characters"));
			return;
		}
		byte[] body = readBody(request);
		if (body == null) {
			this.problems.write(request, response, new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
					"The request body exceeds " + MAX_BODY + " bytes"));
			return;
		}
		if (!(authentication.getPrincipal() instanceof Caller who)) {
			chain.doFilter(request, response);
			return;
		}
		// scoped to the credential, and bound to what it may do: a replay never crosses keys or privileges
		String caller = who.keyName() != null ? "key:" + who.keyName() : who.reference();
		String hash = hash(request, body, who.roles().toString());
		IdempotencyStore.Claim claim = this.store.claim(caller, key, hash);
		if (claim.existing() != null) {
			IdempotencyStore.Record record = claim.existing();
			if (!MessageDigest.isEqual(record.requestHash().getBytes(StandardCharsets.US_ASCII),
					hash.getBytes(StandardCharsets.US_ASCII))) {
				this.problems.write(request, response, new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
						"This Idempotency-Key was already used for a different request"));
			}
			else if (!record.completed() && Idempotency.inProgressIsRetryable(request)) {
				this.problems.write(request, response,
						new RateLimitedException(ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS_RETRY,
								"A request with this Idempotency-Key is still in progress; retry after the delay", 1));
			}
			else if (!record.completed()) {
				this.problems.write(request, response, new ApiException(ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS,
						"A request with this Idempotency-Key is still in progress"));
			}
			else {
				replay(record, this.store.openBody(record, caller, key), response);
			}
			return;
		}
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		boolean stored = false;
		try {
			chain.doFilter(new CachedBodyRequest(request, body), captured);
			int status = captured.getStatus();
			if (status < 500 && status != 409 && status != 429) {
				this.store.complete(caller, key, claim.claimedAt(), status, headersOf(captured),
						captured.getContentAsByteArray());
				stored = true;
			}
		}
		finally {
			if (!stored) {
				this.store.release(caller, key, claim.claimedAt());
			}
			captured.copyBodyToResponse();
		}
	}

	/**
	 * Whether the request goes to a method marked {@link NotStoredForReplay}, asked of the request
	 * mapping the dispatcher uses; the attributes the lookup leaves on the request are removed, so
	 * the dispatcher's own lookup starts afresh.
	 */
	private boolean notStoredForReplay(HttpServletRequest request) {
		RequestMappingHandlerMapping mapping = this.mappings.getIfAvailable();
		if (mapping == null) {
			return false;
		}
		Set<String> before = new HashSet<>(Collections.list(request.getAttributeNames()));
		try {
			if (mapping.getPatternParser() != null) {
				ServletRequestPathUtils.parseAndCache(request);
			}
			HandlerExecutionChain handler = mapping.getHandler(request);
			return handler != null && handler.getHandler() instanceof HandlerMethod method
					&& method.hasMethodAnnotation(NotStoredForReplay.class);
		}
		catch (Exception ex) {
			// no method takes it (or not this way): it is answered with a problem, stored as usual
			return false;
		}
		finally {
			for (String name : Collections.list(request.getAttributeNames())) {
				if (!before.contains(name)) {
					request.removeAttribute(name);
				}
			}
		}
	}

	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void purgeExpired() {
		long hours = this.settings.getLong(Settings.IDEMPOTENCY_RETENTION_HOURS);
		this.store.purgeOlderThan(Times.now().minusHours(hours));
	}

	private static void replay(IdempotencyStore.Record record, byte[] body, HttpServletResponse response)
			throws IOException {
		response.setStatus(record.status());
		String headers = record.headers();
		if (headers != null) {
			for (String line : headers.split("\n")) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					response.setHeader(line.substring(0, colon), line.substring(colon + 1));
				}
			}
		}
		response.setHeader(REPLAYED, "true");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static String headersOf(HttpServletResponse response) {
		StringBuilder out = new StringBuilder();
		for (String name : new String[] { HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION }) {
			String value = response.getHeader(name);
			if (value != null) {
				out.append(name).append(':').append(value).append('\n');
			}
		}
		return out.toString();
	}

	private static byte[] readBody(HttpServletRequest request) throws IOException {
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(MAX_BODY + 1);
			return body.length > MAX_BODY ? null : body;
		}
		catch (RequestSizeLimit.TooLargeException tooLarge) {
			return null;
		}
	}

	private static String hash(HttpServletRequest request, byte[] body, String roles) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
					+ (request.getQueryString() == null ? "" : request.getQueryString()) + "\n" + roles + "\n")
				.getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
