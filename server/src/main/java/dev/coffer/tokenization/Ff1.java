package dev.coffer.tokenization;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * FF1 with AES-256 (NIST SP 800-38G §5.1), by Bouncy Castle's {@link FPEFF1Engine}. The alphabet
 * fixes the radix: its {@code i}-th character is numeral {@code i}. Radixes up to 256 pass one byte
 * per numeral to the engine; larger ones (up to 2^16) two bytes, big-endian, which Bouncy Castle
 * reads as its 16-bit numerals. Thread-safe: each call uses its own engine.
 *
 * @see <a href="https://doi.org/10.6028/NIST.SP.800-38Gr1">NIST SP 800-38G</a>
 */
final class Ff1 implements FpeCipher {

	static final String DECIMAL = "0123456789";

	static final int KEY_LENGTH = 32;

	/** Largest radix: Bouncy Castle's FF1 takes 16-bit numerals. */
	static final int MAX_RADIX = 1 << 16;

	private final byte[] key;

	private final String alphabet;

	private final Map<Character, Integer> numerals = new HashMap<>();

	private Ff1(byte[] key, String alphabet) {
		this.key = key;
		this.alphabet = alphabet;
		for (int i = 0; i < alphabet.length(); i++) {
			this.numerals.put(alphabet.charAt(i), i);
		}
	}

	/** An FF1-AES-256 cipher; copies {@code key} (32 bytes), which the caller may then wipe. */
	static Ff1 aes256(byte[] key, String alphabet) {
		if (key == null || key.length != KEY_LENGTH) {
			throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes");
		}
		if (alphabet == null || alphabet.length() < 2 || alphabet.length() > MAX_RADIX
				|| alphabet.chars().distinct().count() != alphabet.length()) {
			throw new IllegalArgumentException("alphabet must hold 2 to " + MAX_RADIX + " distinct characters");
		}
		return new Ff1(key.clone(), alphabet);
	}

	@Override
	public String encrypt(String numerals, byte[] tweak) {
		return process(true, numerals, tweak);
	}

	@Override
	public String decrypt(String numerals, byte[] tweak) {
		return process(false, numerals, tweak);
	}

	private String process(boolean encrypt, String text, byte[] tweak) {
		int width = this.alphabet.length() > 256 ? 2 : 1;
		byte[] in = new byte[text.length() * width];
		for (int i = 0; i < text.length(); i++) {
			Integer numeral = this.numerals.get(text.charAt(i));
			if (numeral == null) {
				throw new IllegalArgumentException("text holds a character outside the alphabet");
			}
			if (width == 2) {
				in[2 * i] = (byte) (numeral >>> 8);
				in[2 * i + 1] = (byte) numeral.intValue();
			}
			else {
				in[i] = (byte) numeral.intValue();
			}
		}
		FPEEngine engine = new FPEFF1Engine(AESEngine.newInstance());
		engine.init(encrypt, new FPEParameters(new KeyParameter(this.key), this.alphabet.length(), tweak.clone()));
		byte[] out = new byte[in.length];
		engine.processBlock(in, 0, in.length, out, 0);
		char[] chars = new char[text.length()];
		for (int i = 0; i < chars.length; i++) {
			int numeral = width == 2 ? ((out[2 * i] & 0xff) << 8) | (out[2 * i + 1] & 0xff) : out[i] & 0xff;
			chars[i] = this.alphabet.charAt(numeral);
		}
		Arrays.fill(in, (byte) 0);
		Arrays.fill(out, (byte) 0);
		return new String(chars);
	}

	@Override
	public String toString() {
		return "Ff1[AES-256, radix=" + this.alphabet.length() + ", key=redacted]";
	}
}
