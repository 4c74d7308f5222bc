package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.SafeLog;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableInfo;
import dev.coffer.catalog.CatalogModel.TableRef;
import dev.coffer.classification.ColumnClassifier;
import dev.coffer.jobs.JobContext;
import dev.coffer.jobs.JobHandler;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * {@code classification.run}: classifies every column of the tables in scope. Lists the tables and
 * their columns, catalogues the columns (in schema, table, position order), then samples the
 * tables in parallel, at most {@code classification.max_parallel_tables} at once and never more
 * than the data source's {@code max_connections}, each on its own read-only connection with one
 * sampling query. Each table's verdicts, tags and proposals are stored in one transaction. A table
 * that fails is listed in the result ({@code failed_tables}, with a reason code) and does not fail
 * the job. A cancellation stops the sampling queries running and the tables not started.
 * Resumable: the checkpoint lists the tables done, which a later attempt skips.
 */
@Component
class ClassificationJob implements JobHandler {

	static final String TYPE = "classification.run";

	static final int MAX_FAILED_LISTED = 100;

	private static final Logger log = LoggerFactory.getLogger(ClassificationJob.class);

	private final DataSources dataSources;

	private final Connector connector;

	private final CatalogColumnStore columns;

	private final TagDecisions decisions;

	private final ObjectProvider<ColumnClassifier> classifiers;

	private final Settings settings;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	ClassificationJob(DataSources dataSources, Connector connector, CatalogColumnStore columns, TagDecisions decisions,
			ObjectProvider<ColumnClassifier> classifiers, Settings settings, TransactionTemplate transactions,
			AuditLog audit, ApplicationEventPublisher events) {
		this.dataSources = dataSources;
		this.connector = connector;
		this.columns = columns;
		this.decisions = decisions;
		this.classifiers = classifiers;
		this.settings = settings;
		this.transactions = transactions;
		this.audit = audit;
		this.events = events;
	}

	@Override
	public String type() {
		return TYPE;
	}

