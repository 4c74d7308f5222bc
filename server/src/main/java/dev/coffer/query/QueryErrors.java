package dev.coffer.query;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Map;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * Turns a database's refusal into a problem that carries only the SQLSTATE: the driver's message
 * can quote values of rows the caller may not see (an invalid cast of a hidden value), so it is
 * never returned or logged.
 */
final class QueryErrors {

	private QueryErrors() {
	}

	static ApiException of(SQLException ex) {
		String state = ex.getSQLState();
		if (ex.getMessage() != null && ex.getMessage().contains("maxResultBuffer")) {
			// pgjdbc refused a fetch larger than the limit the connection was opened with
			return new ApiException(ErrorCode.QUERY_RESULT_TOO_LARGE, "The result is too large: one fetch of rows from the "
					+ "database passed query.max_response_bytes (or 16 MiB)");
		}
		if (ex instanceof SQLTimeoutException || "57014".equals(state) || "70100".equals(state)) {
			return new ApiException(ErrorCode.QUERY_TIMEOUT,
					"The query ran longer than datasources.query_timeout_seconds allows and was cancelled");
		}
		return new Failed(state);
	}

	/** {@code query_failed} with the member {@code sqlstate}. */
	static final class Failed extends ApiException {

		private final String sqlState;

		Failed(String sqlState) {
			super(ErrorCode.QUERY_FAILED, "The data source refused or failed the query"
					+ (validState(sqlState) ? " (SQLSTATE " + sqlState + ")" : ""));
			this.sqlState = validState(sqlState) ? sqlState : null;
		}

		String sqlState() {
			return this.sqlState;
		}

		@Override
		public Map<String, Object> extensions() {
			return this.sqlState == null ? Map.of() : Map.of("sqlstate", this.sqlState);
		}
	}

	private static boolean validState(String state) {
		return state != null && state.matches("[0-9A-Z]{5}");
	}
}
