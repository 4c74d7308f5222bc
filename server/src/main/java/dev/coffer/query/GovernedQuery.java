package dev.coffer.query;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletResponse;
import org.postgresql.PGResultSetMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import net.sf.jsqlparser.statement.select.Select;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.SafeLog;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Caller;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.catalog.DataSourceConnections;
import dev.coffer.catalog.DataSourceConnections.SourceConnection;
import dev.coffer.policy.AccessDecision;
import dev.coffer.policy.AccessEngine;
import dev.coffer.policy.DecisionAudit;
import dev.coffer.policy.RowFilter;
import dev.coffer.policy.alerts.AccessMonitor;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Runs one governed query for the caller: parse and check ({@link SelectParser}), decide and
 * rewrite ({@link QueryPlanner}), audit (fail closed: nothing runs unaudited), execute on a
 * read-only connection with a timeout, a fetch size that follows the size of the rows and a limit
 * on the bytes of one fetch, and stream the rows with their masks applied in batches
 * ({@link ResultStream}) up to {@code query.max_response_bytes}. The access monitor is asked before
 * the query (a blocked caller gets its protected columns as NULL) and told after every batch how
 * many protected values left (a block tripped mid-stream NULLs them from that batch on).
 */
@Component
class GovernedQuery {

	private static final Logger log = LoggerFactory.getLogger(GovernedQuery.class);

	/** Rows fetched from the database and masked per batch, at most. */
	static final int FETCH_SIZE = 2000;

	/** Bytes of rows one fetch from the database may hold, at most (less when {@code query.max_response_bytes} is less). */
	static final long MAX_FETCH_BYTES = 16L * 1024 * 1024;

	/** Policy ids in the admitting audit event, at most (the {@link DecisionAudit} details name the deciding ones too). */
	private static final int MAX_POLICY_IDS = 20;

	private final DataSourceConnections connections;

	private final AccessEngine engine;

	private final AccessMonitor monitor;

	private final AuditLog audit;

	private final Settings settings;

	private final JsonMapper json;

	GovernedQuery(DataSourceConnections connections, AccessEngine engine, AccessMonitor monitor, AuditLog audit,
			Settings settings, JsonMapper json) {
		this.connections = connections;
		this.engine = engine;
		this.monitor = monitor;
		this.audit = audit;
		this.settings = settings;
		this.json = json;
	}

