package dev.coffer.api.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Parameter;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * The pagination parameters every list endpoint takes. Cursor style ({@code limit},
 * {@code cursor}) is a stable range scan on the time-ordered id: a client paging while rows are
 * added sees each row once. Page style ({@code page}, {@code per_page}) answers a total and a
 * {@code Link} header. A request uses one style; mixing them is a {@code pagination_conflict}.
 * Component names are the query parameter names.
 */
public record Paging(
		@Parameter(description = "Cursor style: items per page, 1 to 1000 (default 50).") Integer limit,
		@Parameter(description = "Cursor style: the `next_cursor` of the previous page.") String cursor,
		@Parameter(description = "Page style: page number, from 1.") Integer page,
		@Parameter(description = "Page style: items per page, 1 to 1000 (default 50).") Integer per_page) {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 1000;

	private static final String CURSOR_PREFIX = "c1:";

	private static final Pattern ID = Pattern.compile("[0-9a-f-]{1,36}");

	/** Checks the parameters; called by {@link #sql}, so binding itself never throws. */
	public Paging validated() {
		if ((page != null || per_page != null) && (limit != null || cursor != null)) {
			throw new ApiException(ErrorCode.PAGINATION_CONFLICT,
					"Use either limit/cursor or page/per_page, not both");
		}
		checkRange("limit", limit, 1, MAX_SIZE);
		checkRange("per_page", per_page, 1, MAX_SIZE);
		checkRange("page", page, 1, Integer.MAX_VALUE);
		afterId();
		return this;
	}

	/** The first page in cursor style. */
	public static Paging first(int limit) {
		return new Paging(limit, null, null, null);
	}

	public boolean pageStyle() {
		return this.page != null || this.per_page != null;
	}

	/** Items per page in either style. */
	public int size() {
		Integer size = pageStyle() ? this.per_page : this.limit;
		return size == null ? DEFAULT_SIZE : size;
	}

	public int pageNumber() {
		return this.page == null ? 1 : this.page;
	}

	public long offset() {
		return (long) (pageNumber() - 1) * size();
	}

	/** The id after which the page starts (cursor style), or {@code null} for the first page. */
	public String afterId() {
		if (this.cursor == null || this.cursor.isEmpty()) {
			return null;
		}
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(this.cursor), StandardCharsets.UTF_8);
			if (decoded.startsWith(CURSOR_PREFIX) && ID.matcher(decoded.substring(CURSOR_PREFIX.length())).matches()) {
				return decoded.substring(CURSOR_PREFIX.length());
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through
		}
		throw new ApiException(ErrorCode.INVALID_CURSOR, "The cursor is not one this server issued");
	}

	static String cursorAfter(String id) {
		return Base64.getUrlEncoder().withoutPadding()
			.encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * SQL tail for a query over a table whose key column is {@code id}: {@code where} is the
	 * caller's filter (never empty: use {@code "1=1"}). Parameters come from {@link #sqlParams()}.
	 */
	public String sql(String select, String where) {
		validated();
		if (pageStyle()) {
			return select + " WHERE " + where + " ORDER BY id LIMIT :paging_limit OFFSET :paging_offset";
		}
		String after = afterId() == null ? "" : " AND id > :paging_after";
		return select + " WHERE (" + where + ")" + after + " ORDER BY id LIMIT :paging_limit";
	}

	/** As {@link #sql}, for a table whose order key is the numeric column {@code key} (e.g. a sequence). */
	public String sqlByKey(String select, String where, String key) {
		validated();
		if (pageStyle()) {
			return select + " WHERE " + where + " ORDER BY " + key + " LIMIT :paging_limit OFFSET :paging_offset";
		}
		String after = afterId() == null ? "" : " AND " + key + " > :paging_after";
		return select + " WHERE (" + where + ")" + after + " ORDER BY " + key + " LIMIT :paging_limit";
	}

	/** The parameters of {@link #sqlByKey}: the cursor position as a number. */
	public Map<String, Object> sqlParamsByNumericKey() {
		Map<String, Object> params = sqlParams();
		Object after = params.get("paging_after");
		if (after != null) {
			try {
				params.put("paging_after", Long.parseLong(after.toString()));
			}
			catch (NumberFormatException ex) {
				throw new ApiException(ErrorCode.INVALID_CURSOR, "The cursor is not one this server issued");
			}
		}
		return params;
	}

	public Map<String, Object> sqlParams() {
		Map<String, Object> params = new HashMap<>();
		if (pageStyle()) {
			params.put("paging_limit", size());
			params.put("paging_offset", offset());
		}
		else {
			params.put("paging_limit", size() + 1);
			String after = afterId();
			if (after != null) {
				params.put("paging_after", after);
			}
		}
		return params;
	}

	private static void checkRange(String name, Integer value, int min, int max) {
		if (value != null && (value < min || value > max)) {
			throw ApiException.invalidParameter(name, "must be between " + min + " and " + max);
		}
	}
}
