package dev.coffer.policy;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The {@link ColumnTagSource} until the catalog is wired in: it cannot tell a column's tags, so it
 * is not {@link #available()} and, while tag policies exist, columns no column policy names
 * exactly are hidden ({@code tags_unavailable}). Replace it with an implementation over the
 * catalog's column tags (a {@code @Primary} bean, or delete this one).
 */
@Component
class NoCatalogColumnTags implements ColumnTagSource {

	@Override
	public boolean available() {
		return false;
	}

	@Override
	public List<ColumnTag> tagsOf(ColumnRef column) {
		return List.of();
	}
}