	/** The classifier, or a clear failure when none is installed. */
	ColumnClassifier classifier() {
		ColumnClassifier classifier = this.classifiers.getIfAvailable();
		if (classifier == null) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "No column classifier is installed on this server");
		}
		return classifier;
	}

	@Override
	public void run(JobContext context) throws Exception {
		ClassificationParams params = ClassificationParams.from(context.params());
		ColumnClassifier classifier = classifier();
		DataSourceDefinition source = this.dataSources.definition(params.dataSourceId());
		Dialect dialect = Dialect.of(source.type());
		Map<String, Object> saved = context.checkpoint();
		Set<String> done = ConcurrentHashMap.newKeySet();
		if (saved.get("done") instanceof List<?> list) {
			list.forEach(key -> done.add(String.valueOf(key)));
		}
		Counters counters = Counters.from(saved.get("counters"));
		List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

		Map<TableRef, List<ColumnInfo>> plan = discover(source, dialect, params, failures);
		Map<TableRef, Map<String, String>> columnIds = catalogue(params.dataSourceId(), plan);
		List<TableRef> pending = plan.keySet().stream().filter(table -> !done.contains(table.key())).toList();
		int total = plan.size() + failures.size();
		context.progress(total - pending.size(), total);

		int parallel = Math.max(1, Math.min(Math.min(this.settings.getInt(SettingKey.CLASSIFICATION_MAX_PARALLEL_TABLES),
				source.maxConnections()), pending.size()));
		TagDecisions.Policy policy = new TagDecisions.Policy(this.settings.getBoolean(SettingKey.CLASSIFICATION_AUTO_APPLY_TAGS),
				this.settings.getInt(SettingKey.CLASSIFICATION_AUTO_APPLY_MIN_CONFIDENCE_PERCENT) / 100.0,
				this.settings.getInt(SettingKey.CLASSIFICATION_PROPOSAL_MIN_CONFIDENCE_PERCENT) / 100.0);
		TableScanner scanner = new TableScanner(dialect, classifier, params.sampleSize(), this.connector.queryTimeoutSeconds());
		Map<String, Map<String, TagMappingStore.Effective>> mappings = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<TableRef> queue = new ConcurrentLinkedQueue<>(pending);
		AtomicBoolean stop = new AtomicBoolean();
		List<Worker> workers = new ArrayList<>();
		CountDownLatch finished = new CountDownLatch(parallel);
		for (int i = 0; i < parallel; i++) {
			Worker worker = new Worker(source, scanner, queue, stop, plan, columnIds, policy, mappings, context.jobId(), done,
					counters, failures, finished);
			workers.add(worker);
			Thread thread = new Thread(worker, "classify-" + context.jobId().substring(Math.max(0, context.jobId().length() - 8)) + "-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		int checkpointed = done.size();
		try {
			while (!finished.await(200, TimeUnit.MILLISECONDS)) {
				if (!stop.get() && context.cancelled()) {
					stop.set(true);
					workers.forEach(Worker::cancelRunning);
				}
				context.progress(done.size() + failures.size(), total);
				if (done.size() != checkpointed && !stop.get()) {
					checkpointed = done.size();
					context.checkpoint(Map.of("done", List.copyOf(done), "counters", counters.toMap()));
				}
			}
		}
		finally {
			stop.set(true);
			workers.forEach(Worker::cancelRunning);
			finished.await(this.connector.queryTimeoutSeconds() + 30L, TimeUnit.SECONDS);
			source.password().wipe();
		}
		context.progress(done.size() + failures.size(), total);
		if (context.cancelled()) {
			return;
		}
		Map<String, Object> result = result(params, total, done.size(), counters, failures);
		context.result(result);
		this.events.publishEvent(new ColumnTagsChanged(params.dataSourceId()));
		Map<String, Object> event = new LinkedHashMap<>(result);
		event.put("job_id", context.jobId());
		this.events.publishEvent(new ClassificationCompleted(event));
		try {
			this.audit.record(AuditLog.Actor.SYSTEM, AuditRecord.ordinary("classification.completed", "data_source",
					params.dataSourceId(), AuditRecord.Outcome.SUCCESS)
				.with("job_id", context.jobId())
				.with("tables_scanned", done.size())
				.with("tables_failed", failures.size())
				.with("tags_applied", counters.applied)
				.with("proposals_created", counters.proposed));
		}
		catch (RuntimeException notAudited) {
			// counted and logged by AuditLog; the classification stands
		}
	}

	/** The tables in scope with their columns; named tables that do not exist are failures. */
	private Map<TableRef, List<ColumnInfo>> discover(DataSourceDefinition source, Dialect dialect, ClassificationParams params,
			List<Failure> failures) {
		Map<TableRef, List<ColumnInfo>> plan = new TreeMap<>();
		try (Connector.Lease lease = this.connector.open(source)) {
			Connection connection = lease.connection();
			List<String> schemas = params.schemas().isEmpty() && params.tables().isEmpty() ? dialect.schemas(connection)
					: params.schemas();
			for (String schema : schemas) {
				List<TableInfo> tables = dialect.tables(connection, schema).stream().filter(TableInfo::baseTable).toList();
				if (tables.isEmpty()) {
					continue;
				}
				Map<String, List<ColumnInfo>> byTable = dialect.columns(connection, schema, null);
				for (TableInfo table : tables) {
					List<ColumnInfo> cols = byTable.get(table.name());
					if (cols != null && !cols.isEmpty()) {
						plan.put(new TableRef(schema, table.name()), cols);
					}
				}
			}
			for (TableRef table : params.tables()) {
				if (plan.containsKey(table)) {
					continue;
				}
				List<ColumnInfo> cols = dialect.columns(connection, table.schema(), table.table()).get(table.table());
				if (cols == null || cols.isEmpty()) {
					failures.add(new Failure(table, ConnectionErrors.TABLE_NOT_FOUND));
				}
				else {
					plan.put(table, cols);
				}
			}
			return plan;
		}
		catch (SQLException ex) {
			throw new ConnectionFailedException(ConnectionErrors.queryReason(ex));
		}
	}

	/** Catalogues every column in scope, table by table in name order, so column ids follow the database's order. */
	private Map<TableRef, Map<String, String>> catalogue(String dataSourceId, Map<TableRef, List<ColumnInfo>> plan) {
		Map<TableRef, Map<String, String>> ids = new ConcurrentHashMap<>();
		this.transactions.executeWithoutResult(tx -> plan.forEach((table, cols) -> ids.put(table,
				this.columns.ensure(dataSourceId, table.schema(), table.table(), cols, Times.now()))));
		return ids;
	}

	private static Map<String, Object> result(ClassificationParams params, int total, int scanned, Counters counters,
			List<Failure> failures) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("data_source_id", params.dataSourceId());
		result.put("sample_size", params.sampleSize());
		result.put("tables_total", total);
		result.put("tables_scanned", scanned);
		result.put("tables_failed", failures.size());
		result.put("columns_classified", counters.columns);
		result.put("columns_sensitive", counters.sensitive);
		result.put("types", new TreeMap<>(counters.types));
		result.put("tags_applied", counters.applied);
		result.put("proposals_created", counters.proposed);
		result.put("tags_removed", counters.removed);
		List<Map<String, Object>> listed = new ArrayList<>();
		synchronized (failures) {
			failures.stream().sorted((a, b) -> a.table().compareTo(b.table())).limit(MAX_FAILED_LISTED).forEach(failure -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("schema", failure.table().schema());
				entry.put("table", failure.table().table());
				entry.put("reason", failure.reason());
				entry.put("message", ConnectionErrors.describe(failure.reason()));
				listed.add(entry);
			});
		}
		result.put("failed_tables", listed);
		return result;
	}

	/** A table that could not be classified, with a reason code (never the driver's message). */
	record Failure(TableRef table, String reason) {
	}

	/** Totals across the tables (and across attempts, through the checkpoint). */
	static final class Counters {

		long columns;

		long sensitive;

		long applied;

		long proposed;

		long removed;

		final Map<String, Long> types = new TreeMap<>();

		synchronized void add(List<TableScanner.Classified> classified, TagDecisions.Changes changes) {
			for (TableScanner.Classified column : classified) {
				this.columns++;
				if (column.verdict().type() != null) {
					this.sensitive++;
					this.types.merge(column.verdict().type().apiName(), 1L, Long::sum);
				}
			}
			this.applied += changes.applied();
			this.proposed += changes.proposed();
			this.removed += changes.removed();
		}

		synchronized Map<String, Object> toMap() {
			return Map.of("columns", this.columns, "sensitive", this.sensitive, "applied", this.applied, "proposed",
					this.proposed, "removed", this.removed, "types", new TreeMap<>(this.types));
		}

		static Counters from(Object saved) {
			Counters counters = new Counters();
			if (saved instanceof Map<?, ?> map) {
				counters.columns = number(map.get("columns"));
				counters.sensitive = number(map.get("sensitive"));
				counters.applied = number(map.get("applied"));
				counters.proposed = number(map.get("proposed"));
				counters.removed = number(map.get("removed"));
				if (map.get("types") instanceof Map<?, ?> types) {
					types.forEach((type, count) -> counters.types.put(String.valueOf(type), number(count)));
				}
			}
			return counters;
		}

		private static long number(Object value) {
			return value instanceof Number n ? n.longValue() : 0;
		}
	}

	/** Takes tables from the queue until it is empty or the job stops, on one connection of its own. */
	private final class Worker implements Runnable {

		private final DataSourceDefinition source;

		private final TableScanner scanner;

		private final ConcurrentLinkedQueue<TableRef> queue;

		private final AtomicBoolean stop;

		private final Map<TableRef, List<ColumnInfo>> plan;

		private final Map<TableRef, Map<String, String>> columnIds;

		private final TagDecisions.Policy policy;

		private final Map<String, Map<String, TagMappingStore.Effective>> mappings;

		private final String jobId;

		private final Set<String> done;

		private final Counters counters;

		private final List<Failure> failures;

		private final CountDownLatch finished;

		private final AtomicReference<Statement> running = new AtomicReference<>();

		Worker(DataSourceDefinition source, TableScanner scanner, ConcurrentLinkedQueue<TableRef> queue, AtomicBoolean stop,
				Map<TableRef, List<ColumnInfo>> plan, Map<TableRef, Map<String, String>> columnIds, TagDecisions.Policy policy,
				Map<String, Map<String, TagMappingStore.Effective>> mappings, String jobId, Set<String> done, Counters counters,
				List<Failure> failures, CountDownLatch finished) {
			this.source = source;
			this.scanner = scanner;
			this.queue = queue;
			this.stop = stop;
			this.plan = plan;
			this.columnIds = columnIds;
			this.policy = policy;
			this.mappings = mappings;
			this.jobId = jobId;
			this.done = done;
			this.counters = counters;
			this.failures = failures;
			this.finished = finished;
		}

		void cancelRunning() {
			Statement statement = this.running.get();
			if (statement != null) {
				try {
					statement.cancel();
				}
				catch (SQLException | RuntimeException ex) {
					// the query ends at its timeout at the latest
				}
			}
		}

		@Override
		public void run() {
			Connector.Lease lease = null;
			try {
				TableRef table;
				while (!this.stop.get() && (table = this.queue.poll()) != null) {
					if (lease == null) {
						try {
							lease = ClassificationJob.this.connector.open(this.source);
						}
						catch (ConnectionFailedException ex) {
							this.failures.add(new Failure(table, ex.reason()));
							continue;
						}
					}
					lease = scanOne(lease, table);
				}
			}
			catch (RuntimeException | Error ex) {
				log.error("Classification job {}: a worker stopped: {}", this.jobId, SafeLog.describe(ex));
			}
			finally {
				if (lease != null) {
					lease.close();
				}
				this.finished.countDown();
			}
		}

		/** Scans and stores one table; returns the lease to go on with (null after a broken connection). */
		private Connector.Lease scanOne(Connector.Lease lease, TableRef table) {
			Connection connection = lease.connection();
			try {
				List<TableScanner.Classified> classified = this.scanner.scan(connection, table, this.plan.get(table), this.running);
				TableScanner.rollback(connection);
				if (this.stop.get()) {
					return lease;
				}
				TagDecisions.Changes changes = store(table, classified);
				this.counters.add(classified, changes);
				this.done.add(table.key());
				return lease;
			}
			catch (SQLException ex) {
				TableScanner.rollback(connection);
				if (!this.stop.get()) {
					this.failures.add(new Failure(table, ConnectionErrors.queryReason(ex)));
				}
				if (!valid(connection)) {
					lease.close();
					return null;
				}
				return lease;
			}
			catch (TableScanner.ClassifierFailed ex) {
				TableScanner.rollback(connection);
				log.error("Classification job {}: the classifier failed: {}", this.jobId, SafeLog.describe(ex.getCause()));
				this.failures.add(new Failure(table, ConnectionErrors.CLASSIFIER_ERROR));
				return lease;
			}
			catch (RuntimeException ex) {
				TableScanner.rollback(connection);
				log.error("Classification job {}: the results of a table could not be stored: {}", this.jobId,
						SafeLog.describe(ex));
				this.failures.add(new Failure(table, ConnectionErrors.STORE_FAILED));
				return lease;
			}
		}

		private TagDecisions.Changes store(TableRef table, List<TableScanner.Classified> classified) {
			Map<String, String> ids = this.columnIds.get(table);
			List<CatalogColumnStore.Verdict> verdicts = new ArrayList<>();
			List<TagDecisions.Outcome> outcomes = new ArrayList<>();
			for (TableScanner.Classified column : classified) {
				String id = ids.get(column.column().name());
				if (id == null) {
					continue;
				}
				verdicts.add(new CatalogColumnStore.Verdict(id, column.column().dataType(), column.verdict(), column.nullCount()));
				outcomes.add(new TagDecisions.Outcome(id,
						column.verdict().type() == null ? null : column.verdict().type().apiName(), column.verdict().confidence()));
			}
			return ClassificationJob.this.transactions.execute(tx -> {
				java.time.OffsetDateTime now = Times.now();
				ClassificationJob.this.columns.recordVerdicts(verdicts, this.jobId, now);
				return ClassificationJob.this.decisions.classified(outcomes, this.policy, this.jobId, this.mappings, now);
			});
		}

		private static boolean valid(Connection connection) {
			try {
				return connection.isValid(5);
			}
			catch (SQLException | RuntimeException ex) {
				return false;
			}
		}
	}
}
