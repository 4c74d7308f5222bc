package dev.coffer.identity;

import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;

/**
 * Records failed authentications. The presented secret never reaches the event; the presented key
 * name does only when it names an existing key: an unknown name may be a mistyped secret, so it is
 * kept as a keyed HMAC ({@code key_name_hmac}) that an auditor can search with
 * {@code POST /api/v1/audit/hash}. Best effort: the request is refused either way.
 */
@Component
class AuthFailureAuditor {

	private final AuditLog audit;

	private final ApiKeyStore keys;

	AuthFailureAuditor(AuditLog audit, ApiKeyStore keys) {
		this.audit = audit;
		this.keys = keys;
	}

	void record(ApiException failure, String presentedName, String authorizationHeader) {
		try {
			boolean known = presentedName != null && ApiKeyCodec.validName(presentedName)
					&& this.keys.findForAuthentication(presentedName).isPresent();
			String scheme = authorizationHeader.trim().split(" ", 2)[0].toLowerCase(Locale.ROOT);
			AuditRecord record = AuditRecord.ordinary("auth.failed", "api_key", known ? presentedName : null,
					AuditRecord.Outcome.FAILURE)
				.with("reason", failure.code().code())
				.with("scheme", scheme.length() > 16 ? "other" : scheme)
				.with("key_name_hmac", presentedName != null && !known ? this.audit.searchHash(presentedName) : null);
			this.audit.record(new AuditLog.Actor("anonymous", null, null, known ? presentedName : null, null), record);
		}
		catch (RuntimeException notAudited) {
			// counted and logged by AuditLog; the caller gets its 401 or 429 regardless
		}
	}
}
