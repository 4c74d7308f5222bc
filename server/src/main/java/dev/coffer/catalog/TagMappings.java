package dev.coffer.catalog;

import java.time.OffsetDateTime;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
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
import dev.coffer.classification.DetectedType;

/**
 * The mapping from detected types to tags. Seeded once per detected type from
 * {@link DetectedType#defaultTags()} at priority {@value #DEFAULT_PRIORITY}; a type that a later
 * detector adds gets its defaults at the next start, and a rule a steward deleted stays deleted.
 */
@Service
class TagMappings {

	static final int DEFAULT_PRIORITY = 100;

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

	private final TagMappingStore store;

	private final Tags tags;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	TagMappings(TagMappingStore store, Tags tags, TransactionTemplate transactions, AuditLog audit) {
		this.store = store;
		this.tags = tags;
		this.transactions = transactions;
		this.audit = audit;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seedDefaults() {
		for (DetectedType type : DetectedType.values()) {
			this.transactions.executeWithoutResult(tx -> {
				OffsetDateTime now = Times.now();
				if (!this.store.markSeeded(type.apiName(), now)) {
					return;
				}
				for (String tag : type.defaultTags()) {
					this.store.tagId(tag).ifPresent(tagId -> this.store.insert(Ids.next(), type.apiName(), tagId, null,
							DEFAULT_PRIORITY, now));
				}
			});
		}
	}

	TagMappingView create(String detectedType, String tagName, String value, Integer priority) {
		String type = detectedType(detectedType);
		TagView tag = this.tags.find(tagName)
			.orElseThrow(() -> ValidationFailedException.of("tag", "unknown_tag", "is not a tag; see GET /api/v1/tags"));
		Tags.checkValue(tag, value);
		String id = Ids.next();
		this.transactions.executeWithoutResult(tx -> {
			if (this.store.exists(type, tag.id(), value, null)) {
				throw new ApiException(ErrorCode.CONFLICT, "A mapping of '" + type + "' to tag '" + tag.name()
						+ "' with this value already exists; change its priority instead");
			}
			this.store.insert(id, type, tag.id(), value, priority == null ? DEFAULT_PRIORITY : priority, Times.now());
			this.audit.record(AuditRecord.sensitive("tag_mapping.created", "tag_mapping", id, AuditRecord.Outcome.SUCCESS)
				.with("detected_type", type)
				.with("tag", tag.name()));
		});
		return get(id);
	}

	TagMappingView get(String id) {
		return (id != null && ID.matcher(id).matches() ? this.store.find(id) : java.util.Optional.<TagMappingView>empty())
			.orElseThrow(() -> ApiException.notFound("Tag mapping", id));
	}

	ListResponse<TagMappingView> list(String detectedType, String tag, Paging paging, HttpServletResponse response) {
		String folded = tag == null ? null : TagStore.fold(tag);
		return Pages.of(paging, () -> this.store.list(detectedType, folded, paging), TagMappingView::id,
				() -> this.store.count(detectedType, folded), response);
	}

	TagMappingView update(String id, String value, boolean valueGiven, Integer priority) {
		TagMappingView mapping = get(id);
		String newValue = valueGiven ? value : mapping.value();
		if (valueGiven) {
			Tags.checkValue(this.tags.get(mapping.tag()), newValue);
		}
		this.transactions.executeWithoutResult(tx -> {
			this.store.update(id, newValue, priority == null ? mapping.priority() : priority, Times.now());
			this.audit.record(AuditRecord.sensitive("tag_mapping.updated", "tag_mapping", id, AuditRecord.Outcome.SUCCESS)
				.with("detected_type", mapping.detectedType())
				.with("tag", mapping.tag()));
		});
		return get(id);
	}

	void delete(String id) {
		TagMappingView mapping = get(id);
		this.transactions.executeWithoutResult(tx -> {
			if (!this.store.delete(id)) {
				throw ApiException.notFound("Tag mapping", id);
			}
			this.audit.record(AuditRecord.sensitive("tag_mapping.deleted", "tag_mapping", id, AuditRecord.Outcome.SUCCESS)
				.with("detected_type", mapping.detectedType())
				.with("tag", mapping.tag()));
		});
	}

	static String detectedType(String name) {
		return DetectedType.fromApiName(name)
			.map(DetectedType::apiName)
			.orElseThrow(() -> ValidationFailedException.of("detected_type", "unknown_type", "is not a detected type; known: "
					+ String.join(", ", java.util.Arrays.stream(DetectedType.values()).map(DetectedType::apiName).toList())));
	}
}
