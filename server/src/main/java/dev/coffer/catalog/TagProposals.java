package dev.coffer.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;

/** Listing, approving and rejecting the tags classifications propose. */
@Service
class TagProposals {

	static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "applied");

	static final int MAX_BATCH = 1000;

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

	private final ProposalStore proposals;

	private final ColumnTagStore store;

	private final TagDecisions decisions;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	TagProposals(ProposalStore proposals, ColumnTagStore store, TagDecisions decisions, TransactionTemplate transactions,
			AuditLog audit, ApplicationEventPublisher events) {
		this.proposals = proposals;
		this.store = store;
		this.decisions = decisions;
		this.transactions = transactions;
		this.audit = audit;
		this.events = events;
	}

	ListResponse<ProposalView> list(ProposalStore.Filter filter, Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.proposals.list(filter, paging), ProposalView::id, () -> this.proposals.count(filter),
				response);
	}

	ProposalView get(String id) {
		return (id != null && ID.matcher(id).matches() ? this.proposals.find(id) : java.util.Optional.<ProposalView>empty())
			.orElseThrow(() -> ApiException.notFound("Tag proposal", id));
	}

	/** @throws ApiException {@code conflict} if the proposal is no longer pending */
	ProposalView decide(String id, boolean approve, String by) {
		ProposalView view = get(id);
		this.transactions.executeWithoutResult(tx -> decideOne(view, approve, by));
		return get(id);
	}

	/** Decides several proposals; each is decided or reported on its own. */
	List<BatchResult> decideAll(List<String> ids, boolean approve, String by) {
		List<BatchResult> results = new ArrayList<>();
		for (String id : ids) {
			try {
				ProposalView view = get(id);
				this.transactions.executeWithoutResult(tx -> decideOne(view, approve, by));
				results.add(new BatchResult(id, approve ? ColumnTagStore.APPROVED : ColumnTagStore.REJECTED, null, null));
			}
			catch (ApiException ex) {
				results.add(new BatchResult(id, null, ex.code().code(), ex.getMessage()));
			}
		}
		return results;
	}

	private void decideOne(ProposalView view, boolean approve, String by) {
		ColumnTagStore.ProposalRow row = this.store.proposal(view.id()).orElseThrow(() -> ApiException.notFound("Tag proposal", view.id()));
		String status = approve ? ColumnTagStore.APPROVED : ColumnTagStore.REJECTED;
		if (!this.store.decide(row.id(), status, by, Times.now())) {
			throw new ApiException(ErrorCode.CONFLICT, "Tag proposal '" + view.id() + "' is " + row.status() + ", not pending");
		}
		if (approve) {
			this.decisions.approve(row, view.jobId(), by, Times.now());
		}
		this.audit.record(AuditRecord.sensitive(approve ? "tag_proposal.approved" : "tag_proposal.rejected", "tag_proposal",
				view.id(), AuditRecord.Outcome.SUCCESS)
			.with("data_source_id", view.dataSourceId())
			.with("column_id", view.columnId())
			.with("tag", view.tag()));
		this.events.publishEvent(new ColumnTagsChanged(view.dataSourceId()));
	}

	/** The outcome of one proposal in a batch decision. */
	record BatchResult(String id, String status, String code, String message) {
	}
}
