package dev.coffer.identity;

import dev.coffer.api.Times;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;

/** Creates and manages administrators and service accounts. */
@Service
class PrincipalService {

	static final String ACTIVE = "active";

	static final String DISABLED = "disabled";

	private final PrincipalStore store;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	PrincipalService(PrincipalStore store, TransactionTemplate transactions, AuditLog audit) {
		this.store = store;
		this.transactions = transactions;
		this.audit = audit;
	}

	PrincipalView create(PrincipalKind kind, String name, String displayName, String email, String description) {
		OffsetDateTime now = Times.now();
		PrincipalView principal = new PrincipalView(Ids.next(), kind.value(), name, displayName, email, description,
				ACTIVE, now, now);
		try {
			this.transactions.executeWithoutResult(tx -> {
				this.store.insert(principal);
				this.audit.record(AuditRecord.sensitive("principal.created", kind.value(), principal.id(),
						AuditRecord.Outcome.SUCCESS).with("name", name));
			});
		}
		catch (DuplicateKeyException taken) {
			throw new ApiException(ErrorCode.NAME_TAKEN, "A " + kind.value().replace('_', ' ') + " named '" + name
					+ "' already exists");
		}
		return principal;
	}

	PrincipalView get(PrincipalKind kind, String id) {
		return this.store.find(kind, id).orElseThrow(() -> ApiException.notFound(label(kind), id));
	}

	ListResponse<PrincipalView> list(PrincipalKind kind, Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.store.list(kind, paging), PrincipalView::id, () -> this.store.count(kind),
				response);
	}

	PrincipalView setStatus(PrincipalKind kind, String id, String status) {
		this.transactions.executeWithoutResult(tx -> {
			if (!this.store.setStatus(kind, id, status, Times.now())) {
				throw ApiException.notFound(label(kind), id);
			}
			this.audit.record(AuditRecord.sensitive(ACTIVE.equals(status) ? "principal.enabled" : "principal.disabled",
					kind.value(), id, AuditRecord.Outcome.SUCCESS));
		});
		return get(kind, id);
	}

	void delete(PrincipalKind kind, String id) {
		this.transactions.executeWithoutResult(tx -> {
			if (!this.store.delete(kind, id)) {
				throw ApiException.notFound(label(kind), id);
			}
			this.audit.record(AuditRecord.sensitive("principal.deleted", kind.value(), id, AuditRecord.Outcome.SUCCESS));
		});
	}

	static String label(PrincipalKind kind) {
		return kind == PrincipalKind.ADMINISTRATOR ? "Administrator" : "Service account";
	}

	static List<PrincipalKind> kinds() {
		return List.of(PrincipalKind.values());
	}
}
