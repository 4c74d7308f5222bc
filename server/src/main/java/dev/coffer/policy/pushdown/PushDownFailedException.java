package dev.coffer.policy.pushdown;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/** The database refused the push-down: which statement, and its SQLSTATE (never the database's message). */
final class PushDownFailedException extends ApiException {

	private final int statementIndex;

	private final String sqlstate;

	PushDownFailedException(String message, int statementIndex, String sqlstate) {
		super(ErrorCode.PUSH_DOWN_FAILED, message);
		this.statementIndex = statementIndex;
		this.sqlstate = sqlstate;
	}

	int statementIndex() {
		return this.statementIndex;
	}

	String sqlstate() {
		return this.sqlstate;
	}

	@Override
	public Map<String, Object> extensions() {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("statement_index", this.statementIndex);
		if (this.sqlstate != null) {
			members.put("sqlstate", this.sqlstate);
		}
		return members;
	}
}
