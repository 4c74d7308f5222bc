package dev.coffer.api.error;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: errors raised outside MVC (by the servlet container) are
 * problems too, with no message from the exception.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

	private final ProblemWriter problems;

	ErrorEndpoint(ProblemWriter problems) {
		this.problems = problems;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// requested directly, not as an error dispatch: there is nothing here
		int code = status instanceof Integer value ? value : 404;
		ErrorCode error = switch (code) {
			case 400 -> ErrorCode.BAD_REQUEST;
			case 401 -> ErrorCode.UNAUTHENTICATED;
			case 403 -> ErrorCode.PERMISSION_DENIED;
			case 404 -> ErrorCode.NOT_FOUND;
			case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
			case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
			case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
			default -> ErrorCode.INTERNAL_ERROR;
		};
		this.problems.write(request, response, new ApiException(error, error.title()));
	}
}
