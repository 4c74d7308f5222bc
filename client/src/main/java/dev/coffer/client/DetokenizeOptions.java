package dev.coffer.client;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to detokenize: the {@code format} every token must have been issued in (required for the
 * vaultless formats {@code digits-fpe} and {@code card-fpe}; otherwise a token of another format
 * fails with {@code format_mismatch}), and a {@code reason} recorded by servers that audit one.
 * Immutable.
 */
public final class DetokenizeOptions implements Serializable {

	private static final long serialVersionUID = 1L;

	private static final DetokenizeOptions DEFAULTS = new DetokenizeOptions(null, null);

	private final String format;

	private final String reason;

	private DetokenizeOptions(String format, String reason) {
		this.format = format;
		this.reason = reason;
	}

	/** No format check, no reason. */
	public static DetokenizeOptions defaults() {
		return DEFAULTS;
	}

	/** A copy that requires every token to be of {@code format}. */
	public DetokenizeOptions format(String format) {
		Objects.requireNonNull(format, "format cannot be null");
		return new DetokenizeOptions(format, this.reason);
	}

	/** A copy that sends {@code reason}, why the values are revealed (e.g. a ticket number). */
	public DetokenizeOptions reason(String reason) {
		Objects.requireNonNull(reason, "reason cannot be null");
		return new DetokenizeOptions(this.format, reason);
	}

	public String format() {
		return this.format;
	}

	public String reason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "DetokenizeOptions[format=" + this.format + ", reason=" + (this.reason == null ? "none" : "given") + "]";
	}
}
