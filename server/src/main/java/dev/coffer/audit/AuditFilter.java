package dev.coffer.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Filters of the event list and export. {@code actor} matches the actor's id, name or key name;
 * {@code resource} matches the resource id or {@code type/id}.
 */
record AuditFilter(OffsetDateTime since, OffsetDateTime until, String actor, String action, String outcome,
		String resource) {

	static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null);

	String where() {
		List<String> clauses = new ArrayList<>();
		clauses.add("seq > 0"); // chained events only: a pending one has a provisional negative seq
		if (this.since != null) {
			clauses.add("occurred_at >= :f_since");
		}
		if (this.until != null) {
			clauses.add("occurred_at < :f_until");
		}
		if (this.actor != null) {
			clauses.add("(actor_id = :f_actor OR actor_name = :f_actor OR key_name = :f_actor)");
		}
		if (this.action != null) {
			clauses.add("action = :f_action");
		}
		if (this.outcome != null) {
			clauses.add("outcome = :f_outcome");
		}
		if (this.resource != null) {
			clauses.add("(resource_id = :f_resource OR resource_type || '/' || resource_id = :f_resource)");
		}
		return String.join(" AND ", clauses);
	}

	Map<String, Object> params() {
		Map<String, Object> params = new LinkedHashMap<>();
		if (this.since != null) {
			params.put("f_since", this.since);
		}
		if (this.until != null) {
			params.put("f_until", this.until);
		}
		if (this.actor != null) {
			params.put("f_actor", this.actor);
		}
		if (this.action != null) {
			params.put("f_action", this.action);
		}
		if (this.outcome != null) {
			params.put("f_outcome", this.outcome);
		}
		if (this.resource != null) {
			params.put("f_resource", this.resource);
		}
		return params;
	}
}
