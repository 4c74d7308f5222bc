package dev.coffer.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tags of catalogued columns, for features that act on tags (masking and access policies).
 * A column Coffer has not catalogued has no tags. Listen to {@link ColumnTagsChanged} to refresh
 * anything cached.
 */
public interface ColumnTags {

	/** The tags of one column, by tag name; empty if the column is not catalogued or carries none. */
	List<ColumnTag> tagsOf(String dataSourceId, String schema, String table, String column);

	/** The tags of every catalogued column of a table, by column name (untagged columns left out). */
	Map<String, List<ColumnTag>> tagsOfTable(String dataSourceId, String schema, String table);

	/**
	 * The tags of many columns with one query per {@link #MAX_BATCH} columns. Schema, table and
	 * column names match regardless of case (the catalog keeps them as the database reports them:
	 * PostgreSQL in lower case, Snowflake in upper case); when a table holds two columns whose names
	 * differ only in case, the key gets the tags of both.
	 * @return the tags of each requested column that carries any, under its {@link ColumnKey}
	 */
	Map<ColumnKey, List<ColumnTag>> tagsOfColumns(Collection<ColumnKey> columns);

	/** Columns per query of {@link #tagsOfColumns}. */
	int MAX_BATCH = 1000;

	/**
	 * A tag on a column.
	 * @param name the tag's name, e.g. {@code PII}
	 * @param value its value on the column, or {@code null}
	 * @param source {@code manual}, {@code classification} or {@code proposal}
	 */
	record ColumnTag(String name, String value, String source) {
	}

	/** A column by data source id and names, folded to lower case (so keys of one column are equal whatever the case). */
	record ColumnKey(String dataSourceId, String schema, String table, String column) {

		public ColumnKey {
			dataSourceId = fold(dataSourceId);
			schema = fold(schema);
			table = fold(table);
			column = fold(column);
		}

		private static String fold(String name) {
			return name == null ? null : name.toLowerCase(Locale.ROOT);
		}
	}
}
