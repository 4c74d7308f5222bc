package dev.coffer.tokenization;

import java.security.SecureRandom;

/**
 * A custom format in mode {@code random} or {@code deterministic}: the vault draws its tokens
 * ({@link CustomShape#draw}) and keeps the values, like a built-in vaulted format.
 */
final class CustomVaultedFormat implements TokenFormat {

	private final CustomShape shape;

	CustomVaultedFormat(CustomShape shape) {
		this.shape = shape;
	}

	CustomShape shape() {
		return this.shape;
	}

	@Override
	public String name() {
		return this.shape.name();
	}

	@Override
	public String reject(String value) {
		return this.shape.parse(value).reason();
	}

	@Override
	public String draw(String value, SecureRandom random) {
		return this.shape.draw(this.shape.parse(value), random);
	}

	@Override
	public String toString() {
		return "CustomVaultedFormat[" + name() + "]";
	}
}
