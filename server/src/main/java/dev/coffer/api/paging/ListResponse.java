package dev.coffer.api.paging;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One page of a list. Cursor style fills {@code has_more} and {@code next_cursor}; page style
 * also fills {@code page}, {@code per_page} and {@code total} (and the {@code Link} header).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListResponse<T>(
		@Schema(description = "The items of this page, oldest first.") List<T> data,
		@Schema(description = "Whether more items follow this page.") boolean hasMore,
		@Schema(description = "Cursor style: pass as `cursor` to get the next page; absent on the last page.") String nextCursor,
		@Schema(description = "Page style: this page's number.") Integer page,
		@Schema(description = "Page style: items per page.") Integer perPage,
		@Schema(description = "Page style: number of items in the whole list.") Long total) {
}
