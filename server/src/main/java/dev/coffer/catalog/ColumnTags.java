package dev.coffer.catalog;

import java.util.List;
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
	 * A tag on a column.
	 * @param name the tag's name, e.g. {@code PII}
	 * @param value its value on the column, or {@code null}
	 * @param source {@code manual}, {@code classification} or {@code proposal}
	 */
	record ColumnTag(String name, String value, String source) {
	}
}
