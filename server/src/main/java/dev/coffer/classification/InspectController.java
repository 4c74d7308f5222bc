package dev.coffer.classification;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;
import dev.coffer.audit.AuditLog;

/** {@code POST /api/v1/inspect}: finds sensitive values in free text. */
@Tag(name = "Text inspection", description = "Finds sensitive data in free text (spans with a type and a score) and redacts it with a mask, the type label or tokens.")
@RestController
class InspectController {

	static final String TYPES_DOC = "Types: email, phone, payment_card, us_ssn, iban, ip_address, mac_address, date_of_birth, "
			+ "person_name, street_address, postal_code, passport_number, uk_nino, ca_sin, aba_routing_number, vin, "
			+ "geo_coordinate, url, aws_access_key, private_key, jwt, api_key.";

	private final TextInspector inspector;

	private final AuditLog audit;

	InspectController(TextInspector inspector, AuditLog audit) {
		this.inspector = inspector;
		this.audit = audit;
	}

	@Operation(summary = "Find sensitive values in text",
			description = "Answers the spans of sensitive values in `text`, in text order, none overlapping another. Offsets are "
					+ "UTF-16 code units (JavaScript and Java string indexes), `start` inclusive, `end` exclusive; the answer never "
					+ "repeats the text. A span is a value that fits its type's pattern and validator (Luhn and card issuer "
					+ "ranges, IBAN mod 97, SSN ranges, ...); `score` (0..1) rises with context words near it (whole words only), "
					+ "and values that are ambiguous alone (five-digit ZIP codes, passport numbers, dates of birth, generic keys) "
					+ "are found only with one. " + TYPES_DOC + " At most " + TextInspector.MAX_CHARS
					+ " UTF-16 code units (413 `payload_too_large`). The call is audited with counts per type, never the text. "
					+ "Needs `classification:inspect`.")
	@PostMapping("/api/v1/inspect")
	InspectResponse inspect(@RequestBody InspectRequest request) {
		Authz.require(Permission.CLASSIFICATION_INSPECT);
		String text = TextRequests.text(request.text());
		var types = TextRequests.types(request.types());
		double minScore = TextRequests.minScore(request.minScore());
		List<Finding> findings = this.inspector.inspect(text, types, minScore);
		this.audit.record(TextRequests.audit("classification.text_inspected", text, findings));
		return new InspectResponse(findings.stream()
			.map(f -> new FindingView(f.type().apiName(), f.start(), f.end(), TextRequests.round(f.score())))
			.toList());
	}

	/** What to inspect. */
	record InspectRequest(
			@Schema(description = "The text, at most 1,048,576 UTF-16 code units.", example = "Call me at (415) 555-0132 or mail jane.doe@example.com",
					requiredMode = Schema.RequiredMode.REQUIRED) String text,
			@Schema(description = "Only these types (default: all).", example = "[\"email\", \"phone\"]") List<String> types,
			@Schema(description = "Leave out findings scoring below this (0..1, default 0.5).", example = "0.5") Double minScore) {

		@Override
		public String toString() {
			return "InspectRequest[redacted]";
		}
	}

	/** The findings. */
	record InspectResponse(@Schema(description = "The spans found, in text order.") List<FindingView> findings) {
	}

	/** One span; the text itself is never repeated. */
	@Schema(name = "Finding")
	record FindingView(
			@Schema(description = "The detected type.", example = "email") String type,
			@Schema(description = "Offset of the first UTF-16 code unit of the span.", example = "34") int start,
			@Schema(description = "Offset just past the span (exclusive), in UTF-16 code units.", example = "54") int end,
			@Schema(description = "Confidence 0..1.", example = "0.9") double score) {
	}
}
