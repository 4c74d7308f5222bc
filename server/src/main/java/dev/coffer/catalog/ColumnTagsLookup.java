package dev.coffer.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link ColumnTags} straight from the store: one query per call (per {@link #MAX_BATCH} columns for a batch). */
@Component
class ColumnTagsLookup implements ColumnTags {

	private static final String SELECT = """
			SELECT c.column_name, t.name, ct.tag_value, ct.tag_source
			FROM catalog_columns c JOIN column_tags ct ON ct.column_id = c.id JOIN tags t ON t.id = ct.tag_id
			WHERE c.data_source_id = :ds AND c.schema_name = :schema AND c.table_name = :table""";

	private final JdbcClient jdbc;

	ColumnTagsLookup(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<ColumnTag> tagsOf(String dataSourceId, String schema, String table, String column) {
		return this.jdbc.sql(SELECT + " AND c.column_name = :column ORDER BY t.name_folded")
			.param("ds", dataSourceId)
			.param("schema", schema)
			.param("table", table)
			.param("column", column)
			.query((rs, row) -> new ColumnTag(rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
	}

	@Override
	public Map<String, List<ColumnTag>> tagsOfTable(String dataSourceId, String schema, String table) {
		Map<String, List<ColumnTag>> tags = new LinkedHashMap<>();
		this.jdbc.sql(SELECT + " ORDER BY c.id, t.name_folded")
			.param("ds", dataSourceId)
			.param("schema", schema)
			.param("table", table)
			.query(rs -> {
				tags.computeIfAbsent(rs.getString(1), c -> new ArrayList<>())
					.add(new ColumnTag(rs.getString(2), rs.getString(3), rs.getString(4)));
			});
		return tags;
	}

	@Override
	public Map<ColumnKey, List<ColumnTag>> tagsOfColumns(Collection<ColumnKey> columns) {
		Map<ColumnKey, List<ColumnTag>> tags = new LinkedHashMap<>();
		List<ColumnKey> all = List.copyOf(new LinkedHashSet<>(columns));
		for (int from = 0; from < all.size(); from += MAX_BATCH) {
			batch(all.subList(from, Math.min(all.size(), from + MAX_BATCH)), tags);
		}
		return tags;
	}

	/**
	 * One query for the columns: per table a condition on the data source and the lower-case table
	 * and column names (indexed: {@code catalog_columns_folded_idx}). The schema is matched here, in
	 * Java, with the same lower-casing on both sides ({@link ColumnKey}): the database's {@code LOWER}
	 * differs from Java's for letters outside ASCII (a C locale lowers ASCII only), and a tag missed
	 * that way would leave a column unprotected. A catalogued column matches whatever the case of its
	 * stored names.
	 */
	private void batch(List<ColumnKey> columns, Map<ColumnKey, List<ColumnTag>> into) {
		Map<ColumnKey, List<String>> byTable = new LinkedHashMap<>();
		for (ColumnKey column : columns) {
			if (column.dataSourceId() != null && column.schema() != null && column.table() != null && column.column() != null) {
				byTable.computeIfAbsent(new ColumnKey(column.dataSourceId(), column.schema(), column.table(), ""),
						table -> new ArrayList<>()).add(column.column());
			}
		}
		if (byTable.isEmpty()) {
			return;
		}
		StringBuilder where = new StringBuilder();
		Map<String, Object> params = new LinkedHashMap<>();
		int i = 0;
		for (Map.Entry<ColumnKey, List<String>> table : byTable.entrySet()) {
			where.append(i == 0 ? "" : " OR ")
				.append("(c.data_source_id = :d").append(i)
				.append(" AND c.table_name_folded = :t").append(i)
				.append(" AND c.column_name_folded IN (:c").append(i).append("))");
			params.put("d" + i, table.getKey().dataSourceId());
			params.put("t" + i, table.getKey().table());
			params.put("c" + i, table.getValue());
			i++;
		}
		Set<ColumnKey> wanted = new LinkedHashSet<>(columns);
		this.jdbc.sql("""
				SELECT c.data_source_id, c.schema_name, c.table_name, c.column_name, t.name, ct.tag_value, ct.tag_source
				FROM catalog_columns c JOIN column_tags ct ON ct.column_id = c.id JOIN tags t ON t.id = ct.tag_id
				WHERE """ + where + " ORDER BY c.id, t.name_folded")
			.params(params)
			.query(rs -> {
				ColumnKey key = new ColumnKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
				if (wanted.contains(key)) {
					into.computeIfAbsent(key, k -> new ArrayList<>())
						.add(new ColumnTag(rs.getString(5), rs.getString(6), rs.getString(7)));
				}
			});
	}
}