	void run(String dataSourceId, QueryRequest request, Caller caller, HttpServletResponse response) throws IOException {
		int maxRows = validate(request);
		DataSourceConnections.SourceInfo source = this.connections.describe(dataSourceId);
		String sql = request.sql();
		AuditRecord base = AuditRecord.sensitive("data_source.queried", "data_source", source.id(), AuditRecord.Outcome.SUCCESS);
		Map<String, Object> identity = Map.of("sql_hmac", this.audit.searchHash(sql), "sql_fingerprint", SqlText.fingerprint(sql),
				"data_source_type", source.type());
		Select select;
		SourceDialect dialect;
		try {
			dialect = SourceDialect.of(source.type());
			select = SelectParser.parse(sql, dialect);
		}
		catch (ApiException refused) {
			auditRefused(source.id(), identity, refused);
			throw refused;
		}
		AccessMonitor.Decision admission = this.monitor.check(caller);
		long maxResponseBytes = this.settings.getLong(SettingKey.QUERY_MAX_RESPONSE_BYTES);
		long fetchBytes = Math.min(maxResponseBytes, MAX_FETCH_BYTES);
		long started = System.nanoTime();
		try (SourceConnection lease = this.connections.openForQuery(source.id(), fetchBytes)) {
			Connection connection = lease.connection();
			int timeout = lease.queryTimeoutSeconds();
			long deadline = started + timeout * 1_000_000_000L;
			QueryPlan plan;
			try {
				dialect.prepareSession(connection, timeout);
				plan = new QueryPlanner(this.engine).plan(select, connection, dialect, source.id(), caller.policyRoles(),
						admission.blocked());
				dialect.beforeExecution(connection);
			}
			catch (SQLException ex) {
				ApiException failed = QueryErrors.of(ex);
				auditRefused(source.id(), identity, failed);
				throw failed;
			}
			catch (ApiException refused) {
				auditRefused(source.id(), identity, refused);
				throw refused;
			}
			AuditRecord admitted = with(base, identity).with("max_rows", maxRows)
				.with("max_response_bytes", maxResponseBytes)
				.with("policy_revision", this.engine.revision())
				.with("policy_ids", policyIds(plan))
				.with("output_columns", plan.outputs().size())
				.with("computed_columns", plan.outputs().stream().filter(origin -> origin.decision() == null).count())
				.with("blocked_by_alert", admission.alertId());
			this.audit.record(DecisionAudit.with(admitted, caller.policyRoles(), decisions(plan), plan.rowFilters()));
			boolean streamed = false;
			try (PreparedStatement statement = connection.prepareStatement(plan.sql(), ResultSet.TYPE_FORWARD_ONLY,
					ResultSet.CONCUR_READ_ONLY)) {
				// one row first; the reader sizes later fetches by the rows it sees
				statement.setFetchSize(1);
				statement.setMaxRows(maxRows + 1);
				statement.setQueryTimeout(timeout);
				for (int i = 0; i < plan.params().size(); i++) {
					statement.setObject(i + 1, plan.params().get(i));
				}
				ResultSet rs;
				List<ResultColumn> columns;
				try {
					rs = statement.executeQuery();
					columns = columns(rs.getMetaData(), plan);
				}
				catch (SQLException | ApiException ex) {
					ApiException failed = ex instanceof ApiException api ? api : QueryErrors.of((SQLException) ex);
					auditFinished(source.id(), null, failed.code().code(), started);
					throw failed;
				}
				try (rs) {
					stream(rs, statement, columns, maxRows, deadline, caller, admission, source.id(), response, started, fetchBytes,
							maxResponseBytes);
					streamed = true;
				}
			}
			catch (SQLException ex) {
				if (streamed || response.isCommitted()) {
					// closing failed after the rows were sent and audited: the answer stands as sent
					log.debug("Governed query on {}: closing the statement failed (SQLSTATE {})", source.id(), ex.getSQLState());
					return;
				}
				throw QueryErrors.of(ex);
			}
		}
	}

	private void stream(ResultSet rs, PreparedStatement statement, List<ResultColumn> columns, int maxRows, long deadline,
			Caller caller, AccessMonitor.Decision admission, String dataSourceId, HttpServletResponse response, long started,
			long fetchBytes, long maxResponseBytes) throws IOException {
		response.setStatus(200);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setBufferSize(64 * 1024);
		ResultStream.Outcome outcome;
		CountingOutputStream out = new CountingOutputStream(response.getOutputStream());
		try (JsonGenerator generator = this.json.createGenerator(out, JsonEncoding.UTF8)) {
			ResultStream stream = new ResultStream(generator, rs, statement, columns, maxRows, FETCH_SIZE, deadline,
					protectedValues -> this.monitor.record(caller, protectedValues), admission.alertId(), this.engine.revision(),
					fetchBytes, maxResponseBytes, out, out::count);
			outcome = stream.run();
		}
		catch (JacksonException | UncheckedIOException ex) {
			// the client went away: nothing more can be sent
			log.debug("Governed query on {}: the client stopped reading ({})", dataSourceId, SafeLog.describe(ex));
			outcome = new ResultStream.Outcome(-1, false, 0, null, "client_disconnected");
		}
		auditFinished(dataSourceId, outcome, outcome.error(), started);
	}

