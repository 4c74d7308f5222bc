package dev.coffer.api.error;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Extra members a feature adds to every problem answered on some of its paths, for clients that
 * read their own error field besides RFC 9457's (a warehouse function reads {@code errorMessage}
 * or {@code error_msg}). Beans of this type are asked by {@link ProblemWriter}; the exception's own
 * members win over these.
 */
public interface ProblemMembers {

	/** The members to add for this request and problem; empty when the request is not one of ours. */
	Map<String, Object> members(HttpServletRequest request, ApiException exception);
}
