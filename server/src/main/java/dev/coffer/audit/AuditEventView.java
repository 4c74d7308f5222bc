package dev.coffer.audit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.json.JsonMapper;

/** An audit event as stored, exported and hashed. */
@Schema(name = "AuditEvent")
record AuditEventView(
		@Schema(description = "Position in the chain: gap-free, in commit order.") long seq,
		@Schema(description = "Event id (UUIDv7).") String id,
		@Schema(description = "When it happened.") OffsetDateTime occurredAt,
		@Schema(description = "Kind of actor: `service_account`, `administrator`, `oidc_user`, `anonymous` or `system`.") String actorKind,
		@Schema(description = "Principal id of the actor.") String actorId,
		@Schema(description = "Principal name of the actor.") String actorName,
		@Schema(description = "API key used.") String keyName,
		@Schema(description = "Roles of the credential, comma-separated.") String roles,
		@Schema(description = "Client address.") String clientAddress,
		@Schema(description = "What was done, e.g. `api_key.created`, `auth.failed`.") String action,
		@Schema(description = "Kind of resource acted on.") String resourceType,
		@Schema(description = "Identifier of the resource.") String resourceId,
		@Schema(description = "`success`, `failure` or `denied`.") String outcome,
		@Schema(description = "Request id (X-Request-Id).") String requestId,
		@Schema(description = "Details as JSON text: counts, codes, keyed HMACs; never sensitive values.") String details,
		@Schema(description = "Hash of the previous event.") String prevHash,
		@Schema(description = "HMAC-SHA256 over the previous hash and this event.") String hash) {

	static final List<String> COLUMNS = List.of("seq", "id", "occurred_at", "actor_kind", "actor_id", "actor_name",
			"key_name", "roles", "client_address", "action", "resource_type", "resource_id", "outcome", "request_id",
			"details", "prev_hash", "hash");

	/** The exact text the chain MAC covers (everything but the hash itself), as a JSON array. */
	String canonical(JsonMapper json) {
		return json.writeValueAsString(Arrays.asList(Long.toString(this.seq), this.id,
				DateTimeFormatter.ISO_INSTANT.format(this.occurredAt.toInstant()), this.actorKind, this.actorId,
				this.actorName, this.keyName, this.roles, this.clientAddress, this.action, this.resourceType,
				this.resourceId, this.outcome, this.requestId, this.details, this.prevHash));
	}

	/** The values in {@link #COLUMNS} order, as text (for CSV). */
	List<String> values() {
		return Arrays.asList(Long.toString(this.seq), this.id,
				DateTimeFormatter.ISO_INSTANT.format(this.occurredAt.toInstant()), this.actorKind, this.actorId,
				this.actorName, this.keyName, this.roles, this.clientAddress, this.action, this.resourceType,
				this.resourceId, this.outcome, this.requestId, this.details, this.prevHash, this.hash);
	}
}
