package dev.coffer.audit;

import java.util.TreeMap;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.coffer.settings.SettingsChanged;

/**
 * Records settings changes. Runs synchronously inside the changing transaction: if the event
 * cannot be written, the exception rolls the change back (fail closed).
 */
@Component
class SettingsChangeAuditor {

	private final AuditLog audit;

	SettingsChangeAuditor(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void on(SettingsChanged changed) {
		this.audit.record(AuditRecord.sensitive("settings.updated", "settings", null, AuditRecord.Outcome.SUCCESS)
			.with("changes", new TreeMap<>(changed.changes())));
	}
}
