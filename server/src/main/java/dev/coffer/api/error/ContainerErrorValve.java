package dev.coffer.api.error;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for what it refuses before the application sees the request (a NUL byte
 * or an encoded slash in the path, an oversized header): an RFC 9457 problem like every other
 * error, instead of Tomcat's HTML page. Installed as the host's error report valve.
 */
public class ContainerErrorValve extends ErrorReportValve {

	private static final SecureRandom RANDOM = new SecureRandom();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ErrorCode code = switch (status) {
			case 400 -> ErrorCode.BAD_REQUEST;
			case 404 -> ErrorCode.NOT_FOUND;
			case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
			case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
			default -> status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
		};
		byte[] random = new byte[12];
		RANDOM.nextBytes(random);
		String requestId = "req_" + HexFormat.of().formatHex(random);
		String docUrl = "/api/errors/" + code.code();
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			response.setHeader("X-Request-Id", requestId);
			PrintWriter writer = response.getReporter();
			if (writer == null) {
				return;
			}
			writer.write("{\"type\":\"" + docUrl + "\",\"title\":\"" + code.title() + "\",\"status\":" + status
					+ ",\"code\":\"" + code.code() + "\",\"message\":\"The server refused the request before handling it\""
					+ ",\"doc_url\":\"" + docUrl + "\",\"request_id\":\"" + requestId + "\"}");
			writer.flush();
		}
		catch (Exception ignored) {
			// nothing more can be said to this client
		}
	}
}