	private static List<ResultColumn> columns(ResultSetMetaData meta, QueryPlan plan) throws SQLException {
		if (meta.getColumnCount() != plan.outputs().size()) {
			// the database answers other columns than the ones checked: never guess which mask goes where
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
					"The database answered another column list than the governed query checked; the query is not run");
		}
		// pgjdbc hands text-format values over as the server's bytes (ResultColumn reads them as such)
		PGResultSetMetaData postgres = meta.isWrapperFor(PGResultSetMetaData.class) ? meta.unwrap(PGResultSetMetaData.class)
				: null;
		List<ResultColumn> columns = new ArrayList<>(plan.outputs().size());
		for (int i = 0; i < plan.outputs().size(); i++) {
			// the label as the caller wrote it: the statement that ran names its columns with generated names
			String label = plan.labels().get(i) != null ? plan.labels().get(i) : meta.getColumnLabel(i + 1);
			columns.add(new ResultColumn(label, meta.getColumnTypeName(i + 1), meta.getColumnType(i + 1), plan.outputs().get(i),
					postgres != null && postgres.getFormat(i + 1) == 0));
		}
		return columns;
	}

	/** Counts the bytes written to the response. */
	private static final class CountingOutputStream extends FilterOutputStream {

		private long count;

		CountingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
			this.count += length;
		}

		long count() {
			return this.count;
		}
	}

	private int validate(QueryRequest request) {
		if (request == null || request.sql() == null || request.sql().isBlank()) {
			throw ValidationFailedException.of("sql", "required", "is required: one SELECT statement");
		}
		if (request.sql().length() > SelectParser.MAX_SQL_CHARS) {
			throw ValidationFailedException.of("sql", "too_long", "must be at most " + SelectParser.MAX_SQL_CHARS + " characters");
		}
		if (request.sql().indexOf('\u0000') >= 0) {
			throw ValidationFailedException.of("sql", "invalid_format", "must not contain NUL characters");
		}
		int limit = this.settings.getInt(SettingKey.QUERY_MAX_ROWS);
		if (request.maxRows() == null) {
			return limit;
		}
		if (request.maxRows() < 1 || request.maxRows() > limit) {
			throw ValidationFailedException.of("max_rows", "out_of_range", "must be between 1 and " + limit
					+ " (setting query.max_rows)");
		}
		return request.maxRows();
	}

	// ---- audit ----

	private static AuditRecord with(AuditRecord record, Map<String, Object> details) {
		AuditRecord out = record;
		for (Map.Entry<String, Object> entry : new TreeMap<>(details).entrySet()) {
			out = out.with(entry.getKey(), entry.getValue());
		}
		return out;
	}

	private void auditRefused(String dataSourceId, Map<String, Object> identity, ApiException refused) {
		AuditRecord.Outcome outcome = refused.code().status().value() == 403 ? AuditRecord.Outcome.DENIED : AuditRecord.Outcome.FAILURE;
		this.audit.record(with(AuditRecord.sensitive("data_source.queried", "data_source", dataSourceId, outcome), identity)
			.with("code", refused.code().code()));
	}

	private void auditFinished(String dataSourceId, ResultStream.Outcome outcome, String error, long started) {
		AuditRecord record = AuditRecord.sensitive("data_source.query_finished", "data_source", dataSourceId,
				error == null ? AuditRecord.Outcome.SUCCESS : AuditRecord.Outcome.FAILURE)
			.with("duration_ms", (System.nanoTime() - started) / 1_000_000)
			.with("code", error);
		if (outcome != null) {
			record = record.with("row_count", outcome.rows() < 0 ? null : outcome.rows())
				.with("truncated", outcome.truncated())
				.with("protected_values", outcome.protectedValues())
				.with("blocked_by_alert", outcome.blockedBy());
		}
		try {
			this.audit.record(record);
		}
		catch (ApiException ex) {
			// the rows already left; the admitting event was written before they did
			log.error("Governed query on {}: its end could not be audited", dataSourceId);
		}
	}

	/** The decisions of the output columns that come from a table column, in order. */
	private static List<AccessDecision> decisions(QueryPlan plan) {
		List<AccessDecision> decisions = new ArrayList<>();
		for (QueryAnalyzer.Origin origin : plan.outputs()) {
			if (origin.decision() != null) {
				decisions.add(origin.decision());
			}
		}
		return decisions;
	}

	/** The deciding column policies and the row policies, at most {@value #MAX_POLICY_IDS}. */
	private static List<String> policyIds(QueryPlan plan) {
		TreeSet<String> ids = new TreeSet<>();
		for (QueryAnalyzer.Origin origin : plan.outputs()) {
			if (origin.decision() != null && origin.decision().policy() != null) {
				ids.add(origin.decision().policy().kind() + ":" + origin.decision().policy().id());
			}
		}
		for (RowFilter filter : plan.rowFilters()) {
			ids.add("row:" + filter.policy().id());
		}
		return ids.stream().limit(MAX_POLICY_IDS).toList();
	}
}
