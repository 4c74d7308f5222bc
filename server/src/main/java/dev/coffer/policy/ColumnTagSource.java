package dev.coffer.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where tag policies learn a column's tags: the catalog ({@link CatalogColumnTags}). The decision
 * engine asks once per batch of columns, never per decision, and only while tag policies exist.
 * When the source is not {@link #available()} or a call fails, the engine hides every column a tag
 * policy might cover (fail closed) rather than show it clear.
 */
public interface ColumnTagSource {

	/**
	 * Whether the source can answer now. When it cannot (or a call fails) and tag policies exist,
	 * every column that no column policy names exactly is NULL with reason {@code tags_unavailable}.
	 */
	default boolean available() {
		return true;
	}

	/** The tags of one column; empty when it has none or is unknown. */
	List<ColumnTag> tagsOf(ColumnRef column);

	/** The tags of each column; implementations answer a batch with one query. */
	default Map<ColumnRef, List<ColumnTag>> tagsOf(Collection<ColumnRef> columns) {
		Map<ColumnRef, List<ColumnTag>> tags = new LinkedHashMap<>();
		for (ColumnRef column : columns) {
			tags.put(column, tagsOf(column));
		}
		return tags;
	}
}
