package dev.coffer.catalog;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/tag-proposals}: tags classifications propose, and people's decisions on them. */
@Tag(name = "Tag proposals", description = "What classifications propose. With setting `classification.auto_apply_tags` on, "
		+ "proposals whose confidence reaches `classification.auto_apply_min_confidence_percent` are applied at once "
		+ "(status `applied`); the others, and all of them with the setting off, wait as `pending` for approval. None are "
		+ "made below `classification.proposal_min_confidence_percent`. A rejected proposal is not made again for the "
		+ "column while its detected type stays the same.")
@RestController
@RequestMapping("/api/v1/tag-proposals")
class TagProposalsController {

	private final TagProposals proposals;

	TagProposalsController(TagProposals proposals) {
		this.proposals = proposals;
	}

	@Operation(summary = "List tag proposals", description = "Oldest first; `status` defaults to `pending`. Needs `tags:read`.")
	@GetMapping
	ListResponse<ProposalView> list(
			@Parameter(description = "`pending` (default), `approved`, `rejected`, `applied` or `all`.") @RequestParam(required = false) String status,
			@Parameter(description = "Only proposals for columns of this data source.") @RequestParam(name = "data_source_id", required = false) String dataSourceId,
			@Parameter(description = "Only proposals of this tag.") @RequestParam(required = false) String tag,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.TAGS_READ);
		paging.validated();
		String effective = status == null ? ColumnTagStore.PENDING : status;
		if (!effective.equals("all") && !TagProposals.STATUSES.contains(effective)) {
			throw ApiException.invalidParameter("status", "must be pending, approved, rejected, applied or all");
		}
		if (tag != null && !Tags.NAME.matcher(tag).matches()) {
			throw ApiException.invalidParameter("tag", "is not a tag name");
		}
		return this.proposals.list(new ProposalStore.Filter(effective.equals("all") ? null : effective, dataSourceId,
				tag == null ? null : TagStore.fold(tag)), paging, response);
	}

	@Operation(summary = "Show a tag proposal", description = "Needs `tags:read`.")
	@GetMapping("/{id}")
	ProposalView show(@Parameter(description = "Proposal id.") @PathVariable String id) {
		Authz.require(Permission.TAGS_READ);
		return this.proposals.get(id);
	}

	@Operation(summary = "Approve a tag proposal",
			description = "Puts the tag on the column with source `proposal` (unless a manual tag is already there). Only a "
					+ "`pending` proposal can be decided (409 `conflict`). Needs `tags:write`.")
	@PostMapping("/{id}/approve")
	ProposalView approve(@Parameter(description = "Proposal id.") @PathVariable String id) {
		Caller caller = Authz.require(Permission.TAGS_WRITE);
		return this.proposals.decide(id, true, caller.reference());
	}

	@Operation(summary = "Reject a tag proposal",
			description = "The tag is not proposed again for this column while its detected type stays the same. Needs `tags:write`.")
	@PostMapping("/{id}/reject")
	ProposalView reject(@Parameter(description = "Proposal id.") @PathVariable String id) {
		Caller caller = Authz.require(Permission.TAGS_WRITE);
		return this.proposals.decide(id, false, caller.reference());
	}

	@Operation(summary = "Decide several tag proposals",
			description = "Approves or rejects up to 1000 proposals, each on its own: the answer lists, in order, the new "
					+ "status or an error code per id. Needs `tags:write`.")
	@PostMapping("/decisions")
	DecisionResults decideAll(@Valid @RequestBody Decisions request) {
		Caller caller = Authz.require(Permission.TAGS_WRITE);
		if (!"approve".equals(request.decision()) && !"reject".equals(request.decision())) {
			throw dev.coffer.api.error.ValidationFailedException.of("decision", "invalid_value", "must be approve or reject");
		}
		return new DecisionResults(this.proposals.decideAll(request.ids(), "approve".equals(request.decision()), caller.reference()));
	}

	/** A batch decision. */
	record Decisions(
			@Schema(description = "`approve` or `reject`.", requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = { "approve", "reject" }) String decision,
			@Schema(description = "Proposal ids, 1 to 1000.", requiredMode = Schema.RequiredMode.REQUIRED) @NotEmpty @Size(max = TagProposals.MAX_BATCH) List<String> ids) {
	}

	/** The outcome per proposal, in the order of the request. */
	record DecisionResults(@Schema(description = "One entry per id: `status` when decided, else `code` and `message`.") List<TagProposals.BatchResult> results) {
	}
}
