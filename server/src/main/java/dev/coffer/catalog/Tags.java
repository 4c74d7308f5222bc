package dev.coffer.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
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
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;

/** Built-in and custom tags, and the check of a value against a tag's allowed values. */
@Service
class Tags {

	static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");

	static final int MAX_VALUES = 100;

	static final int MAX_VALUE_LENGTH = 256;

	private final TagStore store;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Tags(TagStore store, TransactionTemplate transactions, AuditLog audit, ApplicationEventPublisher events) {
		this.store = store;
		this.transactions = transactions;
		this.audit = audit;
		this.events = events;
	}

	TagView create(String name, String description, List<String> allowedValues, String createdBy) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw ValidationFailedException.of("name", "invalid_format",
					"must be 1 to 64 characters: a letter, then letters, digits, '_', '.', ':' or '-'");
		}
		List<String> values = allowedValues(allowedValues);
		String id = Ids.next();
		this.transactions.executeWithoutResult(tx -> {
			if (this.store.findByName(name).isPresent()) {
				throw new ApiException(ErrorCode.NAME_TAKEN, "A tag named '" + name + "' already exists");
			}
			this.store.insert(id, name, description, values, createdBy, Times.now());
			this.audit.record(AuditRecord.sensitive("tag.created", "tag", id, AuditRecord.Outcome.SUCCESS)
				.with("name", name)
				.with("allowed_values", values == null ? null : values.size()));
		});
		return get(name);
	}

	TagView get(String name) {
		return find(name).orElseThrow(() -> ApiException.notFound("Tag", name));
	}

	java.util.Optional<TagView> find(String name) {
		return name != null && NAME.matcher(name).matches() ? this.store.findByName(name) : java.util.Optional.empty();
	}

	ListResponse<TagView> list(Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.store.list(paging), TagView::id, this.store::count, response);
	}

	/**
	 * Changes the description and, for a custom tag, the allowed values ({@code []} accepts any value
	 * again). Values already assigned must stay allowed.
	 */
	TagView update(String name, String description, List<String> allowedValues) {
		TagView tag = get(name);
		if (allowedValues != null && tag.builtIn()) {
			throw ValidationFailedException.of("allowed_values", "built_in", "cannot be set on a built-in tag");
		}
		List<String> values = allowedValues == null ? tag.allowedValues()
				: allowedValues.isEmpty() ? null : allowedValues(allowedValues);
		this.transactions.executeWithoutResult(tx -> {
			if (values != null) {
				List<String> orphaned = this.store.valuesInUse(tag.id()).stream().filter(v -> !values.contains(v)).toList();
				if (!orphaned.isEmpty()) {
					throw new ApiException(ErrorCode.CONFLICT, "Columns carry values of tag '" + tag.name()
							+ "' that the new allowed values leave out (" + orphaned.size()
							+ "); change those assignments first");
				}
			}
			this.store.update(tag.id(), description != null ? description : tag.description(), values, Times.now());
			this.audit.record(AuditRecord.sensitive("tag.updated", "tag", tag.id(), AuditRecord.Outcome.SUCCESS)
				.with("name", tag.name())
				.with("allowed_values", values == null ? null : values.size()));
		});
		return get(name);
	}

	/** Deletes a custom tag with its assignments, mappings and proposals. */
	void delete(String name) {
		TagView tag = get(name);
		if (tag.builtIn()) {
			throw new ApiException(ErrorCode.CONFLICT, "Tag '" + tag.name() + "' is built in and cannot be deleted");
		}
		this.transactions.executeWithoutResult(tx -> {
			if (!this.store.delete(tag.id())) {
				throw ApiException.notFound("Tag", name);
			}
			this.audit.record(AuditRecord.sensitive("tag.deleted", "tag", tag.id(), AuditRecord.Outcome.SUCCESS)
				.with("name", tag.name())
				.with("columns_untagged", tag.columnCount()));
			this.events.publishEvent(new ColumnTagsChanged(null));
		});
	}

	/**
	 * @return {@code value} if the tag accepts it (any value when the tag has no allowed values)
	 * @throws ValidationFailedException on field {@code value} otherwise
	 */
	static String checkValue(TagView tag, String value) {
		if (value != null && (value.isEmpty() || value.length() > MAX_VALUE_LENGTH)) {
			throw ValidationFailedException.of("value", "invalid_length", "must be 1 to " + MAX_VALUE_LENGTH + " characters");
		}
		if (tag.allowedValues() != null) {
			if (value == null) {
				throw ValidationFailedException.of("value", "required",
						"is required: tag '" + tag.name() + "' takes one of " + String.join(", ", tag.allowedValues()));
			}
			if (!tag.allowedValues().contains(value)) {
				throw ValidationFailedException.of("value", "not_allowed",
						"is not an allowed value of tag '" + tag.name() + "': " + String.join(", ", tag.allowedValues()));
			}
		}
		return value;
	}

	private static List<String> allowedValues(List<String> values) {
		if (values == null) {
			return null;
		}
		if (values.isEmpty() || values.size() > MAX_VALUES) {
			throw ValidationFailedException.of("allowed_values", "invalid_length", "must list 1 to " + MAX_VALUES + " values");
		}
		List<ValidationFailedException.FieldError> errors = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
				errors.add(new ValidationFailedException.FieldError("allowed_values[" + i + "]", "invalid_length",
						"must be 1 to " + MAX_VALUE_LENGTH + " characters"));
			}
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		return List.copyOf(new LinkedHashSet<>(values));
	}
}
