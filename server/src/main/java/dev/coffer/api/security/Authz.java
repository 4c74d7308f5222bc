package dev.coffer.api.security;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.PermissionDeniedException;

/** The one authorization check: every operation calls {@link #require} before it acts. */
public final class Authz {

	private Authz() {
	}

	/**
	 * Returns the current caller if it holds {@code permission}.
	 * @throws PermissionDeniedException naming the permission otherwise
	 */
	public static Caller require(Permission permission) {
		Caller caller = Caller.current();
		if (caller == null) {
			throw new ApiException(ErrorCode.UNAUTHENTICATED, "Authentication required");
		}
		if (!caller.has(permission)) {
			throw new PermissionDeniedException(permission.value());
		}
		return caller;
	}
}
