package dev.coffer.policy;

/**
 * A text mask that can also work on text given as its ASCII bytes, without making a {@link String}
 * of it: the governed query streams text it reads as the driver's bytes, and most of its masked
 * columns (e-mails, card numbers) are ASCII. The bytes it leaves are exactly the UTF-8 bytes of what
 * {@link ValueMask#apply} gives for the same text as a {@code String} (tested against it).
 */
public interface AsciiTextMask extends ValueMask {

	/**
	 * Masks text whose bytes are all ASCII ({@code 0x00} to {@code 0x7f}) in its own array, which must
	 * belong to the caller alone. Every such mask keeps the length of ASCII text and only writes
	 * {@code *}, so the array stays ASCII.
	 */
	void maskAsciiInPlace(byte[] ascii);

	/** The masked copy of ASCII text; the input is not changed. */
	default byte[] maskAscii(byte[] ascii) {
		byte[] masked = ascii.clone();
		maskAsciiInPlace(masked);
		return masked;
	}
}
