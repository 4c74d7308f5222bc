package dev.coffer.query;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes the {@code rows} of a governed query's result as JSON arrays straight into a byte buffer,
 * without a JSON generator in between: the values arrive as the driver's bytes ({@link ResultColumn.Utf8Text},
 * {@link ResultColumn.NumberText}) and are copied with only the escaping JSON needs. Other values
 * are written as {@code JsonGenerator} wrote them before: numbers as numbers (NaN and the infinities
 * as text), booleans, binary as base64 (standard alphabet, padded), everything else as the text of
 * {@code toString()}. Strings are encoded as UTF-8; a lone surrogate (which no driver decodes from
 * valid UTF-8) becomes U+FFFD, so the output is always valid UTF-8.
 *
 * <p>A row is written whole or not at all ({@link #row}): the caller learns the exact size the
 * response would reach and can stop before a limit. The buffer goes to the stream in pieces of
 * about {@link #FLUSH_AT} bytes, always between rows.
 */
final class JsonRows {

	static final int FLUSH_AT = 32 * 1024;

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	/**
	 * For each byte: 0 copied as it is, {@code -1} as {@code \\u00XX}, else the letter after a backslash
	 * (bytes from 0x80 never reach it: text with them is decoded on reading and written as a {@code String}).
	 */
	private static final int[] ESCAPES = new int[256];

	static {
		for (int c = 0; c < 0x20; c++) {
			ESCAPES[c] = -1;
		}
		ESCAPES['"'] = '"';
		ESCAPES['\\'] = '\\';
		ESCAPES['\b'] = 'b';
		ESCAPES['\t'] = 't';
		ESCAPES['\n'] = 'n';
		ESCAPES['\f'] = 'f';
		ESCAPES['\r'] = 'r';
	}

	private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

	private final OutputStream out;

	private byte[] buffer = new byte[FLUSH_AT + 8 * 1024];

	private int length;

	private long rows;

	/** Bytes handed to the stream so far. */
	private long written;

	JsonRows(OutputStream out) {
		this.out = out;
	}

	/**
	 * Appends one row (a comma first unless it is the first) when the response stays within
	 * {@code limit} bytes, counting {@code before} bytes sent ahead of these rows and {@code after}
	 * bytes still to come; else leaves everything as it was and answers {@code false}.
	 */
	boolean row(Object[] values, long before, long after, long limit) {
		int mark = this.length;
		try {
			if (this.rows > 0) {
				put((byte) ',');
			}
			put((byte) '[');
			for (int i = 0; i < values.length; i++) {
				if (i > 0) {
					put((byte) ',');
				}
				value(values[i]);
			}
			put((byte) ']');
		}
		catch (RuntimeException ex) {
			// never half a row: the response stays valid JSON whatever the caller writes after this
			this.length = mark;
			throw ex;
		}
		if (before + this.written + this.length + after > limit) {
			this.length = mark;
			return false;
		}
		this.rows++;
		if (this.length >= FLUSH_AT) {
			flush();
		}
		return true;
	}

	/** Bytes written so far, sent or buffered. */
	long size() {
		return this.written + this.length;
	}

	/** Hands what is buffered to the stream (without flushing the stream itself). */
	void flush() {
		if (this.length > 0) {
			try {
				this.out.write(this.buffer, 0, this.length);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.written += this.length;
			this.length = 0;
		}
		if (this.buffer.length > 4 * FLUSH_AT) {
			// a very large row grew it: give that memory back
			this.buffer = new byte[FLUSH_AT + 8 * 1024];
		}
	}

	private void value(Object value) {
		if (value == null) {
			put(NULL);
		}
		else if (value instanceof ResultColumn.Utf8Text text) {
			quotedAscii(text.ascii());
		}
		else if (value instanceof ResultColumn.NumberText number) {
			if (number.isJsonNumber()) {
				put(number.ascii());
			}
			else {
				quotedAscii(number.ascii());
			}
		}
		else if (value instanceof String text) {
			quoted(text);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			ascii(Long.toString(((Number) value).longValue()));
		}
		else if (value instanceof BigDecimal decimal) {
			ascii(decimal.toPlainString());
		}
		else if (value instanceof BigInteger integer) {
			ascii(integer.toString());
		}
		else if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			if (Double.isFinite(d)) {
				ascii(value instanceof Float f ? Float.toString(f) : Double.toString(d));
			}
			else {
				quoted(Double.toString(d));
			}
		}
		else if (value instanceof Boolean bool) {
			put(bool ? TRUE : FALSE);
		}
		else if (value instanceof byte[] bytes) {
			byte[] encoded = Base64.getEncoder().encode(bytes);
			put((byte) '"');
			put(encoded);
			put((byte) '"');
		}
		else {
			quoted(value.toString());
		}
	}

	/** Text known to be ASCII (a number's text, or plain text checked on reading): escaped where JSON needs it. */
	private void quotedAscii(byte[] text) {
		// room for the plain text; an escape (rare) makes room for itself and the rest
		ensure(text.length + 2);
		byte[] buf = this.buffer;
		int at = this.length;
		buf[at++] = '"';
		int start = 0;
		for (int i = 0; i < text.length; i++) {
			int escape = ESCAPES[text[i] & 0xff];
			if (escape != 0) {
				int run = i - start;
				System.arraycopy(text, start, buf, at, run);
				at += run;
				this.length = at;
				ensure(6 + text.length - i + 1);
				buf = this.buffer;
				at = escape(buf, at, text[i], escape);
				start = i + 1;
			}
		}
		int run = text.length - start;
		System.arraycopy(text, start, buf, at, run);
		at += run;
		buf[at++] = '"';
		this.length = at;
	}

	private static int escape(byte[] buf, int at, int c, int escape) {
		buf[at++] = '\\';
		if (escape > 0) {
			buf[at++] = (byte) escape;
			return at;
		}
		buf[at++] = 'u';
		buf[at++] = '0';
		buf[at++] = '0';
		buf[at++] = HEX[c >> 4];
		buf[at++] = HEX[c & 0xf];
		return at;
	}

	/** Any text: escaped and encoded as UTF-8. */
	private void quoted(String text) {
		int n = text.length();
		// UTF-8 takes at most three bytes per char (four per surrogate pair); an escape makes room for itself and the rest
		ensure(n * 3 + 2);
		byte[] buf = this.buffer;
		int at = this.length;
		buf[at++] = '"';
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				int escape = ESCAPES[c];
				if (escape == 0) {
					buf[at++] = (byte) c;
				}
				else {
					this.length = at;
					ensure(6 + (n - i) * 3 + 1);
					buf = this.buffer;
					at = escape(buf, at, c, escape);
				}
			}
			else if (c < 0x800) {
				buf[at++] = (byte) (0xc0 | (c >> 6));
				buf[at++] = (byte) (0x80 | (c & 0x3f));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
				int code = Character.toCodePoint(c, text.charAt(++i));
				buf[at++] = (byte) (0xf0 | (code >> 18));
				buf[at++] = (byte) (0x80 | ((code >> 12) & 0x3f));
				buf[at++] = (byte) (0x80 | ((code >> 6) & 0x3f));
				buf[at++] = (byte) (0x80 | (code & 0x3f));
			}
			else {
				char unit = Character.isSurrogate(c) ? '\uFFFD' : c;
				buf[at++] = (byte) (0xe0 | (unit >> 12));
				buf[at++] = (byte) (0x80 | ((unit >> 6) & 0x3f));
				buf[at++] = (byte) (0x80 | (unit & 0x3f));
			}
		}
		buf[at++] = '"';
		this.length = at;
	}

	/** Text of ASCII characters that need no escaping (a number's digits). */
	private void ascii(String text) {
		int n = text.length();
		ensure(n);
		for (int i = 0; i < n; i++) {
			this.buffer[this.length++] = (byte) text.charAt(i);
		}
	}

	private void put(byte b) {
		ensure(1);
		this.buffer[this.length++] = b;
	}

	private void put(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	private void ensure(int more) {
		if (this.length + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
		}
	}
}
