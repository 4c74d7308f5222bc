package dev.coffer.classification;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;
import dev.coffer.audit.AuditLog;

/** {@code POST /api/v1/redact}: the text with its sensitive values replaced. */
@Tag(name = "Text inspection")
@RestController
class RedactController {

	private final TextInspector inspector;

	private final Redactor redactor;

	private final AuditLog audit;

	RedactController(TextInspector inspector, Redactor redactor, AuditLog audit) {
		this.inspector = inspector;
		this.redactor = redactor;
		this.audit = audit;
	}

	@Operation(summary = "Redact sensitive values in text",
			description = "Finds spans as `POST /api/v1/inspect` does and answers the text with each replaced, as `replace_with` says: "
					+ "`type` (default) puts the type label, e.g. `[EMAIL]`; `mask` puts `mask_char` (default `*`) once per code point; "
					+ "`token` puts a vaulted token that `POST /api/v1/detokenize` reveals again: by default in the format-preserving "
					+ "format of the type (`card`, `ssn`, `email`, `phone`) and `alphanumeric` for other types, or in the vaulted "
					+ "`format` named; a value the format refuses gets an `alphanumeric` token, so nothing is left in the clear. "
					+ "`findings` give the offsets in the input (`start`, `end`) and in the output (`redacted_start`, `redacted_end`), "
					+ "in UTF-16 code units. At most " + TextInspector.MAX_CHARS + " UTF-16 code units (413 `payload_too_large`). "
					+ "Audited with counts per type, never the text. Needs `classification:inspect`, and `tokens:tokenize` for `token`.")
	@PostMapping("/api/v1/redact")
	RedactResponse redact(@RequestBody RedactRequest request) {
		Authz.require(Permission.CLASSIFICATION_INSPECT);
		String text = TextRequests.text(request.text());
		var types = TextRequests.types(request.types());
		double minScore = TextRequests.minScore(request.minScore());
		String mode = request.replaceWith() == null ? "type" : request.replaceWith();
		if (!List.of("type", "mask", "token").contains(mode)) {
			throw ValidationFailedException.of("replace_with", "unknown_mode", "must be one of type, mask, token");
		}
		if (!mode.equals("token") && (request.format() != null || request.deterministic() != null)) {
			throw ValidationFailedException.of(request.format() != null ? "format" : "deterministic", "not_supported",
					"applies only with replace_with token");
		}
		if (!mode.equals("mask") && request.maskChar() != null) {
			throw ValidationFailedException.of("mask_char", "not_supported", "applies only with replace_with mask");
		}
		String maskChar = request.maskChar() == null ? "*" : request.maskChar();
		if (maskChar.codePointCount(0, maskChar.length()) != 1 || Character.isWhitespace(maskChar.codePointAt(0))
				|| Character.isISOControl(maskChar.codePointAt(0))) {
			throw ValidationFailedException.of("mask_char", "invalid", "must be one visible character");
		}
		if (mode.equals("token")) {
			Authz.require(Permission.TOKENIZE);
			if (request.format() != null && !this.redactor.isTokenFormat(request.format())) {
				throw ValidationFailedException.of("format", "unknown_format", "is not a vaulted token format");
			}
		}
		List<Finding> findings = this.inspector.inspect(text, types, minScore);
		List<String> replacements = switch (mode) {
			case "mask" -> this.redactor.masks(text, findings, maskChar);
			case "token" -> this.redactor.tokens(text, findings, request.format(), Boolean.TRUE.equals(request.deterministic()));
			default -> this.redactor.labels(findings);
		};
		StringBuilder out = new StringBuilder(text.length());
		List<RedactedFinding> views = new ArrayList<>(findings.size());
		int at = 0;
		for (int i = 0; i < findings.size(); i++) {
			Finding finding = findings.get(i);
			out.append(text, at, finding.start());
			int start = out.length();
			out.append(replacements.get(i));
			views.add(new RedactedFinding(finding.type().apiName(), finding.start(), finding.end(),
					TextRequests.round(finding.score()), start, out.length()));
			at = finding.end();
		}
		out.append(text, at, text.length());
		this.audit.record(TextRequests.audit("classification.text_redacted", text, findings).with("replace_with", mode));
		return new RedactResponse(out.toString(), views);
	}

	/** What to redact and how. */
	record RedactRequest(
			@Schema(description = "The text, at most 1,048,576 UTF-16 code units.", example = "SSN 123-45-6789, card 4111 1111 1111 1111",
					requiredMode = Schema.RequiredMode.REQUIRED) String text,
			@Schema(description = "Only these types (default: all). " + InspectController.TYPES_DOC, example = "[\"us_ssn\", \"payment_card\"]")
			List<String> types,
			@Schema(description = "Leave out findings scoring below this (0..1, default 0.5).", example = "0.5") Double minScore,
			@Schema(description = "`type` (default), `mask` or `token`.", example = "token", allowableValues = { "type", "mask", "token" })
			String replaceWith,
			@Schema(description = "With `token`: the vaulted token format for every finding (default: by type).", example = "alphanumeric")
			String format,
			@Schema(description = "With `token`: the same value gets the same token on every call (default false).")
			Boolean deterministic,
			@Schema(description = "With `mask`: the mask character (default `*`).", example = "#") String maskChar) {

		@Override
		public String toString() {
			return "RedactRequest[replace_with=" + this.replaceWith + ", redacted]";
		}
	}

	/** The redacted text. */
	record RedactResponse(
			@Schema(description = "The text with every finding replaced.") String text,
			@Schema(description = "The replaced spans, in text order.") List<RedactedFinding> findings) {

		@Override
		public String toString() {
			return "RedactResponse[" + this.findings.size() + " findings, redacted]";
		}
	}

	/** One replaced span. */
	@Schema(name = "RedactedFinding")
	record RedactedFinding(
			@Schema(description = "The detected type.", example = "us_ssn") String type,
			@Schema(description = "Start in the input text (UTF-16 code units, inclusive).") int start,
			@Schema(description = "End in the input text (exclusive).") int end,
			@Schema(description = "Confidence 0..1.") double score,
			@Schema(description = "Start of the replacement in the redacted text.") int redactedStart,
			@Schema(description = "End of the replacement in the redacted text (exclusive).") int redactedEnd) {
	}
}
