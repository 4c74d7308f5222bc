package dev.coffer.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Writes the JSON of the client's requests (RFC 8259): objects, arrays, strings, numbers,
 * booleans and null. Strings are escaped so that they round-trip exactly, an unpaired surrogate
 * included (written as {@code \\uXXXX}, never replaced). Checked against Jackson in the tests.
 * Error messages never quote the data.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259</a>
 */
final class JsonWriter {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final int MAX_DEPTH = 64;

	private final StringBuilder out;

	JsonWriter(int capacity) {
		this.out = new StringBuilder(capacity);
	}

	/** @throws IllegalArgumentException for a value of another type, a non-finite number or a too deep nesting */
	JsonWriter value(Object value) {
		write(value, 0);
		return this;
	}

	JsonWriter raw(String json) {
		this.out.append(json);
		return this;
	}

	JsonWriter string(String value) {
		writeString(value);
		return this;
	}

	@Override
	public String toString() {
		return this.out.toString();
	}

	private void write(Object value, int depth) {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH + " levels");
		}
		if (value == null) {
			this.out.append("null");
		}
		else if (value instanceof CharSequence text) {
			writeString(text.toString());
		}
		else if (value instanceof Boolean bool) {
			this.out.append(bool.booleanValue());
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger) {
			this.out.append(value);
		}
		else if (value instanceof BigDecimal decimal) {
			this.out.append(decimal.toString());
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (Double.isNaN(number) || Double.isInfinite(number)) {
				throw new IllegalArgumentException("JSON has no NaN or infinite numbers");
			}
			this.out.append(value);
		}
		else if (value instanceof Map<?, ?> map) {
			this.out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String key)) {
					throw new IllegalArgumentException("JSON object keys must be strings");
				}
				if (!first) {
					this.out.append(',');
				}
				first = false;
				writeString(key);
				this.out.append(':');
				write(entry.getValue(), depth + 1);
			}
			this.out.append('}');
		}
		else if (value instanceof Iterable<?> items) {
			this.out.append('[');
			boolean first = true;
			for (Object item : items) {
				if (!first) {
					this.out.append(',');
				}
				first = false;
				write(item, depth + 1);
			}
			this.out.append(']');
		}
		else {
			throw new IllegalArgumentException("Cannot write a " + value.getClass().getName()
					+ " as JSON; use String, Number, Boolean, Map, List or null");
		}
	}

	private void writeString(String value) {
		StringBuilder out = this.out;
		out.append('"');
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
						unicodeEscape(c);
					}
					else if (Character.isHighSurrogate(c)) {
						if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
							out.append(c).append(value.charAt(++i));
						}
						else {
							unicodeEscape(c);
						}
					}
					else if (Character.isLowSurrogate(c)) {
						unicodeEscape(c);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	private void unicodeEscape(char c) {
		this.out.append("\\u")
			.append(HEX[(c >> 12) & 0xf])
			.append(HEX[(c >> 8) & 0xf])
			.append(HEX[(c >> 4) & 0xf])
			.append(HEX[c & 0xf]);
	}
}
