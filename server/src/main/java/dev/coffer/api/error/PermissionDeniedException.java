package dev.coffer.api.error;

import java.util.Map;

/** The caller lacks a permission; the problem names it in {@code permission}. */
public final class PermissionDeniedException extends ApiException {

	private final String permission;

	public PermissionDeniedException(String permission) {
		super(ErrorCode.PERMISSION_DENIED, "This operation requires the permission '" + permission
				+ "', which none of the caller's roles grants");
		this.permission = permission;
	}

	public String permission() {
		return this.permission;
	}

	@Override
	public Map<String, Object> extensions() {
		return Map.of("permission", this.permission);
	}
}
