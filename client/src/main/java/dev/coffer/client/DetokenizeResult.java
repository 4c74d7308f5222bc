package dev.coffer.client;

import java.util.List;

/**
 * The values of one {@code detokenize} call, in the order of the tokens: {@code values().get(i)}
 * is the value of token {@code i}, or {@code null} when that token failed and {@link #errors()}
 * holds an {@link ItemError} with index {@code i}. {@link #toString()} never shows a value.
 */
public final class DetokenizeResult {

	private final List<String> values;

	private final List<ItemError> errors;

	DetokenizeResult(List<String> values, List<ItemError> errors) {
		this.values = values;
		this.errors = errors;
	}

	/** One value per token, in order; {@code null} where the token failed. Unmodifiable. */
	public List<String> values() {
		return this.values;
	}

	/** The tokens that failed, by ascending index. Unmodifiable; empty when all succeeded. */
	public List<ItemError> errors() {
		return this.errors;
	}

	public boolean hasErrors() {
		return !this.errors.isEmpty();
	}

	public int size() {
		return this.values.size();
	}

	@Override
	public String toString() {
		return "DetokenizeResult[" + this.values.size() + " values, " + this.errors.size() + " errors, redacted]";
	}
}
