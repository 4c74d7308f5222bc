package dev.coffer.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.Ids;
import dev.coffer.api.paging.Paging;
import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.classification.ColumnVerdict;

/** The {@code catalog_columns} table: the columns Coffer knows of each data source. */
@Component
class CatalogColumnStore {

	static final String SELECT = """
			SELECT id, schema_name, table_name, column_name, data_type, detected_type, confidence, match_rate,
			       sample_size, null_count, evidence, classified_at, job_id
			FROM catalog_columns""";

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate named;

	private final JsonMapper json;

	CatalogColumnStore(JdbcClient jdbc, NamedParameterJdbcTemplate named, JsonMapper json) {
		this.jdbc = jdbc;
		this.named = named;
		this.json = json;
	}

	/**
	 * Registers the columns of a table that are not yet catalogued (in ordinal order, so ids follow
	 * the table) and refreshes the type and position of the others.
	 * @return column name to id
	 */
	Map<String, String> ensure(String dataSourceId, String schema, String table, List<ColumnInfo> columns,
			OffsetDateTime now) {
		Map<String, String> ids = ids(dataSourceId, schema, table);
		List<MapSqlParameterSource> inserts = new ArrayList<>();
		for (ColumnInfo column : columns) {
			if (!ids.containsKey(column.name())) {
				inserts.add(new MapSqlParameterSource().addValue("id", Ids.next())
					.addValue("ds", dataSourceId)
					.addValue("schema", schema)
					.addValue("table", table)
					.addValue("column", column.name())
					.addValue("tableFolded", table.toLowerCase(java.util.Locale.ROOT))
					.addValue("columnFolded", column.name().toLowerCase(java.util.Locale.ROOT))
					.addValue("type", truncate(column.dataType(), 128))
					.addValue("ordinal", column.ordinal())
					.addValue("now", now));
			}
		}
		if (!inserts.isEmpty()) {
			this.named.batchUpdate("""
					INSERT INTO catalog_columns (id, data_source_id, schema_name, table_name, column_name, table_name_folded,
					                             column_name_folded, data_type, ordinal, created_at)
					VALUES (:id, :ds, :schema, :table, :column, :tableFolded, :columnFolded, :type, :ordinal, :now)
					ON CONFLICT DO NOTHING""",
					inserts.toArray(MapSqlParameterSource[]::new));
			ids = ids(dataSourceId, schema, table);
		}
		return ids;
	}

	private Map<String, String> ids(String dataSourceId, String schema, String table) {
		Map<String, String> ids = new HashMap<>();
		this.jdbc.sql("""
				SELECT column_name, id FROM catalog_columns
				WHERE data_source_id = :ds AND schema_name = :schema AND table_name = :table""")
			.param("ds", dataSourceId)
			.param("schema", schema)
			.param("table", table)
			.query(rs -> {
				ids.put(rs.getString(1), rs.getString(2));
			});
		return ids;
	}

	/** One verdict to store. */
	record Verdict(String columnId, String dataType, ColumnVerdict verdict, int nullCount) {
	}

	void recordVerdicts(List<Verdict> verdicts, String jobId, OffsetDateTime now) {
		MapSqlParameterSource[] batch = verdicts.stream()
			.map(v -> new MapSqlParameterSource().addValue("id", v.columnId())
				.addValue("dataType", truncate(v.dataType(), 128))
				.addValue("type", v.verdict().type() == null ? null : v.verdict().type().apiName())
				.addValue("confidence", v.verdict().confidence())
				.addValue("matchRate", v.verdict().matchRate())
				.addValue("sampleSize", v.verdict().sampleSize())
				.addValue("nullCount", v.nullCount())
				.addValue("evidence", evidence(v.verdict().evidence()))
				.addValue("now", now)
				.addValue("job", jobId))
			.toArray(MapSqlParameterSource[]::new);
		this.named.batchUpdate("""
				UPDATE catalog_columns SET data_type = :dataType, detected_type = :type, confidence = :confidence,
				       match_rate = :matchRate, sample_size = :sampleSize, null_count = :nullCount, evidence = :evidence,
				       classified_at = :now, job_id = :job
				WHERE id = :id""", batch);
	}

	private String evidence(List<String> evidence) {
		List<String> kept = new ArrayList<>();
		int length = 2;
		for (String item : evidence) {
			String cut = truncate(item, 200);
			length += cut.length() + 3;
			if (length > 4000) {
				break;
			}
			kept.add(cut);
		}
		return this.json.writeValueAsString(kept);
	}

