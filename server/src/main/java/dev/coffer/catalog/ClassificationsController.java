package dev.coffer.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.catalog.CatalogModel.TableRef;
import dev.coffer.jobs.JobView;
import dev.coffer.jobs.Jobs;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/** Starts classification jobs on a data source. */
@Tag(name = "Classification", description = "Finds the sensitive columns of a data source. A job samples each table in "
		+ "scope with the database's own sampling (PostgreSQL `TABLESAMPLE`, Snowflake `SAMPLE (n ROWS)`, MariaDB and MySQL "
		+ "a `RAND()` filter sized from the row estimate, H2 the first rows), reads values as text and keeps them only in "
		+ "memory, and stores per column the detected type, confidence, match rate, sample size and evidence; then tags "
		+ "or proposes tags through the tag mappings. Sampled values are never stored.")
@RestController
@RequestMapping("/api/v1/data-sources/{id}/classifications")
class ClassificationsController {

	static final int MAX_SCOPE_ENTRIES = 1000;

	private final DataSources dataSources;

	private final ClassificationJob job;

	private final Jobs jobs;

	private final Settings settings;

	private final AuditLog audit;

	ClassificationsController(DataSources dataSources, ClassificationJob job, Jobs jobs, Settings settings, AuditLog audit) {
		this.dataSources = dataSources;
		this.job = job;
		this.jobs = jobs;
		this.settings = settings;
		this.audit = audit;
	}

	@Operation(summary = "Classify a data source's columns",
			description = "Starts a `classification.run` job and answers 202 with it (`Location: /api/v1/jobs/{id}`). Scope: "
					+ "`schemas` (every table of each) and `tables` (each `{schema, table}`); both empty classifies every "
					+ "table of every non-system schema. Tables are sampled in parallel (setting "
					+ "`classification.max_parallel_tables`, never more than the data source's `max_connections`), "
					+ "`sample_size` rows each (default: setting `classification.default_sample_size`). The job's progress "
					+ "counts tables; its result has `tables_total`, `tables_scanned`, `tables_failed`, `columns_classified`, "
					+ "`columns_sensitive`, `types` (columns per detected type), `tags_applied`, `proposals_created`, "
					+ "`tags_removed` and `failed_tables` (`schema`, `table`, `reason`, `message`; a failed table does not fail "
					+ "the job). `notify_url` receives the job when it ends; subscribers of `classification.completed` get "
					+ "the result. Needs `classification:run`.")
	@PostMapping
	ResponseEntity<JobView> classify(@Parameter(description = "Data source id.") @PathVariable String id,
			@Valid @RequestBody(required = false) ClassifyRequest request) {
		Caller caller = Authz.require(Permission.CLASSIFICATION_RUN);
		this.dataSources.get(id);
		this.job.classifier();
		ClassifyRequest body = request == null ? new ClassifyRequest(null, null, null) : request;
		List<String> schemas = new ArrayList<>();
		List<TableRef> tables = new ArrayList<>();
		if (body.scope() != null) {
			if (body.scope().schemas() != null) {
				for (int i = 0; i < body.scope().schemas().size(); i++) {
					String schema = body.scope().schemas().get(i);
					if (schema == null || schema.isEmpty() || schema.length() > 256) {
						throw ValidationFailedException.of("scope.schemas[" + i + "]", "invalid_length", "must be 1 to 256 characters");
					}
					schemas.add(schema);
				}
			}
			if (body.scope().tables() != null) {
				for (int i = 0; i < body.scope().tables().size(); i++) {
					TableName table = body.scope().tables().get(i);
					if (table == null || blank(table.schema()) || blank(table.table())) {
						throw ValidationFailedException.of("scope.tables[" + i + "]", "required",
								"must name schema and table, each 1 to 256 characters");
					}
					tables.add(new TableRef(table.schema(), table.table()));
				}
			}
		}
		int sampleSize = body.sampleSize() != null ? body.sampleSize()
				: this.settings.getInt(SettingKey.CLASSIFICATION_DEFAULT_SAMPLE_SIZE);
		ClassificationParams params = new ClassificationParams(id, List.copyOf(new LinkedHashSet<>(schemas)),
				List.copyOf(new LinkedHashSet<>(tables)), sampleSize);
		JobView started = this.jobs.submit(ClassificationJob.TYPE, params.toMap(), body.notifyUrl(), caller);
		this.dataSources.recordJob(id, started.id());
		this.audit.record(AuditRecord.sensitive("classification.started", "data_source", id, AuditRecord.Outcome.SUCCESS)
			.with("job_id", started.id())
			.with("schemas", schemas.size())
			.with("tables", tables.size())
			.with("sample_size", sampleSize));
		return Jobs.accepted(started);
	}

	private static boolean blank(String value) {
		return value == null || value.isEmpty() || value.length() > 256;
	}

	/** What to classify. */
	record ClassifyRequest(
			@Schema(description = "Which tables; absent or empty for every table of every non-system schema.") @Valid Scope scope,
			@Schema(description = "Rows sampled per table, 10 to 100000 (default: setting `classification.default_sample_size`).", example = "1000")
			@Min(10) @Max(100_000) Integer sampleSize,
			@Schema(description = "URL that receives the job, signed, when it ends.") @Size(max = 2048) String notifyUrl) {
	}

	/** The tables of a classification. */
	record Scope(
			@Schema(description = "Schemas whose tables are all classified (for MariaDB and MySQL: databases).") @Size(max = MAX_SCOPE_ENTRIES) List<String> schemas,
			@Schema(description = "Single tables.") @Size(max = MAX_SCOPE_ENTRIES) List<@Valid TableName> tables) {
	}

	/** One table. */
	record TableName(
			@Schema(description = "Schema name.", requiredMode = Schema.RequiredMode.REQUIRED) String schema,
			@Schema(description = "Table name.", requiredMode = Schema.RequiredMode.REQUIRED) String table) {
	}
}
