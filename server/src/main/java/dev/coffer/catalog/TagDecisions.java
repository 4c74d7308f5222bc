package dev.coffer.catalog;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.coffer.catalog.ColumnTagStore.ProposalRow;
import dev.coffer.catalog.ColumnTagStore.TagRow;

/**
 * Turns a classification into tags and proposals, and keeps people's decisions above it:
 *
 * <ul>
 * <li>A column whose detected type reaches the proposal threshold gets the tags of its type's
 * mapping, applied at once ({@code classification}) when automatic application is on and the
 * confidence reaches its threshold, otherwise as {@code pending} proposals.</li>
 * <li>A manual tag, or one from an approved proposal, is never changed or removed by a
 * classification.</li>
 * <li>A rejected proposal (or a tag removed by hand) is not proposed again for that column while the
 * detected type stays the same.</li>
 * <li>Tags applied automatically and pending proposals that the new classification no longer
 * supports are removed.</li>
 * </ul>
 * Called inside the caller's transaction.
 */
@Component
class TagDecisions {

	static final String SYSTEM = "system";

	private final ColumnTagStore store;

	private final TagMappingStore mappings;

	TagDecisions(ColumnTagStore store, TagMappingStore mappings) {
		this.store = store;
		this.mappings = mappings;
	}

	/** When tags are applied rather than proposed. */
	record Policy(boolean autoApply, double autoApplyMinConfidence, double proposalMinConfidence) {
	}

	/** The classification of one column, as the tags see it. */
	record Outcome(String columnId, String detectedType, double confidence) {
	}

	/** What a classification changed. */
	record Changes(int applied, int proposed, int removed) {

		Changes plus(Changes other) {
			return new Changes(this.applied + other.applied, this.proposed + other.proposed, this.removed + other.removed);
		}
	}

	Changes classified(List<Outcome> outcomes, Policy policy, String jobId, Map<String, Map<String, TagMappingStore.Effective>> mappingCache,
			OffsetDateTime now) {
		List<String> ids = outcomes.stream().map(Outcome::columnId).toList();
		Map<String, Map<String, TagRow>> tags = this.store.tags(ids).stream()
			.collect(Collectors.groupingBy(TagRow::columnId, Collectors.toMap(TagRow::tagId, row -> row)));
		Map<String, Map<String, ProposalRow>> proposals = this.store.proposals(ids).stream()
			.collect(Collectors.groupingBy(ProposalRow::columnId, Collectors.toMap(ProposalRow::tagId, row -> row)));
		int applied = 0;
		int proposed = 0;
		int removed = 0;
		for (Outcome outcome : outcomes) {
			Map<String, TagRow> current = tags.getOrDefault(outcome.columnId(), Map.of());
			Map<String, ProposalRow> open = proposals.getOrDefault(outcome.columnId(), Map.of());
			Map<String, TagMappingStore.Effective> wanted = outcome.detectedType() == null
					|| outcome.confidence() < policy.proposalMinConfidence() ? Map.of()
							: mappingCache.computeIfAbsent(outcome.detectedType(), this.mappings::effective);
			boolean apply = policy.autoApply() && outcome.confidence() >= policy.autoApplyMinConfidence();
			for (Map.Entry<String, TagMappingStore.Effective> entry : wanted.entrySet()) {
				String tagId = entry.getKey();
				String value = entry.getValue().value();
				TagRow existing = current.get(tagId);
				if (existing != null && !ColumnTagStore.CLASSIFICATION.equals(existing.source())) {
					continue; // a person's tag stands
				}
				ProposalRow previous = open.get(tagId);
				if (previous != null && ColumnTagStore.REJECTED.equals(previous.status())
						&& java.util.Objects.equals(previous.detectedType(), outcome.detectedType())) {
					continue; // rejected for this type
				}
				if (apply) {
					this.store.putTag(outcome.columnId(), tagId, value, ColumnTagStore.CLASSIFICATION, outcome.detectedType(),
							jobId, SYSTEM, now);
					this.store.putProposal(outcome.columnId(), tagId, value, outcome.detectedType(), outcome.confidence(),
							ColumnTagStore.APPLIED, jobId, SYSTEM, now);
					if (existing == null || !java.util.Objects.equals(existing.value(), value)) {
						applied++;
					}
				}
				else {
					if (existing != null) {
						this.store.deleteTag(outcome.columnId(), tagId);
						removed++;
					}
					this.store.putProposal(outcome.columnId(), tagId, value, outcome.detectedType(), outcome.confidence(),
							ColumnTagStore.PENDING, jobId, null, now);
					if (previous == null || !ColumnTagStore.PENDING.equals(previous.status())) {
						proposed++;
					}
				}
			}
			Set<String> keep = wanted.keySet();
			for (TagRow existing : current.values()) {
				if (ColumnTagStore.CLASSIFICATION.equals(existing.source()) && !keep.contains(existing.tagId())) {
					this.store.deleteTag(outcome.columnId(), existing.tagId());
					this.store.deleteProposal(outcome.columnId(), existing.tagId());
					removed++;
				}
			}
			for (ProposalRow previous : open.values()) {
				if (ColumnTagStore.PENDING.equals(previous.status()) && !keep.contains(previous.tagId())) {
					this.store.deleteProposal(outcome.columnId(), previous.tagId());
				}
			}
		}
		return new Changes(applied, proposed, removed);
	}

	/** Assigns a tag by hand: it becomes manual, whatever was there, and settles a pending proposal. */
	void assign(String columnId, String tagId, String value, String by, OffsetDateTime now) {
		this.store.putTag(columnId, tagId, value, ColumnTagStore.MANUAL, null, null, by, now);
		this.store.proposals(List.of(columnId)).stream()
			.filter(p -> p.tagId().equals(tagId) && ColumnTagStore.PENDING.equals(p.status()))
			.findFirst()
			.ifPresent(p -> this.store.deleteProposal(columnId, tagId));
	}

	/**
	 * Removes a tag by hand and remembers it as rejected for the column's current detected type, so
	 * a classification does not bring it back.
	 * @return false if the column did not carry the tag
	 */
	boolean unassign(String columnId, String tagId, String currentDetectedType, String by, OffsetDateTime now) {
		if (!this.store.deleteTag(columnId, tagId)) {
			return false;
		}
		this.store.putProposal(columnId, tagId, null, currentDetectedType, null, ColumnTagStore.REJECTED, null, by, now);
		return true;
	}

	/** Applies an approved proposal, unless a person's tag is already there. */
	void approve(ProposalRow proposal, String jobId, String by, OffsetDateTime now) {
		TagRow existing = this.store.tag(proposal.columnId(), proposal.tagId()).orElse(null);
		if (existing == null || ColumnTagStore.CLASSIFICATION.equals(existing.source())) {
			this.store.putTag(proposal.columnId(), proposal.tagId(), proposal.value(), ColumnTagStore.PROPOSAL,
					proposal.detectedType(), jobId, by, now);
		}
	}

	static Map<String, Map<String, TagMappingStore.Effective>> newCache() {
		return new HashMap<>();
	}
}
