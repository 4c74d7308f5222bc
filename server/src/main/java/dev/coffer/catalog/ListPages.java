package dev.coffer.catalog;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;

/**
 * Both paginations over a list read whole from a database's catalog (names have no time-ordered id):
 * the cursor is the position of the last item returned, so paging is stable while the catalog
 * does not change.
 */
final class ListPages {

	private ListPages() {
	}

	static <T> ListResponse<T> of(Paging paging, List<T> all, HttpServletResponse response) {
		paging.validated();
		int size = paging.size();
		int start;
		int end;
		if (paging.pageStyle()) {
			start = (int) Math.min(all.size(), paging.offset());
			end = Math.min(all.size(), start + size);
		}
		else {
			String after = paging.afterId();
			start = after == null ? 0 : position(after) + 1;
			start = Math.min(all.size(), start);
			end = Math.min(all.size(), start + size + 1);
		}
		List<T> rows = all.subList(start, end);
		int first = start;
		// Pages asks for the id of the last item of a full page only: its position
		return Pages.of(paging, () -> rows, item -> Integer.toString(first + size - 1), () -> all.size(), response);
	}

	private static int position(String after) {
		try {
			return Integer.parseInt(after);
		}
		catch (NumberFormatException ex) {
			throw new ApiException(ErrorCode.INVALID_CURSOR, "The cursor is not one this server issued");
		}
	}
}
