package dev.coffer.catalog;

import java.util.Arrays;

/**
 * A data source password in memory. Never a record: {@link #toString()} redacts, and the clear
 * text is reachable only through {@link #reveal()}, for the driver's connection properties.
 */
final class Secret {

	static final Secret NONE = new Secret(new char[0]);

	private final char[] value;

	private Secret(char[] value) {
		this.value = value;
	}

	static Secret of(String value) {
		return value == null || value.isEmpty() ? NONE : new Secret(value.toCharArray());
	}

	static Secret ofUtf8(byte[] utf8) {
		return of(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
	}

	boolean isEmpty() {
		return this.value.length == 0;
	}

	/** The password in clear, for the driver's connection properties only. */
	String reveal() {
		return new String(this.value);
	}

	byte[] utf8() {
		return reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	void wipe() {
		if (this != NONE) {
			Arrays.fill(this.value, '\0');
		}
	}

	@Override
	public String toString() {
		return "Secret[redacted]";
	}
}
