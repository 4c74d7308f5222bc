package dev.coffer.catalog;

import java.util.List;
import java.util.Set;

import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableRef;

/** A remote H2 server: no sampling clause, so the first rows ({@code FETCH FIRST n ROWS ONLY}). */
class H2Dialect extends Dialect {

	@Override
	Set<String> systemSchemas() {
		return Set.of("information_schema");
	}

	@Override
	String text(String quotedColumn) {
		return "LEFT(CAST(" + quotedColumn + " AS VARCHAR), " + MAX_VALUE_CHARS + ")";
	}

	@Override
	String sampleSql(TableRef table, List<ColumnInfo> columns, long estimate, int sampleSize) {
		return firstRowsSql(table, columns, sampleSize);
	}

	@Override
	String firstRowsSql(TableRef table, List<ColumnInfo> columns, int sampleSize) {
		return "SELECT " + selectList(columns) + " FROM " + qualified(table) + " FETCH FIRST " + sampleSize + " ROWS ONLY";
	}
}
