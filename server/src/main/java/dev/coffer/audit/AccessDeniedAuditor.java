package dev.coffer.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.security.AccessDenied;

/** Records every refusal for a missing permission (a policy decision) in the audit log. */
@Component
class AccessDeniedAuditor {

	private static final Logger log = LoggerFactory.getLogger(AccessDeniedAuditor.class);

	private final AuditLog audit;

	AccessDeniedAuditor(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void on(AccessDenied denied) {
		try {
			this.audit.record(AuditRecord.ordinary("access.denied", "endpoint", denied.method() + " " + denied.path(),
					AuditRecord.Outcome.DENIED).with("permission", denied.permission()));
		}
		catch (ApiException unavailable) {
			// the request is refused either way; the failure is logged and counted by AuditLog
			log.debug("access.denied not audited");
		}
	}
}
