package dev.coffer.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.policy.PolicyBodies.ColumnPolicyBody;
import dev.coffer.policy.PolicyBodies.ColumnPolicyView;
import dev.coffer.policy.PolicyBodies.RowPolicyBody;
import dev.coffer.policy.PolicyBodies.RowPolicyView;
import dev.coffer.policy.PolicyBodies.TagPolicyBody;
import dev.coffer.policy.PolicyBodies.TagPolicyView;

/**
 * Creates, changes and deletes policies: validated, stored with a bump of the policy revision and
 * audited in one transaction, then this node's compiled snapshot is dropped at once (other nodes
 * see the new revision within {@code coffer.policy.refresh-interval}).
 */
@Service
class PolicyService {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PolicyService.class);

	private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9a-f-]{36}");

	/** Characters of a stored definition (the {@code definition} columns are {@code VARCHAR(1000000)}). */
	static final int MAX_DEFINITION = 1_000_000;

	/** Characters of {@code created_by} ({@code VARCHAR(200)}). */
	static final int MAX_CREATED_BY = 200;

	private final PolicyStore store;

	private final PolicyValidator validator;

	private final PolicySnapshots snapshots;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final JsonMapper json;

	PolicyService(PolicyStore store, PolicyValidator validator, PolicySnapshots snapshots,
			TransactionTemplate transactions, AuditLog audit, JsonMapper json) {
		this.store = store;
		this.validator = validator;
		this.snapshots = snapshots;
		this.transactions = transactions;
		this.audit = audit;
		this.json = json;
	}

	// ---- column policies ----

	ColumnPolicyView createColumn(ColumnPolicyBody request, String createdBy) {
		ColumnPolicyBody body = this.validator.column(request);
		requireVaultPermissions(body.rules());
		String id = create(PolicyKind.COLUMN, body.name(), body.description(), body, createdBy, details(body));
		return column(id);
	}

	ColumnPolicyView replaceColumn(String id, ColumnPolicyBody request) {
		ColumnPolicyBody body = this.validator.column(request);
		requireVaultPermissions(body.rules());
		replace(PolicyKind.COLUMN, id, body.name(), body.description(), body, details(body));
		return column(id);
	}

	ColumnPolicyView column(String id) {
		return columnView(find(PolicyKind.COLUMN, id));
	}

	ListResponse<ColumnPolicyView> columns(Paging paging, HttpServletResponse response) {
		return list(PolicyKind.COLUMN, paging, response, this::columnView, ColumnPolicyView::id);
	}

	ColumnPolicyView columnView(PolicyStore.Stored stored) {
		ColumnPolicyBody body = readable(stored, PolicyKind.COLUMN, ColumnPolicyBody.class);
		return body == null
				? new ColumnPolicyView(stored.id(), stored.name(), stored.description(), null, null, stored.createdAt(),
						stored.updatedAt(), stored.createdBy(), true)
				: new ColumnPolicyView(stored.id(), stored.name(), stored.description(), body.columns(), body.rules(),
						stored.createdAt(), stored.updatedAt(), stored.createdBy(), false);
	}

	// ---- tag policies ----

	TagPolicyView createTag(TagPolicyBody request, String createdBy) {
		TagPolicyBody body = this.validator.tag(request);
		requireVaultPermissions(body.rules());
		String id = create(PolicyKind.TAG, body.name(), body.description(), body, createdBy, details(body));
		return tag(id);
	}

	TagPolicyView replaceTag(String id, TagPolicyBody request) {
		requireUnmanaged(find(PolicyKind.TAG, id));
		TagPolicyBody body = this.validator.tag(request);
		requireVaultPermissions(body.rules());
		replace(PolicyKind.TAG, id, body.name(), body.description(), body, details(body));
		return tag(id);
	}

	TagPolicyView tag(String id) {
		return tagView(find(PolicyKind.TAG, id));
	}

	ListResponse<TagPolicyView> tags(Paging paging, HttpServletResponse response) {
		return list(PolicyKind.TAG, paging, response, this::tagView, TagPolicyView::id);
	}

	TagPolicyView tagView(PolicyStore.Stored stored) {
		TagPolicyBody body = readable(stored, PolicyKind.TAG, TagPolicyBody.class);
		return body == null
				? new TagPolicyView(stored.id(), stored.name(), stored.description(), null, null, null, stored.managedBy(),
						stored.createdAt(), stored.updatedAt(), stored.createdBy(), true)
				: new TagPolicyView(stored.id(), stored.name(), stored.description(), body.tag(), body.tagValue(),
						body.rules(), stored.managedBy(), stored.createdAt(), stored.updatedAt(), stored.createdBy(), false);
	}

	// ---- tag policies managed by a tag protection (no caller: permissions were checked on the request) ----

	/**
	 * Creates the tag policy of protection {@code managedBy}, validated like any tag policy; joins
	 * the caller's transaction. Answers its id.
	 * @throws ApiException {@code validation_failed}, {@code name_taken}, {@code payload_too_large}
	 */
	String createManagedTag(TagPolicyBody request, String managedBy, String createdBy) {
		TagPolicyBody body = this.validator.tag(request);
		return create(PolicyKind.TAG, body.name(), body.description(), body, createdBy, managedBy, details(body));
	}

	/** Replaces the tag policy of protection {@code managedBy}; false when it no longer exists. */
	boolean replaceManagedTag(String id, TagPolicyBody request, String managedBy) {
		TagPolicyBody body = this.validator.tag(request);
		Optional<PolicyStore.Stored> current = this.store.find(PolicyKind.TAG, id);
		if (current.isEmpty()) {
			return false;
		}
		requireManagedBy(current.get(), managedBy);
		replace(PolicyKind.TAG, id, body.name(), body.description(), body, details(body));
		return true;
	}

	/** Deletes the tag policy of protection {@code managedBy}, if it still exists. */
	void deleteManagedTag(String id, String managedBy) {
		Optional<PolicyStore.Stored> current = this.store.find(PolicyKind.TAG, id);
		if (current.isPresent()) {
			requireManagedBy(current.get(), managedBy);
			delete(PolicyKind.TAG, id, current.get());
		}
	}

	private static void requireManagedBy(PolicyStore.Stored stored, String managedBy) {
		if (!managedBy.equals(stored.managedBy())) {
			throw new ApiException(ErrorCode.CONFLICT, "Tag policy '" + stored.id() + "' is not managed by tag protection '"
					+ managedBy + "'");
		}
	}

	/** A policy a tag protection manages changes only through it. */
	private static void requireUnmanaged(PolicyStore.Stored stored) {
		if (stored.managedBy() != null) {
			throw new ApiException(ErrorCode.POLICY_MANAGED, "Tag policy '" + stored.name() + "' is managed by tag protection '"
					+ stored.managedBy() + "': change or delete it through /api/v1/tag-masking/" + stored.managedBy());
		}
	}

	// ---- row policies ----

	RowPolicyView createRow(RowPolicyBody request, String createdBy) {
		RowPolicyBody body = this.validator.row(request);
		String id = create(PolicyKind.ROW, body.name(), body.description(), body, createdBy, details(body));
		return row(id);
	}

	RowPolicyView replaceRow(String id, RowPolicyBody request) {
		RowPolicyBody body = this.validator.row(request);
		replace(PolicyKind.ROW, id, body.name(), body.description(), body, details(body));
		return row(id);
	}

	RowPolicyView row(String id) {
		return rowView(find(PolicyKind.ROW, id));
	}

	ListResponse<RowPolicyView> rows(Paging paging, HttpServletResponse response) {
		return list(PolicyKind.ROW, paging, response, this::rowView, RowPolicyView::id);
	}

	RowPolicyView rowView(PolicyStore.Stored stored) {
		RowPolicyBody body = readable(stored, PolicyKind.ROW, RowPolicyBody.class);
		return body == null
				? new RowPolicyView(stored.id(), stored.name(), stored.description(), null, null, null, stored.createdAt(),
						stored.updatedAt(), stored.createdBy(), true)
				: new RowPolicyView(stored.id(), stored.name(), stored.description(), body.table(), body.column(),
						body.rules(), stored.createdAt(), stored.updatedAt(), stored.createdBy(), false);
	}

	/**
	 * The stored definition, or {@code null} when it is damaged: the policy is then shown with
	 * {@code definition_unreadable} (and decides NULL, no rows, until replaced). Its id is logged,
	 * never its content.
	 */
	private <T> T readable(PolicyStore.Stored stored, PolicyKind kind, Class<T> type) {
		try {
			return this.json.readValue(stored.definition(), type);
		}
		catch (RuntimeException damaged) {
			log.warn("Policy {} ({}) cannot be read from the store ({}); shown as definition_unreadable", stored.id(),
					kind.value(), damaged.getClass().getName());
			return null;
		}
	}

	// ---- shared ----

	void delete(PolicyKind kind, String id) {
		PolicyStore.Stored current = find(kind, id);
		requireUnmanaged(current);
		delete(kind, id, current);
	}

	private void delete(PolicyKind kind, String id, PolicyStore.Stored current) {
		this.transactions.executeWithoutResult(tx -> {
			if (!this.store.delete(kind, id)) {
				throw ApiException.notFound(kind.title(), id);
			}
			this.audit.record(AuditRecord.sensitive("policy.deleted", kind.value() + "_policy", id, AuditRecord.Outcome.SUCCESS)
				.with("name", current.name()));
		});
		this.snapshots.invalidate();
	}

	private String create(PolicyKind kind, String name, String description, Object body, String createdBy,
			Map<String, Object> details) {
		return create(kind, name, description, body, createdBy, null, details);
	}

	private String create(PolicyKind kind, String name, String description, Object body, String createdBy,
			String managedBy, Map<String, Object> details) {
		String id = Ids.next();
		String definition = definition(kind, body);
		try {
			this.transactions.executeWithoutResult(tx -> {
				this.store.insert(kind, id, name, description, definition, reference(createdBy), managedBy, Times.now());
				audited("policy.created", kind, id, name, managedBy == null ? details : managed(details, managedBy));
			});
		}
		catch (DuplicateKeyException taken) {
			throw nameTaken(kind, name);
		}
		this.snapshots.invalidate();
		return id;
	}

	private void replace(PolicyKind kind, String id, String name, String description, Object body,
			Map<String, Object> details) {
		find(kind, id);
		String definition = definition(kind, body);
		try {
			this.transactions.executeWithoutResult(tx -> {
				if (!this.store.update(kind, id, name, description, definition, Times.now())) {
					throw ApiException.notFound(kind.title(), id);
				}
				audited("policy.updated", kind, id, name, details);
			});
		}
		catch (DuplicateKeyException taken) {
			throw nameTaken(kind, name);
		}
		this.snapshots.invalidate();
	}

	private static Map<String, Object> managed(Map<String, Object> details, String managedBy) {
		Map<String, Object> more = new LinkedHashMap<>(details);
		more.put("managed_by", managedBy);
		return more;
	}

	private void audited(String action, PolicyKind kind, String id, String name, Map<String, Object> details) {
		AuditRecord record = AuditRecord.sensitive(action, kind.value() + "_policy", id, AuditRecord.Outcome.SUCCESS)
			.with("name", name);
		for (Map.Entry<String, Object> detail : details.entrySet()) {
			record = record.with(detail.getKey(), detail.getValue());
		}
		this.audit.record(record);
	}

	private PolicyStore.Stored find(PolicyKind kind, String id) {
		Optional<PolicyStore.Stored> found = ID.matcher(id).matches() ? this.store.find(kind, id) : Optional.empty();
		return found.orElseThrow(() -> ApiException.notFound(kind.title(), id));
	}

	private <V> ListResponse<V> list(PolicyKind kind, Paging paging, HttpServletResponse response,
			Function<PolicyStore.Stored, V> view, Function<V, String> idOf) {
		return Pages.of(paging, () -> this.store.list(kind, paging).stream().map(view).toList(), idOf,
				() -> this.store.count(kind), response);
	}

	/** The body as stored; 413 when it would not fit the store (every field within its bounds, but too many of them). */
	private String definition(PolicyKind kind, Object body) {
		String definition = this.json.writeValueAsString(body);
		if (definition.length() > MAX_DEFINITION) {
			throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "This " + kind.value() + " policy takes "
					+ definition.length() + " characters stored; at most " + MAX_DEFINITION
					+ ": split it into several policies, or list fewer columns or values");
		}
		return definition;
	}

	/**
	 * The creator's reference as stored: as it is within {@link #MAX_CREATED_BY} characters, else its
	 * kind and the SHA-256 of the rest ({@code oidc_user:sha256:<hex>}), which stays one stable value
	 * per principal.
	 */
	static String reference(String reference) {
		if (reference == null || reference.length() <= MAX_CREATED_BY) {
			return reference;
		}
		int colon = reference.indexOf(':');
		String kind = colon > 0 && colon <= 32 ? reference.substring(0, colon) : "principal";
		return kind + ":sha256:" + MaskValues.sha256Hex(reference.substring(colon + 1));
	}

	/**
	 * {@code tokenize} and {@code detokenize} reach the vault for whoever the policy applies to: a
	 * writer may give them only when holding {@code tokens:tokenize} or {@code tokens:detokenize}
	 * itself (otherwise {@code policies:write} alone would reveal tokenized values).
	 */
	static void requireVaultPermissions(List<PolicyBodies.MaskingRule> rules) {
		for (PolicyBodies.MaskingRule rule : rules) {
			MaskingType type = MaskingType.find(String.valueOf(rule.masking().type())).orElse(null);
			if (type == MaskingType.DETOKENIZE) {
				Authz.require(Permission.DETOKENIZE);
			}
			else if (type == MaskingType.TOKENIZE) {
				Authz.require(Permission.TOKENIZE);
			}
		}
	}

	private static ApiException nameTaken(PolicyKind kind, String name) {
		return new ApiException(ErrorCode.NAME_TAKEN, "A " + kind.value() + " policy named '" + name + "' already exists");
	}

	private static Map<String, Object> details(ColumnPolicyBody body) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("columns", body.columns().size());
		details.put("rules", rules(body.rules()));
		return details;
	}

	private static Map<String, Object> details(TagPolicyBody body) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("tag", body.tag());
		if (body.tagValue() != null) {
			details.put("tag_value", body.tagValue());
		}
		details.put("rules", rules(body.rules()));
		return details;
	}

	private static Map<String, Object> details(RowPolicyBody body) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("table", body.table().toString());
		details.put("column", body.column());
		// the allowed values are data: only their count is recorded
		details.put("rules", body.rules().stream().map(rule -> rule.role() + ":" + rule.values().size()).toList());
		return details;
	}

	private static List<String> rules(List<PolicyBodies.MaskingRule> rules) {
		return rules.stream().map(rule -> rule.role() + ":" + rule.masking().type()).toList();
	}
}
