package dev.coffer.policy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Test scaffolding (src/test only): column tags from a map the test fills, in place of the catalog,
 * registered only with {@code coffer.test.static-column-tags=true}.
 */
@Component
@Primary
@ConditionalOnProperty(name = "coffer.test.static-column-tags", havingValue = "true")
public class StaticColumnTags implements ColumnTagSource {

	private final Map<ColumnRef, List<ColumnTag>> tags = new ConcurrentHashMap<>();

	/** Gives {@code column} these tags (replacing earlier ones). */
	public void put(ColumnRef column, ColumnTag... columnTags) {
		this.tags.put(column, List.of(columnTags));
	}

	@Override
	public List<ColumnTag> tagsOf(ColumnRef column) {
		return this.tags.getOrDefault(column, List.of());
	}
}
