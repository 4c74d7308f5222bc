package dev.coffer.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259) for the server's answers: objects become {@link LinkedHashMap},
 * arrays {@link ArrayList}, strings {@link String}, integers {@link Long} (or {@link BigDecimal}
 * beyond its range), other numbers {@link BigDecimal}, and {@code true}, {@code false},
 * {@code null}. Anything else, trailing text included, is a {@link MalformedJsonException} whose
 * message gives a position, never the text. Checked against Jackson in the tests.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259</a>
 */
final class JsonReader {

	private static final int MAX_DEPTH = 256;

	private final String text;

	private int pos;

	private JsonReader(String text) {
		this.text = text;
	}

	/** @throws MalformedJsonException if {@code text} is not exactly one JSON value */
	static Object parse(String text) {
		JsonReader reader = new JsonReader(text);
		reader.skipWhitespace();
		Object value = reader.readValue(0);
		reader.skipWhitespace();
		if (reader.pos != text.length()) {
			throw reader.error("unexpected text after the JSON value");
		}
		return value;
	}

	private Object readValue(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nested deeper than " + MAX_DEPTH + " levels");
		}
		if (this.pos >= this.text.length()) {
			throw error("unexpected end of input");
		}
		char c = this.text.charAt(this.pos);
		return switch (c) {
			case '{' -> readObject(depth);
			case '[' -> readArray(depth);
			case '"' -> readString();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield readNumber();
				}
				throw error("unexpected character");
			}
		};
	}

	private Map<String, Object> readObject(int depth) {
		this.pos++;
		Map<String, Object> object = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			return object;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a string as object key");
			}
			String key = readString();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			object.put(key, readValue(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == '}') {
				return object;
			}
			if (c != ',') {
				throw error("expected ',' or '}'");
			}
		}
	}

	private List<Object> readArray(int depth) {
		this.pos++;
		List<Object> array = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
			return array;
		}
		while (true) {
			skipWhitespace();
			array.add(readValue(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == ']') {
				return array;
			}
			if (c != ',') {
				throw error("expected ',' or ']'");
			}
		}
	}

	private String readString() {
		this.pos++;
		String text = this.text;
		int start = this.pos;
		// fast path: no escapes
		while (this.pos < text.length()) {
			char c = text.charAt(this.pos);
			if (c == '"') {
				return text.substring(start, this.pos++);
			}
			if (c == '\\' || c < 0x20) {
				break;
			}
			this.pos++;
		}
		StringBuilder out = new StringBuilder(this.pos - start + 16).append(text, start, this.pos);
		while (true) {
			if (this.pos >= text.length()) {
				throw error("unterminated string");
			}
			char c = text.charAt(this.pos++);
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				throw error("control character in string");
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			if (this.pos >= text.length()) {
				throw error("unterminated escape");
			}
			char escaped = text.charAt(this.pos++);
			switch (escaped) {
				case '"' -> out.append('"');
				case '\\' -> out.append('\\');
				case '/' -> out.append('/');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> out.append(readHex4());
				default -> throw error("invalid escape");
			}
		}
	}

	private char readHex4() {
		if (this.pos + 4 > this.text.length()) {
			throw error("truncated \\u escape");
		}
		int value = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.pos++), 16);
			if (digit < 0) {
				throw error("invalid \\u escape");
			}
			value = (value << 4) | digit;
		}
		return (char) value;
	}

	private Object readNumber() {
		String text = this.text;
		int start = this.pos;
		if (peek() == '-') {
			this.pos++;
		}
		if (peek() == '0') {
			this.pos++;
		}
		else if (isDigit(peek())) {
			skipDigits();
		}
		else {
			throw error("invalid number");
		}
		boolean integral = true;
		if (peek() == '.') {
			integral = false;
			this.pos++;
			if (!isDigit(peek())) {
				throw error("invalid number");
			}
			skipDigits();
		}
		if (peek() == 'e' || peek() == 'E') {
			integral = false;
			this.pos++;
			if (peek() == '+' || peek() == '-') {
				this.pos++;
			}
			if (!isDigit(peek())) {
				throw error("invalid number");
			}
			skipDigits();
		}
		String number = text.substring(start, this.pos);
		if (integral && number.length() <= 20) {
			try {
				return Long.parseLong(number);
			}
			catch (NumberFormatException beyondLong) {
				// a BigDecimal below
			}
		}
		return new BigDecimal(number);
	}

	private void skipDigits() {
		while (isDigit(peek())) {
			this.pos++;
		}
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.pos)) {
			throw error("unexpected character");
		}
		this.pos += word.length();
		return value;
	}

	private void skipWhitespace() {
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.pos++;
		}
	}

	/** The current character, or NUL at the end (NUL is never valid where this is called). */
	private char peek() {
		return this.pos < this.text.length() ? this.text.charAt(this.pos) : '\0';
	}

	private char next() {
		if (this.pos >= this.text.length()) {
			throw error("unexpected end of input");
		}
		return this.text.charAt(this.pos++);
	}

	private void expect(char c) {
		if (next() != c) {
			throw error("expected '" + c + "'");
		}
	}

	private MalformedJsonException error(String what) {
		return new MalformedJsonException("Malformed JSON at offset " + this.pos + ": " + what);
	}

	/** The text is not JSON; the message says where, never what. */
	static final class MalformedJsonException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MalformedJsonException(String message) {
			super(message);
		}
	}
}
