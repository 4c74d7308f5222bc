package dev.coffer.api.error;

import java.util.List;
import java.util.Map;

/** One or more request fields are invalid; each is listed with its own code and message. */
public final class ValidationFailedException extends ApiException {

	private final List<FieldError> errors;

	public ValidationFailedException(List<FieldError> errors) {
		super(ErrorCode.VALIDATION_FAILED, errors.size() == 1 ? "Field '" + errors.get(0).field() + "' " + errors.get(0).message()
				: errors.size() + " fields are invalid");
		this.errors = List.copyOf(errors);
	}

	public static ValidationFailedException of(String field, String code, String message) {
		return new ValidationFailedException(List.of(new FieldError(field, code, message)));
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	@Override
	public Map<String, Object> extensions() {
		return Map.of("errors", this.errors);
	}

	/** A failed field: JSON path of the field, stable code (e.g. {@code required}), message. */
	public record FieldError(String field, String code, String message) {
	}
}
