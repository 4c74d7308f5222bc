package dev.coffer.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.jobs.JobView;
import dev.coffer.jobs.Jobs;

/** The catalogued columns of a data source: listing, registering, tagging by hand, the summary. */
@Service
class CatalogColumns {

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

	private final DataSources dataSources;

	private final CatalogColumnStore columns;

	private final ColumnTagStore columnTags;

	private final TagDecisions decisions;

	private final Tags tags;

	private final CatalogBrowser browser;

	private final Jobs jobs;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	CatalogColumns(DataSources dataSources, CatalogColumnStore columns, ColumnTagStore columnTags, TagDecisions decisions,
			Tags tags, CatalogBrowser browser, Jobs jobs, TransactionTemplate transactions, AuditLog audit,
			ApplicationEventPublisher events) {
		this.dataSources = dataSources;
		this.columns = columns;
		this.columnTags = columnTags;
		this.decisions = decisions;
		this.tags = tags;
		this.browser = browser;
		this.jobs = jobs;
		this.transactions = transactions;
		this.audit = audit;
		this.events = events;
	}

	ListResponse<CatalogColumnView> list(String dataSourceId, CatalogColumnStore.Filter filter, Paging paging,
			HttpServletResponse response) {
		this.dataSources.get(dataSourceId);
		ListResponse<CatalogColumnView> page = Pages.of(paging, () -> this.columns.list(dataSourceId, filter, paging),
				CatalogColumnView::id, () -> this.columns.count(dataSourceId, filter), response);
		Map<String, List<CatalogColumnView.ColumnTagView>> byColumn = this.columnTags
			.views(page.data().stream().map(CatalogColumnView::id).toList());
		List<CatalogColumnView> data = page.data().stream()
			.map(column -> column.withTags(byColumn.getOrDefault(column.id(), List.of())))
			.toList();
		return new ListResponse<>(data, page.hasMore(), page.nextCursor(), page.page(), page.perPage(), page.total());
	}

	CatalogColumnView get(String dataSourceId, String columnId) {
		this.dataSources.get(dataSourceId);
		CatalogColumnView column = (ID.matcher(columnId).matches() ? this.columns.find(dataSourceId, columnId)
				: java.util.Optional.<CatalogColumnView>empty())
			.orElseThrow(() -> ApiException.notFound("Column", columnId));
		return column.withTags(this.columnTags.views(List.of(column.id())).getOrDefault(column.id(), List.of()));
	}

	/**
	 * Catalogues one column by hand (to tag it before any classification), after checking that the
	 * database has it. Answers the existing entry if the column is already catalogued.
	 */
	CatalogColumnView register(String dataSourceId, String schema, String table, String column) {
		this.dataSources.get(dataSourceId);
		for (Map.Entry<String, String> field : Map.of("schema", nn(schema), "table", nn(table), "column", nn(column)).entrySet()) {
			if (field.getValue().isEmpty() || field.getValue().length() > 256) {
				throw ValidationFailedException.of(field.getKey(), "required", "must be 1 to 256 characters");
			}
		}
		var existing = this.columns.findByPath(dataSourceId, schema, table, column);
		if (existing.isPresent()) {
			return get(dataSourceId, existing.get().id());
		}
		List<ColumnInfo> live = this.browser.columns(dataSourceId, schema, table);
		ColumnInfo info = live.stream().filter(c -> c.name().equals(column)).findFirst()
			.orElseThrow(() -> ApiException.notFound("Column", schema + "." + table + "." + column));
		String id = this.transactions.execute(tx -> {
			String created = this.columns.ensure(dataSourceId, schema, table, List.of(info), Times.now()).get(column);
			this.audit.record(AuditRecord.ordinary("catalog_column.registered", "catalog_column", created,
					AuditRecord.Outcome.SUCCESS).with("data_source_id", dataSourceId));
			return created;
		});
		return get(dataSourceId, id);
	}

	CatalogColumnView assign(String dataSourceId, String columnId, String tagName, String value, String by) {
		CatalogColumnView column = get(dataSourceId, columnId);
		TagView tag = this.tags.get(tagName);
		Tags.checkValue(tag, value);
		this.transactions.executeWithoutResult(tx -> {
			this.decisions.assign(column.id(), tag.id(), value, by, Times.now());
			this.audit.record(AuditRecord.sensitive("column_tag.assigned", "catalog_column", column.id(), AuditRecord.Outcome.SUCCESS)
				.with("data_source_id", dataSourceId)
				.with("tag", tag.name()));
			this.events.publishEvent(new ColumnTagsChanged(dataSourceId));
		});
		return get(dataSourceId, columnId);
	}

	CatalogColumnView unassign(String dataSourceId, String columnId, String tagName, String by) {
		CatalogColumnView column = get(dataSourceId, columnId);
		TagView tag = this.tags.get(tagName);
		String detectedType = column.classification() == null ? null : column.classification().type();
		this.transactions.executeWithoutResult(tx -> {
			if (!this.decisions.unassign(column.id(), tag.id(), detectedType, by, Times.now())) {
				throw ApiException.notFound("Tag '" + tag.name() + "' on column", columnId);
			}
			this.audit.record(AuditRecord.sensitive("column_tag.unassigned", "catalog_column", column.id(), AuditRecord.Outcome.SUCCESS)
				.with("data_source_id", dataSourceId)
				.with("tag", tag.name()));
			this.events.publishEvent(new ColumnTagsChanged(dataSourceId));
		});
		return get(dataSourceId, columnId);
	}

	CatalogSummaryView summary(String dataSourceId) {
		DataSourceView source = this.dataSources.get(dataSourceId);
		Map<String, Long> byType = this.columns.countsByType(dataSourceId);
		long classified = byType.values().stream().mapToLong(Long::longValue).sum();
		long notSensitive = byType.getOrDefault(null, 0L);
		Map<String, Long> types = new LinkedHashMap<>(byType);
		types.remove(null);
		return new CatalogSummaryView(dataSourceId, this.columns.countTables(dataSourceId), this.columns.countAll(dataSourceId),
				classified, classified - notSensitive, types, this.columnTags.countsByTag(dataSourceId),
				this.columnTags.pendingCount(dataSourceId), lastJob(source.lastClassificationJobId()));
	}

	boolean catalogued(String dataSourceId, String schema, String table, String column) {
		return this.columns.findByPath(dataSourceId, schema, table, column).isPresent();
	}

	private CatalogSummaryView.LastJob lastJob(String jobId) {
		if (jobId == null) {
			return null;
		}
		try {
			JobView job = this.jobs.view(jobId);
			return new CatalogSummaryView.LastJob(job.id(), job.status(), job.createdAt(), job.finishedAt(), job.result());
		}
		catch (ApiException gone) {
			return null; // purged
		}
	}

	private static String nn(String value) {
		return value == null ? "" : value;
	}
}
