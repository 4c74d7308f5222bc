package dev.coffer.api.error;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

import dev.coffer.api.RequestPaths;
import dev.coffer.api.RequestSizeLimit;
import dev.coffer.api.security.AccessDenied;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that reaches MVC into a problem. Client mistakes get their 4xx code with
 * a message that names fields, never echoes values; anything else is a 500 {@code internal_error}
 * logged without exception messages ({@link SafeLog}).
 */
@RestControllerAdvice
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final ProblemWriter problems;

	private final ApplicationEventPublisher events;

	ProblemHandler(ProblemWriter problems, ApplicationEventPublisher events) {
		this.problems = problems;
		this.events = events;
	}

	@ExceptionHandler(ApiException.class)
	void api(ApiException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (ex instanceof PermissionDeniedException denied) {
			this.events.publishEvent(new AccessDenied(denied.permission(), request.getMethod(), RequestPaths.shown(request)));
		}
		this.problems.write(request, response, ex);
	}

	@ExceptionHandler(BindException.class)
	void bind(BindException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		List<ValidationFailedException.FieldError> errors = new ArrayList<>();
		for (FieldError error : ex.getFieldErrors()) {
			String code = error.isBindingFailure() ? "invalid_type" : constraintCode(error.getCode());
			String message = error.isBindingFailure() ? "has the wrong type" : error.getDefaultMessage();
			errors.add(new ValidationFailedException.FieldError(snake(error.getField()), code, message));
		}
		ex.getGlobalErrors()
			.forEach(e -> errors.add(new ValidationFailedException.FieldError("", constraintCode(e.getCode()),
					e.getDefaultMessage())));
		this.problems.write(request, response, new ValidationFailedException(errors));
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	void methodValidation(HandlerMethodValidationException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		List<ValidationFailedException.FieldError> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach(result -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors()
				.forEach(error -> errors.add(new ValidationFailedException.FieldError(snake(String.valueOf(name)),
						constraintCode(error.getCodes() == null ? null : error.getCodes()[error.getCodes().length - 1]),
						error.getDefaultMessage())));
		});
		this.problems.write(request, response, new ValidationFailedException(errors));
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	void unreadable(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimit.TooLargeException tooLarge) {
				this.problems.write(request, response, RequestSizeLimit.tooLarge(tooLarge.maxBytes()));
				return;
			}
		}
		String message = "The request body is missing or is not valid JSON";
		if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String path = databind.getPath()
				.stream()
				.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.collect(Collectors.joining(".")).replace(".[", "[");
			message = "Field '" + path + "' has the wrong type or is not valid";
		}
		else if (ex.getCause() instanceof JacksonException) {
			message = "The request body is not valid JSON";
		}
		this.problems.write(request, response, new ApiException(ErrorCode.MALFORMED_JSON, message));
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	void missingParameter(MissingServletRequestParameterException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.problems.write(request, response,
				ApiException.invalidParameter(ex.getParameterName(), "is required"));
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	void missingHeader(MissingRequestHeaderException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.problems.write(request, response,
				new ApiException(ErrorCode.BAD_REQUEST, "Header '" + ex.getHeaderName() + "' is required"));
	}

	@ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
	void invalidQuery(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.problems.write(request, response, new ApiException(ErrorCode.BAD_REQUEST, "The query string is not valid"));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	void typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.problems.write(request, response, ApiException.invalidParameter(ex.getName(), "has an invalid value"));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	void method(HttpRequestMethodNotSupportedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (ex.getSupportedHttpMethods() != null) {
			response.setHeader(HttpHeaders.ALLOW, ex.getSupportedHttpMethods()
				.stream()
				.map(Object::toString)
				.collect(Collectors.joining(", ")));
		}
		this.problems.write(request, response, new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
				"Method " + ex.getMethod() + " is not supported here"));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	void mediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.problems.write(request, response, new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
				"Content-Type must be application/json"));
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	void notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.problems.write(request, response,
				new ApiException(ErrorCode.NOT_ACCEPTABLE, "This resource is available as application/json"));
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	void noResource(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.problems.write(request, response,
				new ApiException(ErrorCode.NOT_FOUND, "No resource at " + RequestPaths.shown(request)));
	}

	@ExceptionHandler(DuplicateKeyException.class)
	void duplicate(DuplicateKeyException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.problems.write(request, response,
				new ApiException(ErrorCode.CONFLICT, "The change conflicts with an existing resource"));
	}

	/** Any other rule of the store a change broke (a reference, a check, a bound): 409, never a 500. */
	@ExceptionHandler(DataIntegrityViolationException.class)
	void integrity(DataIntegrityViolationException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		log.warn("Store rule broken by {} {}: {}", request.getMethod(), RequestPaths.shown(request), SafeLog.describe(ex));
		this.problems.write(request, response,
				new ApiException(ErrorCode.STORE_CONFLICT, "The change conflicts with data already stored; nothing was changed"));
	}

	@ExceptionHandler(DataAccessResourceFailureException.class)
	void storeDown(DataAccessResourceFailureException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		log.error("Store unavailable: {}", SafeLog.describe(ex));
		this.problems.write(request, response,
				new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The store is not reachable; retry later"));
	}

	@ExceptionHandler(Exception.class)
	void unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		log.error("Unhandled {} {}: {}", request.getMethod(), RequestPaths.shown(request), SafeLog.describe(ex));
		this.problems.write(request, response,
				new ApiException(ErrorCode.INTERNAL_ERROR, "The server failed to handle the request"));
	}

	private static String constraintCode(String constraint) {
		if (constraint == null) {
			return "invalid";
		}
		return switch (constraint) {
			case "NotNull", "NotBlank", "NotEmpty" -> "required";
			case "Size", "Length" -> "invalid_length";
			case "Pattern" -> "invalid_format";
			case "Min", "Max", "Positive", "PositiveOrZero", "DecimalMin", "DecimalMax" -> "out_of_range";
			case "Email" -> "invalid_email";
			case "Future", "FutureOrPresent" -> "must_be_in_future";
			default -> snake(constraint);
		};
	}

	static String snake(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}
}
