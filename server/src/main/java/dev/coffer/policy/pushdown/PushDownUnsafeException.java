package dev.coffer.policy.pushdown;

import java.util.List;
import java.util.Map;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/** Applying was refused because the database's state means the script could not enforce the policies. */
final class PushDownUnsafeException extends ApiException {

	private final List<String> reasons;

	PushDownUnsafeException(List<String> reasons) {
		super(ErrorCode.PUSH_DOWN_UNSAFE, "The native policies would not enforce what Coffer enforces (" + reasons.size()
				+ (reasons.size() == 1 ? " reason" : " reasons") + " in `reasons`); nothing was applied");
		this.reasons = List.copyOf(reasons);
	}

	List<String> reasons() {
		return this.reasons;
	}

	@Override
	public Map<String, Object> extensions() {
		return Map.of("reasons", this.reasons);
	}
}
