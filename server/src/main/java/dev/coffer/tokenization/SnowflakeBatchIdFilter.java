package dev.coffer.tokenization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.api.idempotency.Idempotency;

/**
 * Snowflake retries a batch with the same {@code sf-external-function-query-batch-id}: on the
 * Snowflake function endpoints that header becomes the request's {@code Idempotency-Key}
 * ({@code snowflake-batch:} + id) unless the request has one, so the idempotency filter replays
 * the first answer and a retried batch in random mode gets the same tokens, not new ones.
 * Ordered just before the idempotency filter (which keeps the default, lowest precedence), after
 * authentication. Snowflake retries on 429 and 5xx but not on 409, so a retry that arrives while
 * the first request still runs gets 429 with {@code Retry-After} (the idempotency filter's
 * {@link Idempotency#answerInProgressWith429}) rather than 409.
 *
 * @see <a href="https://docs.snowflake.com/sql-reference/external-functions-best-practices">Snowflake:
 *      external functions best practices (which errors Snowflake retries)</a>
 * @see <a href="https://docs.snowflake.com/sql-reference/external-functions-data-format">Snowflake:
 *      remote service input and output data formats (headers)</a>
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class SnowflakeBatchIdFilter extends OncePerRequestFilter {

	static final String BATCH_ID = "sf-external-function-query-batch-id";

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String PREFIX = "snowflake-batch:";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(BATCH_ID) == null
				|| request.getHeader(IDEMPOTENCY_KEY) != null
				|| !request.getRequestURI().startsWith("/api/v1/integrations/snowflake/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// the key covers everything that selects the answer besides method, path, query and body (which the
		// idempotency filter hashes itself): the option headers, so a retry with other options is not replayed
		String scope = request.getHeader(BATCH_ID) + '\0' + java.util.Objects.toString(request.getHeader("sf-custom-format"), "")
				+ '\0' + java.util.Objects.toString(request.getHeader("sf-custom-deterministic"), "");
		Idempotency.answerInProgressWith429(request);
		chain.doFilter(new WithIdempotencyKey(request, PREFIX + sha256(scope)), response);
	}

	/** The request with one more header. */
	private static final class WithIdempotencyKey extends HttpServletRequestWrapper {

		private final String key;

		WithIdempotencyKey(HttpServletRequest request, String key) {
			super(request);
			this.key = key;
		}

		@Override
		public String getHeader(String name) {
			return IDEMPOTENCY_KEY.equalsIgnoreCase(name) ? this.key : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return IDEMPOTENCY_KEY.equalsIgnoreCase(name) ? Collections.enumeration(List.of(this.key)) : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
			names.add(IDEMPOTENCY_KEY);
			return Collections.enumeration(names);
		}
	}

	private static String sha256(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
