package dev.coffer.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;

/** {@code POST /api/v1/masking/preview}: applies a mask to sample values, for stewards writing policies. */
@Tag(name = "Masking policies")
@RestController
class MaskingPreviewController {

	static final int MAX_VALUES = 1000;

	/** Characters of one sample value. */
	static final int MAX_VALUE_LENGTH = 65_536;

	private final MaskCompiler masks;

	private final AuditLog audit;

	MaskingPreviewController(MaskCompiler masks, AuditLog audit) {
		this.masks = masks;
		this.audit = audit;
	}

	@Operation(summary = "Preview a mask on sample values",
			description = "Applies a masking type with its parameters to the values sent, in order, as a policy rule would to a "
					+ "column of `value_type` (`text`, `number`, `date`, `timestamp`; default: each value's JSON type). Dates and "
					+ "timestamps are ISO 8601 text in and out. `tokenize` also needs `tokens:tokenize` and `detokenize` "
					+ "`tokens:detokenize` (they reach the vault, and are audited there). At most " + MAX_VALUES
					+ " values, text of at most " + MAX_VALUE_LENGTH + " characters each (longer: `too_long`); a number must be "
					+ "finite with at most " + MaskValues.MAX_EXPONENT + " digits either side of the point (else "
					+ "`invalid_value`). Audited as `masking.previewed` (type and count, never values). Needs `masking:preview`.")
	@PostMapping("/api/v1/masking/preview")
	PreviewResponse preview(@RequestBody PreviewRequest request) {
		Authz.require(Permission.MASKING_PREVIEW);
		if (request == null) {
			throw ValidationFailedException.of("masking", "required", "is required");
		}
		List<FieldError> errors = new ArrayList<>();
		MaskSpec spec = MaskSpec.parse("masking", request.masking(), this.masks.tokenFormats(), errors);
		if (request.values() == null) {
			errors.add(new FieldError("values", "required", "is required"));
		}
		else if (request.values().size() > MAX_VALUES) {
			throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
					"At most " + MAX_VALUES + " values per request; this one has " + request.values().size());
		}
		String valueType = request.valueType();
		if (valueType != null && !List.of("text", "number", "date", "timestamp").contains(valueType)) {
			errors.add(new FieldError("value_type", "invalid_value", "must be text, number, date or timestamp"));
		}
		List<Object> values = errors.isEmpty() ? typed(request.values(), valueType, errors) : List.of();
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		if (spec.type() == MaskingType.TOKENIZE) {
			Authz.require(Permission.TOKENIZE);
		}
		if (spec.type() == MaskingType.DETOKENIZE) {
			Authz.require(Permission.DETOKENIZE);
		}
		List<Object> masked = this.masks.compile(spec).applyAll(values);
		this.audit.record(AuditRecord.sensitive("masking.previewed", "masking_type", spec.type().value(),
				AuditRecord.Outcome.SUCCESS)
			.with("count", values.size()));
		List<Object> out = new ArrayList<>(masked.size());
		for (Object value : masked) {
			out.add(value instanceof Temporal ? value.toString() : value);
		}
		return new PreviewResponse(spec.view(), spec.type().disposition(), out);
	}

	private static List<Object> typed(List<Object> values, String valueType, List<FieldError> errors) {
		List<Object> typed = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			Object value = values.get(i);
			String field = "values[" + i + "]";
			if (value == null) {
				typed.add(null);
				continue;
			}
			if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
				errors.add(new FieldError(field, "invalid_type", "must be text, a number, a boolean or null"));
				continue;
			}
			if (value instanceof String text && text.length() > MAX_VALUE_LENGTH) {
				errors.add(new FieldError(field, "too_long", "must be at most " + MAX_VALUE_LENGTH + " characters"));
				continue;
			}
			Object converted = convert(value, valueType);
			if (converted instanceof BigDecimal number && !MaskValues.usableNumber(number) || converted instanceof Double) {
				converted = null; // too large, or NaN or infinite
			}
			if (converted == null) {
				errors.add(new FieldError(field, "invalid_value", valueType == null || valueType.equals("number")
						? "is not a number masks can treat (finite, at most " + MaskValues.MAX_EXPONENT
								+ " digits either side of the point)"
						: "is not a " + valueType + " value"
								+ (valueType.equals("date") || valueType.equals("timestamp") ? " (ISO 8601)" : "")));
			}
			typed.add(converted);
		}
		return typed;
	}

	private static Object convert(Object value, String valueType) {
		if (valueType == null) {
			return MaskValues.normalize(value);
		}
		String text = value instanceof BigDecimal number ? number.toPlainString() : value.toString();
		try {
			return switch (valueType) {
				case "text" -> text;
				case "number" -> value instanceof Number ? MaskValues.normalize(value) : MaskValues.parseNumber(text);
				case "date" -> LocalDate.parse(text);
				default -> text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10
						? OffsetDateTime.parse(text) : LocalDateTime.parse(text);
			};
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** Sample values and a mask. */
	@Schema(name = "MaskingPreviewRequest")
	record PreviewRequest(
			@Schema(description = "The masking type and its parameters.", requiredMode = Schema.RequiredMode.REQUIRED) Masking masking,
			@Schema(description = "Sample values: text (at most 65536 characters each), numbers, booleans or null (at most 1000).",
					example = "[\"jane.doe@example.com\", null]", requiredMode = Schema.RequiredMode.REQUIRED) List<Object> values,
			@Schema(description = "The column type to treat the values as; default: each value's JSON type.",
					allowableValues = { "text", "number", "date", "timestamp" }) String valueType) {

		@Override
		public String toString() {
			return "PreviewRequest[redacted]";
		}
	}

	/** The masked values. */
	@Schema(name = "MaskingPreview")
	record PreviewResponse(
			@Schema(description = "The mask applied, in canonical form (type name and ALTR id).") Masking masking,
			@Schema(description = "`clear`, `masked` or `null`.") String disposition,
			@Schema(description = "The masked values, in order (dates and timestamps as ISO 8601 text).") List<Object> values) {

		@Override
		public String toString() {
			return "PreviewResponse[redacted]";
		}
	}
}
