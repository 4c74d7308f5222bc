package dev.coffer.client;

import java.io.Serializable;
import java.util.Objects;

/**
 * Why one item of a call failed while the others succeeded: its zero-based {@code index} in the
 * list the caller passed (across all batches), the server's stable {@code code} (e.g.
 * {@code invalid_value}, {@code token_not_found}; documented at {@code /api/errors/{code}}) and
 * its message, which never echoes the value or the token.
 */
public record ItemError(int index, String code, String message) implements Serializable {

	public ItemError {
		Objects.requireNonNull(code, "code cannot be null");
		Objects.requireNonNull(message, "message cannot be null");
	}
}
