package dev.coffer.audit;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds back the end of a response until the audit events the request committed are chained
 * ({@link AuditChainer#await}): a client that reads the audit log after its response finds its
 * events there, in the chain. Waits after the request's work is done and its connections are back in
 * the pool, outside every other filter but the request id, so concurrent requests share one round.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class AuditChainFilter extends OncePerRequestFilter {

	private static final String ATTRIBUTE = AuditChainFilter.class.getName() + ".pending";

	/** A chainer stuck longer than this (the store gone) does not hold the response back further. */
	private static final Duration MAX_WAIT = Duration.ofSeconds(5);

	private final AuditChainer chainer;

	AuditChainFilter(AuditChainer chainer) {
		this.chainer = chainer;
	}

	/** Marks {@code request} as having committed an audit event, chained once round {@code ticket} is done. */
	static void awaitBeforeResponse(HttpServletRequest request, long ticket) {
		Object before = request.getAttribute(ATTRIBUTE);
		request.setAttribute(ATTRIBUTE, before instanceof Long earlier ? Math.max(earlier, ticket) : ticket);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.getAttribute(ATTRIBUTE) instanceof Long ticket) {
				request.removeAttribute(ATTRIBUTE);
				this.chainer.await(ticket, MAX_WAIT);
			}
		}
	}
}
