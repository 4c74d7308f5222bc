package dev.coffer.api;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, echoed in {@code X-Request-Id}, problems and log lines (MDC
 * {@code request_id}). A well-formed incoming id (from a proxy) is kept; anything else is replaced.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The id of the current request, or a fresh one outside a request. */
	public static String of(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		return id != null ? id.toString() : newId();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String incoming = request.getHeader(HEADER);
		String id = (incoming != null && ACCEPTED.matcher(incoming).matches()) ? incoming : newId();
		request.setAttribute(ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		MDC.put("request_id", id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("request_id");
		}
	}

	private static String newId() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return "req_" + HexFormat.of().formatHex(bytes);
	}
}
