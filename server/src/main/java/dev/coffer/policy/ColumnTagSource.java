package dev.coffer.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where tag policies learn a column's tags: the catalog. The decision engine asks once per batch of
 * columns, never per decision. Until the catalog feature is wired in, {@link NoCatalogColumnTags}
 * answers that no column has tags (so only column policies apply).
 */
public interface ColumnTagSource {

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
