package dev.coffer.audit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.util.Assert;

/**
 * What a feature reports to the audit log: the action, the resource, the outcome and details.
 * Details hold counts, codes, formats and keyed HMACs ({@link AuditLog#searchHash}); never a
 * plaintext sensitive value or a secret. A sensitive action is refused when it cannot be audited;
 * a non-sensitive one may proceed when {@code audit.fail_open} is set.
 */
public final class AuditRecord {

	/** How an action ended. */
	public enum Outcome {

		SUCCESS, FAILURE, DENIED;

		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	private final String action;

	private final String resourceType;

	private final String resourceId;

	private final Outcome outcome;

	private final Map<String, Object> details;

	private final boolean sensitive;

	private AuditRecord(String action, String resourceType, String resourceId, Outcome outcome,
			Map<String, Object> details, boolean sensitive) {
		Assert.hasText(action, "action cannot be empty");
		Assert.notNull(outcome, "outcome cannot be null");
		this.action = action;
		this.resourceType = resourceType;
		this.resourceId = resourceId;
		this.outcome = outcome;
		this.details = Collections.unmodifiableMap(new TreeMap<>(details));
		this.sensitive = sensitive;
	}

	/** A sensitive action: refused if it cannot be audited. */
	public static AuditRecord sensitive(String action, String resourceType, String resourceId, Outcome outcome) {
		return new AuditRecord(action, resourceType, resourceId, outcome, Map.of(), true);
	}

	/** An action that may proceed unaudited when {@code audit.fail_open} is set. */
	public static AuditRecord ordinary(String action, String resourceType, String resourceId, Outcome outcome) {
		return new AuditRecord(action, resourceType, resourceId, outcome, Map.of(), false);
	}

	/** A copy with one more detail ({@code null} values are left out). */
	public AuditRecord with(String key, Object value) {
		if (value == null) {
			return this;
		}
		Map<String, Object> more = new TreeMap<>(this.details);
		more.put(key, value);
		return new AuditRecord(this.action, this.resourceType, this.resourceId, this.outcome, more, this.sensitive);
	}

	public String action() {
		return this.action;
	}

	public String resourceType() {
		return this.resourceType;
	}

	public String resourceId() {
		return this.resourceId;
	}

	public Outcome outcome() {
		return this.outcome;
	}

	public Map<String, Object> details() {
		return this.details;
	}

	public boolean sensitive() {
		return this.sensitive;
	}

	@Override
	public String toString() {
		return "AuditRecord[" + this.action + " " + this.resourceType + "/" + this.resourceId + " " + this.outcome + "]";
	}
}
