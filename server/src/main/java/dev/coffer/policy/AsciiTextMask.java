package dev.coffer.policy;

/**
 * A text mask that can also work on text given as its ASCII bytes, without making a {@link String}
 * of it: the governed query streams text it reads as the driver's bytes, and most of its masked
 * columns (e-mails, card numbers) are ASCII. {@link #maskAscii} gives exactly the UTF-8 bytes of
 * what {@link ValueMask#apply} gives for the same text as a {@code String} (tested against it), and
 * only ever ASCII bytes, of the same length as the input: every such mask keeps the length of ASCII
 * text, so it can also mask in place ({@link #maskAsciiInPlace}).
 */
public interface AsciiTextMask extends ValueMask {

	/**
	 * The masked text, as ASCII bytes, of text whose bytes are all ASCII ({@code 0x00} to {@code 0x7f});
	 * never {@code null} (these masks never turn text into NULL). The input is not changed.
	 */
	byte[] maskAscii(byte[] ascii);

	/**
	 * Masks ASCII text in its own array, which must belong to the caller alone: the result is what
	 * {@link #maskAscii} gives, which always has the input's length.
	 */
	default void maskAsciiInPlace(byte[] ascii) {
		byte[] masked = maskAscii(ascii);
		System.arraycopy(masked, 0, ascii, 0, ascii.length);
	}

	/** {@code count} stars, then {@code tail} from {@code from} to its end. */
	static byte[] starsThen(int count, byte[] tail, int from) {
		byte[] out = new byte[count + tail.length - from];
		java.util.Arrays.fill(out, 0, count, (byte) '*');
		System.arraycopy(tail, from, out, count, tail.length - from);
		return out;
	}
}
