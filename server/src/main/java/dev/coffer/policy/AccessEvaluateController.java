package dev.coffer.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.DataRoles;
import dev.coffer.api.security.Permission;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.identity.PrincipalPolicyRoles;
import dev.coffer.policy.AccessEvaluation.ColumnDecision;
import dev.coffer.policy.AccessEvaluation.Request;
import dev.coffer.policy.AccessEvaluation.Response;
import dev.coffer.policy.AccessEvaluation.RowFilterView;
import dev.coffer.policy.AccessEvaluation.TableRows;

/** {@code POST /api/v1/access/evaluate}: what a principal would see of some columns, and why. */
@Tag(name = "Access", description = "Decisions of the masking and row policies for a principal or a set of roles.")
@RestController
class AccessEvaluateController {

	static final int MAX_COLUMNS = 1000;

	static final int MAX_TABLES = 100;

	private final AccessEngine engine;

	private final PrincipalPolicyRoles principals;

	private final AuditLog audit;

	AccessEvaluateController(AccessEngine engine, PrincipalPolicyRoles principals, AuditLog audit) {
		this.engine = engine;
		this.principals = principals;
		this.audit = audit;
	}

	@Operation(summary = "Evaluate access to columns",
			description = "For a principal (its roles are those of its usable API keys together), a list of policy roles, or "
					+ "else the caller itself: per column the disposition (`clear`, `masked`, `null`), the masking type and ALTR "
					+ "id, the policy that decided and the reason, including NULL because applicable policies name none of the "
					+ "roles (`no_matching_role`); per table the row filters. Decisions come from the compiled policies (a change "
					+ "is used at once on the node that made it, within a few seconds on the others). Each evaluation is audited "
					+ "(`access.evaluated`, with counts by disposition, masking type and reason, and per column the deciding policy, mask and reason for up to 20 columns; never values). `detokenize` applies only "
					+ "when the roles evaluated grant `tokens:detokenize` themselves (platform roles map to permissions as in "
					+ "`GET /api/v1/roles`: `admin`, `detokenizer`; data roles grant none); otherwise the column shows the "
					+ "stored token as it is (`no_mask`, reason `detokenize_not_permitted`). At most " + MAX_COLUMNS
					+ " columns (413 `payload_too_large`). Needs `access:evaluate`.")
	@PostMapping("/api/v1/access/evaluate")
	Response evaluate(@RequestBody Request request) {
		Caller caller = Authz.require(Permission.ACCESS_EVALUATE);
		if (request == null) {
			throw ValidationFailedException.of("columns", "required", "is required");
		}
		List<ColumnRef> columns = columns(request.columns());
		List<TableRef> tables = tables(columns, request.tables());
		String principal = null;
		SortedSet<String> roles;
		if (request.principal() != null && request.roles() != null) {
			throw ValidationFailedException.of("roles", "conflict", "give either principal or roles, not both");
		}
		if (request.principal() != null) {
			principal = principalId(request.principal());
			roles = this.principals.of(principal)
				.orElseThrow(() -> ValidationFailedException.of("principal", "not_found",
						"names no administrator or service account (OIDC users are not stored: give their roles)"));
		}
		else if (request.roles() != null) {
			roles = roles(request.roles());
		}
		else {
			roles = caller.policyRoles();
		}
		List<AccessDecision> decisions = this.engine.decide(roles, columns);
		List<ColumnDecision> views = new ArrayList<>(decisions.size());
		for (AccessDecision decision : decisions) {
			views.add(new ColumnDecision(decision.column(), decision.disposition(), decision.maskingType().value(),
					decision.maskingType().altrId(), decision.policy(), decision.role(), decision.reason(),
					decision.explanation(), decision.applicable()));
		}
		List<TableRows> tableRows = new ArrayList<>(tables.size());
		List<RowFilter> allFilters = new ArrayList<>();
		for (TableRef table : tables) {
			List<RowFilter> filters = this.engine.rowFilters(roles, table);
			allFilters.addAll(filters);
			String rows = filters.isEmpty() || filters.stream().allMatch(RowFilter::allRows) ? "all"
					: filters.stream().anyMatch(RowFilter::noRows) ? "none" : "filtered";
			tableRows.add(new TableRows(table, rows, filters.stream()
				.map(filter -> new RowFilterView(filter.policy(), filter.column(), filter.allRows(), filter.values(),
						filter.reason(), filter.explanation()))
				.toList()));
		}
		long revision = this.engine.revision();
		audit(principal, roles, decisions, allFilters, revision);
		return new Response(principal, List.copyOf(roles), revision, views, tableRows);
	}

