package dev.coffer.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link ColumnTags} straight from the store: one indexed query per call. */
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
}
