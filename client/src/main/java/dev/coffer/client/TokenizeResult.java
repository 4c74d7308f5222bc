package dev.coffer.client;

import java.util.List;

/**
 * The tokens of one {@code tokenize} call, in the order of the values: {@code tokens().get(i)} is
 * the token of value {@code i}, or {@code null} when that value failed and {@link #errors()} holds
 * an {@link ItemError} with index {@code i}. {@link #toString()} never shows a token (a token can
 * carry part of its value, such as a card's last four digits).
 */
public final class TokenizeResult {

	private final List<String> tokens;

	private final List<ItemError> errors;

	TokenizeResult(List<String> tokens, List<ItemError> errors) {
		this.tokens = tokens;
		this.errors = errors;
	}

	/** One token per value, in order; {@code null} where the value failed. Unmodifiable. */
	public List<String> tokens() {
		return this.tokens;
	}

	/** The values that failed, by ascending index. Unmodifiable; empty when all succeeded. */
	public List<ItemError> errors() {
		return this.errors;
	}

	public boolean hasErrors() {
		return !this.errors.isEmpty();
	}

	public int size() {
		return this.tokens.size();
	}

	@Override
	public String toString() {
		return "TokenizeResult[" + this.tokens.size() + " tokens, " + this.errors.size() + " errors, redacted]";
	}
}
