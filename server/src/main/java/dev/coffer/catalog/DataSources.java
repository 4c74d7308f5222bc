package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * Registers data sources and hands out their connection definitions. A password exists in clear
 * only in the request that gives it and, briefly, in the connector's driver properties; the store
 * keeps it sealed and no response, log line or audit event carries it.
 */
@Service
class DataSources {

	static final int DEFAULT_MAX_CONNECTIONS = 4;

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

	private final DataSourceStore store;

	private final CredentialVault vault;

	private final OwnStoreGuard ownStore;

	private final Connector connector;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	DataSources(DataSourceStore store, CredentialVault vault, OwnStoreGuard ownStore, Connector connector,
			TransactionTemplate transactions, AuditLog audit, ApplicationEventPublisher events) {
		this.store = store;
		this.vault = vault;
		this.ownStore = ownStore;
		this.connector = connector;
		this.transactions = transactions;
		this.audit = audit;
		this.events = events;
	}

	DataSourceView create(DataSourceRequest request, String createdBy) {
		String name = required(request.getName(), "name");
		DataSourceType type = type(request.getType());
		JdbcUrls.Target target = target(type, request.getJdbcUrl());
		String id = Ids.next();
		Secret password = Secret.of(request.getPassword());
		byte[] sealed = password.isEmpty() ? null : this.vault.seal(id, password);
		password.wipe();
		int max = request.getMaxConnections() == null ? DEFAULT_MAX_CONNECTIONS : request.getMaxConnections();
		this.transactions.executeWithoutResult(tx -> {
			if (this.store.nameTaken(name, null)) {
				throw new ApiException(ErrorCode.NAME_TAKEN, "A data source named '" + name + "' already exists");
			}
			this.store.insert(id, name, type, request.getJdbcUrl(), blankToNull(request.getUsername()), sealed,
					request.getDescription(), max, createdBy, Times.now());
			this.audit.record(AuditRecord.sensitive("data_source.created", "data_source", id, AuditRecord.Outcome.SUCCESS)
				.with("type", type.apiName())
				.with("has_password", sealed != null));
		});
		return get(id);
	}

	DataSourceView get(String id) {
		return find(id).orElseThrow(() -> ApiException.notFound("Data source", id));
	}

	Optional<DataSourceView> find(String id) {
		return id != null && ID.matcher(id).matches() ? this.store.find(id) : Optional.empty();
	}

