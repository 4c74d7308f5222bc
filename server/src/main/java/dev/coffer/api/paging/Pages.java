package dev.coffer.api.paging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** Builds a {@link ListResponse} from rows fetched with {@link Paging#sql}, in either style. */
public final class Pages {

	public static final String TOTAL_HEADER = "X-Total-Count";

	private Pages() {
	}

	/**
	 * @param rows the rows of {@link Paging#sql} (cursor style fetches one extra to know if more follow)
	 * @param idOf the id column of a row, for the next cursor
	 * @param total counts the whole list; called in page style only
	 * @param response receives the {@code Link} and {@code X-Total-Count} headers in page style
	 */
	public static <T> ListResponse<T> of(Paging paging, Supplier<List<T>> rows, Function<T, String> idOf,
			LongSupplier total, HttpServletResponse response) {
		List<T> fetched = rows.get();
		if (!paging.pageStyle()) {
			boolean more = fetched.size() > paging.size();
			List<T> data = more ? new ArrayList<>(fetched.subList(0, paging.size())) : fetched;
			String next = more ? Paging.cursorAfter(idOf.apply(data.get(data.size() - 1))) : null;
			return new ListResponse<>(data, more, next, null, null, null);
		}
		long count = total.getAsLong();
		int size = paging.size();
		int page = paging.pageNumber();
		long lastPage = Math.max(1, (count + size - 1) / size);
		response.setHeader(TOTAL_HEADER, Long.toString(count));
		List<String> links = new ArrayList<>();
		UriComponentsBuilder self = ServletUriComponentsBuilder.fromCurrentRequest();
		if (page < lastPage) {
			links.add(link(self, page + 1, size, "next"));
		}
		if (page > 1) {
			links.add(link(self, Math.min(page - 1, lastPage), size, "prev"));
		}
		links.add(link(self, 1, size, "first"));
		links.add(link(self, lastPage, size, "last"));
		response.setHeader(HttpHeaders.LINK, String.join(", ", links));
		return new ListResponse<>(fetched, page < lastPage, null, page, size, count);
	}

	private static String link(UriComponentsBuilder base, long page, int size, String rel) {
		String uri = base.cloneBuilder()
			.replaceQueryParam("page", page)
			.replaceQueryParam("per_page", size)
			.build()
			.toUriString();
		return "<" + uri + ">; rel=\"" + rel + "\"";
	}
}