	Optional<CatalogColumnView> find(String dataSourceId, String id) {
		return this.jdbc.sql(SELECT + " WHERE data_source_id = :ds AND id = :id")
			.param("ds", dataSourceId)
			.param("id", id)
			.query(this::map)
			.optional();
	}

	Optional<CatalogColumnView> findByPath(String dataSourceId, String schema, String table, String column) {
		return this.jdbc.sql(SELECT + " WHERE data_source_id = :ds AND schema_name = :schema AND table_name = :table AND column_name = :column")
			.param("ds", dataSourceId)
			.param("schema", schema)
			.param("table", table)
			.param("column", column)
			.query(this::map)
			.optional();
	}

	/** The filters of a column list; {@code null} fields do not filter. */
	record Filter(String schema, String table, String tagFolded, String type, Double minConfidence) {

		String where() {
			StringBuilder where = new StringBuilder("data_source_id = :ds");
			if (this.schema != null) {
				where.append(" AND schema_name = :schema");
			}
			if (this.table != null) {
				where.append(" AND table_name = :table");
			}
			if (this.type != null) {
				where.append(" AND detected_type = :type");
			}
			if (this.minConfidence != null) {
				where.append(" AND confidence >= :minConfidence");
			}
			if (this.tagFolded != null) {
				where.append(" AND EXISTS (SELECT 1 FROM column_tags ct JOIN tags t ON t.id = ct.tag_id"
						+ " WHERE ct.column_id = catalog_columns.id AND t.name_folded = :tag)");
			}
			return where.toString();
		}

		Map<String, Object> params(String dataSourceId) {
			Map<String, Object> params = new HashMap<>();
			params.put("ds", dataSourceId);
			if (this.schema != null) {
				params.put("schema", this.schema);
			}
			if (this.table != null) {
				params.put("table", this.table);
			}
			if (this.type != null) {
				params.put("type", this.type);
			}
			if (this.minConfidence != null) {
				params.put("minConfidence", this.minConfidence);
			}
			if (this.tagFolded != null) {
				params.put("tag", this.tagFolded);
			}
			return params;
		}
	}

	List<CatalogColumnView> list(String dataSourceId, Filter filter, Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, filter.where()))
			.params(paging.sqlParams())
			.params(filter.params(dataSourceId))
			.query(this::map)
			.list();
	}

	long count(String dataSourceId, Filter filter) {
		return this.jdbc.sql("SELECT count(*) FROM catalog_columns WHERE " + filter.where())
			.params(filter.params(dataSourceId))
			.query(Long.class)
			.single();
	}

	/** Column counts per detected type ({@code null} key: classified, not sensitive; never-classified columns left out). */
	Map<String, Long> countsByType(String dataSourceId) {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT detected_type, count(*) FROM catalog_columns
				WHERE data_source_id = :ds AND classified_at IS NOT NULL GROUP BY detected_type ORDER BY detected_type""")
			.param("ds", dataSourceId)
			.query(rs -> {
				counts.put(rs.getString(1), rs.getLong(2));
			});
		return counts;
	}

	long countAll(String dataSourceId) {
		return this.jdbc.sql("SELECT count(*) FROM catalog_columns WHERE data_source_id = :ds")
			.param("ds", dataSourceId)
			.query(Long.class)
			.single();
	}

	long countTables(String dataSourceId) {
		return this.jdbc.sql("""
				SELECT count(*) FROM (SELECT DISTINCT schema_name, table_name FROM catalog_columns WHERE data_source_id = :ds) t""")
			.param("ds", dataSourceId)
			.query(Long.class)
			.single();
	}

	private CatalogColumnView map(ResultSet rs, int row) throws SQLException {
		OffsetDateTime classifiedAt = rs.getObject(12, OffsetDateTime.class);
		CatalogColumnView.Classification classification = classifiedAt == null ? null
				: new CatalogColumnView.Classification(rs.getString(6), rs.getDouble(7), rs.getDouble(8), rs.getInt(9),
						rs.getInt(10), parseEvidence(rs.getString(11)), classifiedAt, rs.getString(13));
		return new CatalogColumnView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				classification, List.of());
	}

	private List<String> parseEvidence(String text) {
		return text == null ? List.of() : this.json.readValue(text, new TypeReference<List<String>>() {
		});
	}

	private static String truncate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}
}