	ListResponse<DataSourceView> list(Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.store.list(paging), DataSourceView::id, this.store::count, response);
	}

	/** Changes the fields present. A new URL or user name needs the password again (or none): it would otherwise go to the new target. */
	DataSourceView update(String id, DataSourceRequest request) {
		DataSourceView current = get(id);
		DataSourceType type = DataSourceType.fromApiName(current.type()).orElseThrow();
		if (request.getType() != null && !request.getType().equals(current.type())) {
			throw ValidationFailedException.of("type", "immutable", "cannot be changed; register a new data source");
		}
		if (request.getName() != null && request.getName().isBlank()) {
			throw ValidationFailedException.of("name", "required", "cannot be blank");
		}
		String url = request.getJdbcUrl() != null ? request.getJdbcUrl() : current.jdbcUrl();
		target(type, url);
		String username = request.getUsername() != null ? blankToNull(request.getUsername()) : current.username();
		boolean retargeted = !url.equals(current.jdbcUrl()) || !java.util.Objects.equals(username, current.username());
		if (retargeted && current.hasPassword() && !request.passwordGiven()) {
			throw ValidationFailedException.of("password", "required",
					"must be given again (or \"\" for none) when jdbc_url or username changes");
		}
		byte[] sealed;
		if (request.passwordGiven()) {
			Secret password = Secret.of(request.getPassword());
			sealed = password.isEmpty() ? null : this.vault.seal(id, password);
			password.wipe();
		}
		else {
			sealed = this.store.sealedPassword(id).orElse(null);
		}
		String name = request.getName() != null ? request.getName() : current.name();
		List<String> changed = new ArrayList<>();
		if (!name.equals(current.name())) {
			changed.add("name");
		}
		if (!url.equals(current.jdbcUrl())) {
			changed.add("jdbc_url");
		}
		if (!java.util.Objects.equals(username, current.username())) {
			changed.add("username");
		}
		if (request.passwordGiven()) {
			changed.add("password");
		}
		if (request.getDescription() != null) {
			changed.add("description");
		}
		if (request.getMaxConnections() != null) {
			changed.add("max_connections");
		}
		this.transactions.executeWithoutResult(tx -> {
			if (this.store.nameTaken(name, id)) {
				throw new ApiException(ErrorCode.NAME_TAKEN, "A data source named '" + name + "' already exists");
			}
			if (!this.store.update(id, name, url, username, sealed,
					request.getDescription() != null ? request.getDescription() : current.description(),
					request.getMaxConnections() != null ? request.getMaxConnections() : current.maxConnections(),
					Times.now())) {
				throw ApiException.notFound("Data source", id);
			}
			this.audit.record(AuditRecord.sensitive("data_source.updated", "data_source", id, AuditRecord.Outcome.SUCCESS)
				.with("changed", changed));
		});
		this.connector.forget(id);
		return get(id);
	}

	void delete(String id) {
		get(id);
		this.transactions.executeWithoutResult(tx -> {
			if (!this.store.delete(id)) {
				throw ApiException.notFound("Data source", id);
			}
			this.audit.record(AuditRecord.sensitive("data_source.deleted", "data_source", id, AuditRecord.Outcome.SUCCESS));
			this.events.publishEvent(new ColumnTagsChanged(id));
		});
		this.connector.forget(id);
	}

	/** The stored data source with its password unsealed, for one connection. */
	DataSourceDefinition definition(String id) {
		DataSourceView view = get(id);
		DataSourceType type = DataSourceType.fromApiName(view.type()).orElseThrow();
		Secret password = this.store.sealedPassword(id).map(sealed -> this.vault.unseal(id, sealed)).orElse(Secret.NONE);
		return new DataSourceDefinition(id, target(type, view.jdbcUrl()), view.username(), password, view.maxConnections());
	}

	/** An unsaved definition, checked like a new data source (its name is not needed). */
	DataSourceDefinition definition(DataSourceRequest request) {
		DataSourceType type = type(request.getType());
		JdbcUrls.Target target = target(type, request.getJdbcUrl());
		return new DataSourceDefinition(null, target, blankToNull(request.getUsername()), Secret.of(request.getPassword()), 1);
	}

	/** Connects and reads what the database says of itself; audited with the outcome. */
	ConnectionTestView test(DataSourceDefinition source) {
		long started = System.nanoTime();
		try (Connector.Lease lease = this.connector.open(source)) {
			Connection connection = lease.connection();
			DatabaseMetaData meta = connection.getMetaData();
			ConnectionTestView view = new ConnectionTestView(true, meta.getDatabaseProductName(),
					meta.getDatabaseProductVersion(), meta.getDriverName() + " " + meta.getDriverVersion(),
					(System.nanoTime() - started) / 1_000_000);
			auditTest(source, null);
			return view;
		}
		catch (ConnectionFailedException ex) {
			auditTest(source, ex.reason());
			throw ex;
		}
		catch (SQLException ex) {
			String reason = ConnectionErrors.reason(ex);
			auditTest(source, reason);
			throw new ConnectionFailedException(reason);
		}
		finally {
			source.password().wipe();
		}
	}

	private void auditTest(DataSourceDefinition source, String reason) {
		this.audit.record(AuditRecord.ordinary("data_source.connection_tested", "data_source", source.id(),
				reason == null ? AuditRecord.Outcome.SUCCESS : AuditRecord.Outcome.FAILURE)
			.with("type", source.type().apiName())
			.with("reason", reason));
	}

	void recordJob(String id, String jobId) {
		this.store.lastJob(id, jobId);
	}

	private JdbcUrls.Target target(DataSourceType type, String url) {
		JdbcUrls.Target target = JdbcUrls.check(type, url);
		this.ownStore.check(target);
		return target;
	}

	private static DataSourceType type(String type) {
		if (type == null || type.isBlank()) {
			throw ValidationFailedException.of("type", "required", "is required: one of " + DataSourceType.names());
		}
		return DataSourceType.fromApiName(type)
			.orElseThrow(() -> ValidationFailedException.of("type", "invalid_value", "must be one of " + DataSourceType.names()));
	}

	private static String required(String value, String field) {
		if (value == null || value.isBlank()) {
			throw ValidationFailedException.of(field, "required", "is required");
		}
		return value;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}
}
