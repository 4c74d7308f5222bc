package dev.coffer.api.error;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.coffer.api.RequestIds;
import dev.coffer.api.RequestPaths;

/**
 * Renders every error as an RFC 9457 problem ({@code application/problem+json}): {@code type}
 * and {@code doc_url} point at this server's page for the code, plus {@code title, status, code,
 * message, detail, instance, request_id} and the exception's extension members.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457#section-3">RFC 9457 §3</a>
 */
@Component
public class ProblemWriter {

	public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	private final JsonMapper json;

	private final List<ProblemMembers> extraMembers;

	public ProblemWriter(JsonMapper json, List<ProblemMembers> extraMembers) {
		this.json = json;
		this.extraMembers = List.copyOf(extraMembers);
	}

	/** The problem members for {@code exception}, in a stable order. */
	public Map<String, Object> body(HttpServletRequest request, ApiException exception) {
		ErrorCode code = exception.code();
		String docUrl = ServletUriComponentsBuilder.fromContextPath(request)
			.path("/api/errors/{code}")
			.buildAndExpand(code.code())
			.toUriString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", docUrl);
		body.put("title", code.title());
		body.put("status", code.status().value());
		body.put("code", code.code());
		body.put("message", exception.getMessage());
		body.put("detail", exception.getMessage());
		body.put("instance", RequestPaths.shown(request));
		body.put("doc_url", docUrl);
		body.put("request_id", RequestIds.of(request));
		for (ProblemMembers extra : this.extraMembers) {
			extra.members(request, exception).forEach(body::putIfAbsent);
		}
		body.putAll(exception.extensions());
		return body;
	}

	/** Writes the problem straight to the response: for filters, which run outside MVC. */
	public void write(HttpServletRequest request, HttpServletResponse response, ApiException exception)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(exception.code().status().value());
		response.setContentType(PROBLEM_JSON.toString());
		response.setCharacterEncoding("UTF-8");
		if (exception instanceof RateLimitedException limited) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
		}
		if (exception.code() == ErrorCode.UNAUTHENTICATED || exception.code().status().value() == 401) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"coffer\", Bearer realm=\"coffer\"");
		}
		this.json.writeValue(response.getOutputStream(), body(request, exception));
	}
}
