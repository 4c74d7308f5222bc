package dev.coffer.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.coffer.catalog.ColumnTags;
import dev.coffer.catalog.ColumnTagsChanged;

/**
 * Column tags from the catalog ({@link ColumnTags}), with this node's copy of each column's tags
 * (untagged columns included) kept for {@code coffer.policy.refresh-interval} (default 2 s): a
 * batch of columns costs one query for the columns not fresh in the copy, none when all are. A
 * tag change committed on this node ({@link ColumnTagsChanged}) drops the whole copy at once;
 * changes on other nodes are seen when the copy expires. Names match case-insensitively (the
 * catalog keeps them as the database reports them); tag names and values are compared in lower
 * case ({@link ColumnTag}). When the catalog cannot be read the call fails and the engine hides
 * the columns tag policies could cover (fail closed).
 */
@Component
class CatalogColumnTags implements ColumnTagSource {

	/** Columns kept at most; past that the copy starts again empty. */
	static final int MAX_CACHED = 100_000;

	private final ColumnTags catalog;

	private final long ttlNanos;

	private final Map<ColumnRef, Cached> cache = new ConcurrentHashMap<>();

	/** Bumped after every committed tag change on this node: entries of an older generation are not used. */
	private final AtomicLong generation = new AtomicLong();

	CatalogColumnTags(ColumnTags catalog, @Value("${coffer.policy.refresh-interval:PT2S}") Duration ttl) {
		this.catalog = catalog;
		this.ttlNanos = ttl.toNanos();
	}

	@Override
	public List<ColumnTag> tagsOf(ColumnRef column) {
		return tagsOf(List.of(column)).getOrDefault(column, List.of());
	}

	@Override
	public Map<ColumnRef, List<ColumnTag>> tagsOf(Collection<ColumnRef> columns) {
		long now = System.nanoTime();
		long current = this.generation.get();
		Map<ColumnRef, List<ColumnTag>> tags = new LinkedHashMap<>();
		List<ColumnRef> missing = new ArrayList<>();
		for (ColumnRef column : columns) {
			Cached cached = this.cache.get(column);
			if (cached != null && cached.generation == current && now - cached.loadedAt < this.ttlNanos) {
				tags.put(column, cached.tags);
			}
			else {
				missing.add(column);
			}
		}
		if (!missing.isEmpty()) {
			load(missing, tags);
		}
		return tags;
	}

	private void load(List<ColumnRef> columns, Map<ColumnRef, List<ColumnTag>> into) {
		long before = this.generation.get();
		long loadedAt = System.nanoTime();
		List<ColumnTags.ColumnKey> keys = new ArrayList<>(columns.size());
		for (ColumnRef column : columns) {
			keys.add(key(column));
		}
		Map<ColumnTags.ColumnKey, List<ColumnTags.ColumnTag>> found = this.catalog.tagsOfColumns(keys);
		if (this.cache.size() + columns.size() > MAX_CACHED) {
			this.cache.clear();
		}
		for (ColumnRef column : columns) {
			List<ColumnTags.ColumnTag> stored = found.get(key(column));
			List<ColumnTag> tags = stored == null ? List.of()
					: stored.stream().map(tag -> new ColumnTag(tag.name(), tag.value())).distinct().toList();
			into.put(column, tags);
			// a load that overlapped a change may hold what was there before: used once, never kept
			if (this.generation.get() == before) {
				this.cache.put(column, new Cached(tags, loadedAt, before));
			}
		}
	}

	/** After the change is committed (or at once outside a transaction), so a reload sees it. */
	@TransactionalEventListener(fallbackExecution = true)
	void tagsChanged(ColumnTagsChanged changed) {
		this.generation.incrementAndGet();
		this.cache.clear();
	}

	private static ColumnTags.ColumnKey key(ColumnRef column) {
		return new ColumnTags.ColumnKey(column.dataSourceId(), column.schema(), column.table(), column.column());
	}

	private record Cached(List<ColumnTag> tags, long loadedAt, long generation) {
	}
}
