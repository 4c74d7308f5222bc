package dev.coffer.tokenization;

import dev.coffer.api.error.ValidationFailedException;

/**
 * A format found by name: vaulted ({@code vaulted} set) or vaultless ({@code vaultless} set), the
 * mode it fixes ({@code null}: the request's {@code deterministic} decides, as for the built-in
 * vaulted formats) and whether detokenizing its tokens needs a reason.
 */
record ResolvedFormat(String name, TokenFormat vaulted, FpeFormats.FpeFormat vaultless,
		TokenFormatDefinition.Mode fixedMode, boolean requiresReason) {

	boolean isVaultless() {
		return this.vaultless != null;
	}

	ResolvedFormat withReason(boolean requires) {
		return new ResolvedFormat(this.name, this.vaulted, this.vaultless, this.fixedMode, requires);
	}

	/**
	 * Whether tokens are deterministic, given the request's {@code deterministic} ({@code null} when
	 * absent). A format whose mode fixes it refuses the other value: {@code random} with {@code true},
	 * {@code deterministic} with {@code false}, an FPE format with {@code false}.
	 * @throws ValidationFailedException field {@code field}
	 */
	boolean deterministic(String field, Boolean requested) {
		if (this.fixedMode == null) {
			return Boolean.TRUE.equals(requested);
		}
		return switch (this.fixedMode) {
			case FPE -> {
				if (Boolean.FALSE.equals(requested)) {
					throw ValidationFailedException.of(field, "not_supported",
							"must be true or absent for format '" + this.name + "': FF1 tokens are always deterministic");
				}
				yield true;
			}
			case DETERMINISTIC -> {
				if (Boolean.FALSE.equals(requested)) {
					throw ValidationFailedException.of(field, "conflict", "must be true or absent for format '" + this.name
							+ "': its mode is deterministic (one token per value)");
				}
				yield true;
			}
			case RANDOM -> {
				if (Boolean.TRUE.equals(requested)) {
					throw ValidationFailedException.of(field, "conflict", "must be false or absent for format '" + this.name
							+ "': its mode is random (a new token on every call); use a format in mode deterministic");
				}
				yield false;
			}
		};
	}

	@Override
	public String toString() {
		return "ResolvedFormat[" + this.name + "]";
	}
}
