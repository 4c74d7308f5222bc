package dev.coffer.tokenization;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;

/**
 * The {@code reason} a detokenize call may give, and the formats that require one
 * ({@code detokenize_requires_reason}). The reason is the caller's justification, recorded in the
 * call's audit event; it is checked to be short printable text so it reads cleanly there.
 */
@Component
class DetokenizeReasons {

	static final int MAX_LENGTH = 500;

	private final AuditLog audit;

	DetokenizeReasons(AuditLog audit) {
		this.audit = audit;
	}

	/**
	 * The reason as given, or {@code null} when absent.
	 * @throws ValidationFailedException {@code field}: blank, longer than {@value #MAX_LENGTH}
	 *         characters, or holding a control or formatting character
	 */
	static String checked(String field, String reason) {
		if (reason == null) {
			return null;
		}
		if (reason.isBlank() || reason.length() > MAX_LENGTH) {
			throw ValidationFailedException.of(field, "invalid", "must be 1 to " + MAX_LENGTH + " characters, not only spaces");
		}
		for (int i = 0; i < reason.length(); i++) {
			char c = reason.charAt(i);
			boolean surrogatePair = Character.isHighSurrogate(c) && i + 1 < reason.length()
					&& Character.isLowSurrogate(reason.charAt(i + 1));
			if (surrogatePair) {
				i++;
				continue;
			}
			if (!Alphabets.printable(c) || (Character.isWhitespace(c) && c != ' ')) {
				throw ValidationFailedException.of(field, "invalid",
						"holds a control or formatting character at position " + i + " (printable text only)");
			}
		}
		return reason;
	}

	/**
	 * Refuses the whole call when {@code format} (named in the request) needs a reason and none was
	 * given: nothing is revealed, and the refusal is audited with the count of tokens.
	 * @throws ApiException {@code reason_required}
	 */
	void require(ResolvedFormat format, String reason, int count) {
		if (format == null || !format.requiresReason() || reason != null) {
			return;
		}
		this.audit.record(AuditRecord.sensitive("tokens.detokenized", "format", format.name(), AuditRecord.Outcome.DENIED)
			.with("count", count)
			.with("errors", count)
			.with("reason_required", true));
		throw new ApiException(ErrorCode.REASON_REQUIRED, "Detokenizing tokens of format '" + format.name()
				+ "' needs a reason: send `reason` with the request");
	}
}
