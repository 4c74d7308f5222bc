package dev.coffer.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.coffer.catalog.CatalogModel.TableRef;

/** The parameters of a {@code classification.run} job, as stored with it (JSON values). */
record ClassificationParams(String dataSourceId, List<String> schemas, List<TableRef> tables, int sampleSize) {

	Map<String, Object> toMap() {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("data_source_id", this.dataSourceId);
		params.put("schemas", this.schemas);
		params.put("tables", this.tables.stream().map(t -> Map.of("schema", t.schema(), "table", t.table())).toList());
		params.put("sample_size", this.sampleSize);
		return params;
	}

	static ClassificationParams from(Map<String, Object> params) {
		List<String> schemas = new ArrayList<>();
		if (params.get("schemas") instanceof List<?> list) {
			list.forEach(schema -> schemas.add(String.valueOf(schema)));
		}
		List<TableRef> tables = new ArrayList<>();
		if (params.get("tables") instanceof List<?> list) {
			for (Object entry : list) {
				if (entry instanceof Map<?, ?> map) {
					tables.add(new TableRef(String.valueOf(map.get("schema")), String.valueOf(map.get("table"))));
				}
			}
		}
		Object size = params.get("sample_size");
		return new ClassificationParams(String.valueOf(params.get("data_source_id")), schemas, tables,
				size instanceof Number n ? n.intValue() : 1000);
	}
}