	/**
	 * {@code access.evaluated}: the details of {@link DecisionAudit} (per column the deciding policy,
	 * mask and reason, bounded), the ids of the deciding policies ({@code policy_ids}; when a column has
	 * no deciding policy, the ones that applied; at most 20, {@code policy_ids_omitted} counts the rest) and the policy revision.
	 */
	private void audit(String principal, Collection<String> roles, List<AccessDecision> decisions, List<RowFilter> filters,
			long revision) {
		Set<String> deciding = new TreeSet<>();
		for (AccessDecision decision : decisions) {
			if (decision.policy() != null) {
				deciding.add(decision.policy().kind() + ":" + decision.policy().id());
			}
			else if (!decision.applicable().isEmpty()) {
				decision.applicable().forEach(ref -> deciding.add(ref.kind() + ":" + ref.id()));
			}
		}
		filters.forEach(filter -> deciding.add("row:" + filter.policy().id()));
		List<String> ids = deciding.stream().limit(2L * DecisionAudit.MAX_POLICIES).toList();
		AuditRecord record = AuditRecord.sensitive("access.evaluated", "access", principal, AuditRecord.Outcome.SUCCESS)
			.with("policy_ids", ids)
			.with("policy_ids_omitted", deciding.size() > ids.size() ? deciding.size() - ids.size() : null)
			.with("policy_revision", revision);
		this.audit.record(DecisionAudit.with(record, roles, decisions, filters));
	}

	private static List<ColumnRef> columns(List<ColumnRef> input) {
		if (input == null || input.isEmpty()) {
			throw ValidationFailedException.of("columns", "required", "must list at least one column");
		}
		if (input.size() > MAX_COLUMNS) {
			throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
					"At most " + MAX_COLUMNS + " columns per request; this one has " + input.size());
		}
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < input.size(); i++) {
			ColumnRef.check("columns[" + i + "]", input.get(i), false, errors);
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		return input;
	}

	private static List<TableRef> tables(List<ColumnRef> columns, List<TableRef> more) {
		Set<TableRef> tables = new LinkedHashSet<>();
		columns.forEach(column -> tables.add(column.tableRef()));
		if (more != null) {
			if (more.size() > MAX_TABLES) {
				throw ValidationFailedException.of("tables", "too_many", "must list at most " + MAX_TABLES + " tables");
			}
			List<FieldError> errors = new ArrayList<>();
			for (int i = 0; i < more.size(); i++) {
				TableRef.check("tables[" + i + "]", more.get(i), errors);
			}
			if (!errors.isEmpty()) {
				throw new ValidationFailedException(errors);
			}
			tables.addAll(more);
		}
		return List.copyOf(tables);
	}

	private static String principalId(String reference) {
		String id = reference.substring(reference.indexOf(':') + 1);
		if (!id.matches("[0-9a-f-]{36}")) {
			throw ValidationFailedException.of("principal", "invalid_format",
					"must be a principal id or reference such as service_account:<id>");
		}
		return id;
	}

	private static SortedSet<String> roles(List<String> input) {
		if (input.size() > 100) {
			throw ValidationFailedException.of("roles", "too_many", "must list at most 100 roles");
		}
		List<FieldError> errors = new ArrayList<>();
		SortedSet<String> roles = new TreeSet<>();
		for (int i = 0; i < input.size(); i++) {
			String role = DataRoles.normalize(input.get(i));
			if (role == null) {
				errors.add(new FieldError("roles[" + i + "]", "invalid_format",
						"must be a platform role or data role name (1 to 64 letters, digits, '_', '.', ':' or '-')"));
			}
			else {
				roles.add(role);
			}
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		return roles;
	}
}
