package dev.coffer.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Caller;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.jobs.JobView;
import dev.coffer.jobs.Jobs;
import dev.coffer.policy.TagProtectionBodies.Definition;
import dev.coffer.policy.TagProtectionBodies.Failure;
import dev.coffer.policy.TagProtectionBodies.Request;
import dev.coffer.policy.TagProtectionBodies.View;

/**
 * Tag protections: a request stores the change as {@code pending} together with the job that
 * applies it ({@link TagProtectionJob}), in one transaction, and answers at once. While a change
 * is pending every other change of the same protection (or a new protection of the same tag) is
 * refused with {@code protection_change_in_progress} and changes nothing. A pending change whose
 * job ended without settling it (the job failed on every attempt, was cancelled, or its node died
 * before the end was published) is settled as {@code failed} ({@code apply_interrupted}) the next
 * time it is read.
 */
@Service
class TagProtections {

	private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9a-f-]{36}");

	private final TagProtectionStore store;

	private final TagProtectionDefinitions definitions;

	private final Jobs jobs;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final JsonMapper json;

	TagProtections(TagProtectionStore store, TagProtectionDefinitions definitions, Jobs jobs,
			TransactionTemplate transactions, AuditLog audit, JsonMapper json) {
		this.store = store;
		this.definitions = definitions;
		this.jobs = jobs;
		this.transactions = transactions;
		this.audit = audit;
		this.json = json;
	}

	/** A change accepted: the protection as it is now ({@code pending}) and the job applying it. */
	record Accepted(View protection, String jobId) {
	}

	Accepted create(Request request, Caller caller) {
		Definition definition = this.definitions.validate(request);
		ColumnTag tag = new ColumnTag(request.tag(), request.tagValue());
		String value = tag.value() == null ? "" : tag.value();
		Optional<TagProtectionStore.Row> existing = this.store.findByTag(tag.name(), value).map(this::settled);
		if (existing.isPresent()) {
			throw conflict(existing.get());
		}
		String id = Ids.next();
		String changeId = Ids.next();
		String definitionJson = this.json.writeValueAsString(definition);
		JobView job;
		try {
			job = this.transactions.execute(tx -> {
				JobView started = submit(id, changeId, caller);
				this.store.insert(id, tag.name(), value, definition.protection(), request.description(), definitionJson,
						changeId, started.id(), PolicyService.reference(caller.reference()), Times.now());
				audited(TagProtectionStore.CREATE, id, tag.name(), value, definition.protection(), started.id());
				return started;
			});
		}
		catch (DuplicateKeyException raced) {
			throw this.store.findByTag(tag.name(), value).map(this::conflict)
				.orElseThrow(() -> new ApiException(dev.coffer.api.error.ErrorCode.CONFLICT,
						"Another change of this tag's protection came first; read it and retry"));
		}
		return new Accepted(get(id), job.id());
	}

	Accepted update(String id, Request request, Caller caller) {
		TagProtectionStore.Row current = settled(find(id));
		if (current.pending()) {
			throw ProtectionConflictException.inProgress(current);
		}
		Definition definition = this.definitions.validate(sameTag(request, current));
		String definitionJson = this.json.writeValueAsString(definition);
		return change(current, TagProtectionStore.UPDATE, definition.protection(), request.description(), definitionJson,
				caller);
	}

	Accepted delete(String id, Caller caller) {
		TagProtectionStore.Row current = settled(find(id));
		if (current.pending()) {
			throw ProtectionConflictException.inProgress(current);
		}
		return change(current, TagProtectionStore.DELETE, null, null, null, caller);
	}

	View get(String id) {
		return view(settled(find(id)));
	}

	ListResponse<View> list(Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.store.list(paging).stream().map(this::settled).map(this::view).toList(), View::id,
				this.store::count, response);
	}

	private Accepted change(TagProtectionStore.Row current, String change, String type, String description,
			String definition, Caller caller) {
		String changeId = Ids.next();
		JobView job = this.transactions.execute(tx -> {
			JobView started = submit(current.id(), changeId, caller);
			if (!this.store.beginChange(current.id(), change, changeId, type, description, definition, started.id(),
					Times.now())) {
				// another change came first (the job submitted above is rolled back with this transaction)
				throw this.store.find(current.id()).map(this::conflict)
					.orElseGet(() -> ApiException.notFound("Tag protection", current.id()));
			}
			audited(change, current.id(), current.tag(), current.tagValue(), type == null ? current.protectionType() : type,
					started.id());
			return started;
		});
		return new Accepted(get(current.id()), job.id());
	}

	private JobView submit(String id, String changeId, Caller caller) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("protection_id", id);
		params.put("change_id", changeId);
		return this.jobs.submit(TagProtectionJob.TYPE, params, null, caller);
	}

	private void audited(String change, String id, String tag, String value, String protection, String jobId) {
		this.audit.record(AuditRecord.sensitive("tag_protection.requested", "tag_protection", id, AuditRecord.Outcome.SUCCESS)
			.with("change", change)
			.with("tag", tag)
			.with("tag_value", value.isEmpty() ? null : value)
			.with("protection", protection)
			.with("job_id", jobId));
	}

	/** The tag and tag value of a replacement must be those of the protection (or left out). */
	private static Request sameTag(Request request, TagProtectionStore.Row current) {
		if (request == null) {
			throw ValidationFailedException.of("", "required", "a JSON object is required");
		}
		ColumnTag given = new ColumnTag(request.tag() == null ? current.tag() : request.tag(),
				request.tag() == null && request.tagValue() == null ? current.tagValue() : request.tagValue());
		if (!current.tag().equals(given.name())) {
			throw ValidationFailedException.of("tag", "immutable", "cannot change; delete this protection and create one "
					+ "for the other tag");
		}
		if (!current.tagValue().equals(given.value() == null ? "" : given.value())) {
			throw ValidationFailedException.of("tag_value", "immutable", "cannot change; delete this protection and create "
					+ "one for the other value");
		}
		return new Request(current.tag(), current.tagValue().isEmpty() ? null : current.tagValue(), request.protection(),
				request.description(), request.rules(), request.tokenFormat(), request.detokenizeRoles(), request.others());
	}

	private ApiException conflict(TagProtectionStore.Row row) {
		return row.pending() ? ProtectionConflictException.inProgress(row) : ProtectionConflictException.alreadyProtected(row);
	}

	private TagProtectionStore.Row find(String id) {
		Optional<TagProtectionStore.Row> found = ID.matcher(id).matches() ? this.store.find(id) : Optional.empty();
		return found.orElseThrow(() -> ApiException.notFound("Tag protection", id));
	}

	/**
	 * The row, with a pending change whose job has ended settled as failed: the job settles its
	 * change itself, so a pending change with an ended job was interrupted.
	 */
	private TagProtectionStore.Row settled(TagProtectionStore.Row row) {
		if (!row.pending() || row.jobId() == null) {
			return row;
		}
		String status;
		try {
			status = this.jobs.view(row.jobId()).status();
		}
		catch (ApiException ex) {
			if (ex.code() != ErrorCode.NOT_FOUND) {
				// the job could not be read just now: the change stays pending, not failed
				return row;
			}
			status = "purged";
		}
		if (!TagProtectionJob.ENDED.contains(status)) {
			return row;
		}
		TagProtectionJob.interrupted(this.store, this.audit, row, status);
		return this.store.find(row.id()).orElse(row);
	}

	private View view(TagProtectionStore.Row row) {
		Definition definition = this.json.readValue(row.definition(), Definition.class);
		Failure failure = row.failureCode() == null ? null : new Failure(row.failureCode(), row.failureMessage());
		return new View(row.id(), row.tag(), row.tagValue().isEmpty() ? null : row.tagValue(), row.protectionType(),
				row.description(), definition.rules(), definition.tokenFormat(), definition.detokenizeRoles(),
				definition.others(), row.status(), row.change(), failure, row.policyId(), row.jobId(), row.createdAt(),
				row.updatedAt(), row.appliedAt(), row.createdBy());
	}
}
