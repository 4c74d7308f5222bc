package dev.coffer.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.SafeLog;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.jobs.JobContext;
import dev.coffer.jobs.JobFinished;
import dev.coffer.jobs.JobHandler;
import dev.coffer.policy.PolicyBodies.TagPolicyBody;
import dev.coffer.policy.TagProtectionBodies.Definition;

/**
 * Applies one change of a tag protection ({@code policy.tag_protection}): compiles the protection
 * into its managed tag policy and creates, replaces or deletes that policy through
 * {@link PolicyService}, then marks the change {@code applied} (a deleted protection is removed),
 * in one transaction that holds the protection's row. A change that cannot be applied as requested
 * (unknown token format, a format of the other kind, a compiled policy that does not validate)
 * marks it {@code failed} with a code; the job still succeeds, its result says which. Anything else
 * (the store) is retried by the job system; when the job ends without settling the change, it is
 * {@code failed} with {@code apply_interrupted}. Only the change the job was started for is applied.
 */
@Component
class TagProtectionJob implements JobHandler {

	static final String TYPE = "policy.tag_protection";

	/** Final job statuses, and {@code purged} for a job that is gone. */
	static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled", "purged");

	private static final Logger log = LoggerFactory.getLogger(TagProtectionJob.class);

	private final TagProtectionStore store;

	private final TagProtectionDefinitions definitions;

	private final PolicyService policies;

	private final PolicySnapshots snapshots;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final JsonMapper json;

	TagProtectionJob(TagProtectionStore store, TagProtectionDefinitions definitions, PolicyService policies,
			PolicySnapshots snapshots, TransactionTemplate transactions, AuditLog audit, JsonMapper json) {
		this.store = store;
		this.definitions = definitions;
		this.policies = policies;
		this.snapshots = snapshots;
		this.transactions = transactions;
		this.audit = audit;
		this.json = json;
	}

	@Override
	public String type() {
		return TYPE;
	}

	/** The job's parameters. */
	record Params(String protectionId, String changeId) {
	}

	@Override
	public void run(JobContext context) {
		Params params = context.params(Params.class);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("protection_id", params.protectionId());
		TagProtectionStore.Row row = this.store.find(params.protectionId()).orElse(null);
		if (row == null || !row.pending() || !row.changeId().equals(params.changeId())) {
			result.put("status", row == null ? "deleted" : row.status());
			result.put("skipped", true);
			context.result(result);
			return;
		}
		try {
			String outcome = row.change().equals(TagProtectionStore.DELETE) ? deleted(row) : applied(row);
			result.put("status", outcome);
		}
		catch (TagProtectionDefinitions.ApplyFailedException ex) {
			fail(row, ex.code(), ex.getMessage(), result);
		}
		catch (ValidationFailedException ex) {
			Set<String> codes = ex.errors().stream().map(ValidationFailedException.FieldError::code).collect(Collectors.toSet());
			fail(row, codes.size() == 1 ? codes.iterator().next() : ex.code().code(), "The tag policy this protection compiles "
					+ "into is not valid: " + ex.errors().stream().map(e -> e.field() + " " + e.message())
						.collect(Collectors.joining("; ")), result);
		}
		catch (ApiException ex) {
			if (ex.code().status().is5xxServerError()) {
				throw ex;
			}
			fail(row, ex.code().code(), ex.getMessage(), result);
		}
		finally {
			// after the commit: a read on this node that refreshed meanwhile must not keep the old snapshot
			this.snapshots.invalidate();
		}
		context.result(result);
	}

	private String applied(TagProtectionStore.Row row) {
		Definition definition = this.json.readValue(row.definition(), Definition.class);
		TagPolicyBody body = this.definitions.compile(row, definition);
		return this.transactions.execute(tx -> {
			TagProtectionStore.Row locked = this.store.lock(row.id()).orElse(null);
			if (locked == null || !locked.pending() || !locked.changeId().equals(row.changeId())) {
				return locked == null ? "deleted" : locked.status();
			}
			String policyId = locked.policyId();
			if (policyId == null || !this.policies.replaceManagedTag(policyId, body, row.id())) {
				policyId = this.policies.createManagedTag(body, row.id(), row.createdBy());
			}
			this.store.markApplied(row.id(), row.changeId(), policyId, Times.now());
			this.audit.record(AuditLog.Actor.SYSTEM, outcome("tag_protection.applied", row, AuditRecord.Outcome.SUCCESS)
				.with("policy_id", policyId));
			return TagProtectionStore.APPLIED;
		});
	}

	private String deleted(TagProtectionStore.Row row) {
		return this.transactions.execute(tx -> {
			TagProtectionStore.Row locked = this.store.lock(row.id()).orElse(null);
			if (locked == null || !locked.pending() || !locked.changeId().equals(row.changeId())) {
				return locked == null ? "deleted" : locked.status();
			}
			if (locked.policyId() != null) {
				this.policies.deleteManagedTag(locked.policyId(), row.id());
			}
			this.store.delete(row.id(), row.changeId());
			this.audit.record(AuditLog.Actor.SYSTEM, outcome("tag_protection.deleted", row, AuditRecord.Outcome.SUCCESS)
				.with("policy_id", locked.policyId()));
			return "deleted";
		});
	}

	private void fail(TagProtectionStore.Row row, String code, String message, Map<String, Object> result) {
		this.transactions.executeWithoutResult(tx -> {
			if (this.store.markFailed(row.id(), row.changeId(), code, message, Times.now())) {
				this.audit.record(AuditLog.Actor.SYSTEM, outcome("tag_protection.failed", row, AuditRecord.Outcome.FAILURE)
					.with("failure_code", code));
			}
		});
		result.put("status", TagProtectionStore.FAILED);
		result.put("failure_code", code);
	}

	/** Settles a change whose job ended without applying it. */
	@EventListener
	void jobFinished(JobFinished finished) {
		if (!TYPE.equals(finished.job().get("type")) || "succeeded".equals(finished.status())) {
			return;
		}
		Object jobId = finished.job().get("id");
		try {
			for (TagProtectionStore.Row row : this.store.pendingOfJob(String.valueOf(jobId))) {
				interrupted(this.store, this.audit, row, finished.status());
			}
		}
		catch (RuntimeException ex) {
			// read again later: a read of the protection settles it then
			log.warn("Settling the tag protection of job {} failed: {}", jobId, SafeLog.describe(ex));
		}
	}

	/** Marks the pending change of {@code row} failed ({@code apply_interrupted}): its job ended ({@code status}). */
	static void interrupted(TagProtectionStore store, AuditLog audit, TagProtectionStore.Row row, String status) {
		if (store.markFailed(row.id(), row.changeId(), "apply_interrupted", "The job applying this change (" + row.change()
				+ ") ended (" + status + ") before the change was applied; nothing of it is in force. Send the change again.",
				Times.now())) {
			audit.record(AuditLog.Actor.SYSTEM, outcome("tag_protection.failed", row, AuditRecord.Outcome.FAILURE)
				.with("failure_code", "apply_interrupted"));
		}
	}

	private static AuditRecord outcome(String action, TagProtectionStore.Row row, AuditRecord.Outcome outcome) {
		return AuditRecord.sensitive(action, "tag_protection", row.id(), outcome)
			.with("change", row.change())
			.with("tag", row.tag())
			.with("tag_value", row.tagValue().isEmpty() ? null : row.tagValue())
			.with("protection", row.protectionType())
			.with("job_id", row.jobId());
	}
}
