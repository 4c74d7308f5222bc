package dev.coffer.policy;

import java.util.Map;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/** A tag protection change refused because of another: its problem names the protection ({@code protection_id}). */
final class ProtectionConflictException extends ApiException {

	private final String protectionId;

	private ProtectionConflictException(ErrorCode code, String message, String protectionId) {
		super(code, message);
		this.protectionId = protectionId;
	}

	static ProtectionConflictException inProgress(TagProtectionStore.Row row) {
		return new ProtectionConflictException(ErrorCode.PROTECTION_CHANGE_IN_PROGRESS, "Tag protection '" + row.id()
				+ "' has a change (" + row.change() + ") being applied; send this change once its status is applied or failed",
				row.id());
	}

	static ProtectionConflictException alreadyProtected(TagProtectionStore.Row row) {
		return new ProtectionConflictException(ErrorCode.TAG_ALREADY_PROTECTED, "Tag " + row.tag()
				+ (row.tagValue().isEmpty() ? " (any value)" : " with value " + row.tagValue()) + " already has protection '"
				+ row.id() + "': change it with PUT /api/v1/tag-masking/" + row.id(), row.id());
	}

	@Override
	public Map<String, Object> extensions() {
		return Map.of("protection_id", this.protectionId);
	}
}
