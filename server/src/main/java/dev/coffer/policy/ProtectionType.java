package dev.coffer.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * How a tag protection protects the columns carrying its tag: masks per role
 * ({@code governed_mask}), vaulted tokens the permitted roles see detokenized
 * ({@code vault_tokenization}), or format-preserving encryption the permitted roles see decrypted
 * ({@code fpe}).
 */
enum ProtectionType {

	GOVERNED_MASK("governed_mask"),
	VAULT_TOKENIZATION("vault_tokenization"),
	FPE("fpe");

	private final String value;

	ProtectionType(String value) {
		this.value = value;
	}

	String value() {
		return this.value;
	}

	/** Whether the columns hold tokens that the permitted roles see detokenized. */
	boolean tokenized() {
		return this != GOVERNED_MASK;
	}

	static Optional<ProtectionType> find(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String wanted = value.trim().toLowerCase(Locale.ROOT);
		for (ProtectionType type : values()) {
			if (type.value.equals(wanted)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}
}
