package dev.coffer.tokenization;

import java.util.Arrays;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * FF1 with AES-256 (NIST SP 800-38G §5.1), by Bouncy Castle's {@link FPEFF1Engine}. The alphabet
 * fixes the radix: its {@code i}-th character is numeral {@code i}. Thread-safe: each call uses its
 * own engine.
 *
 * @see <a href="https://doi.org/10.6028/NIST.SP.800-38Gr1">NIST SP 800-38G</a>
 */
final class Ff1 implements FpeCipher {

	static final String DECIMAL = "0123456789";

	static final int KEY_LENGTH = 32;

	private final byte[] key;

	private final String alphabet;

	private Ff1(byte[] key, String alphabet) {
		this.key = key;
		this.alphabet = alphabet;
	}

	/** An FF1-AES-256 cipher; copies {@code key} (32 bytes), which the caller may then wipe. */
	static Ff1 aes256(byte[] key, String alphabet) {
		if (key == null || key.length != KEY_LENGTH) {
			throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes");
		}
		if (alphabet == null || alphabet.length() < 2 || alphabet.length() > 256
				|| alphabet.chars().distinct().count() != alphabet.length()) {
			throw new IllegalArgumentException("alphabet must hold 2 to 256 distinct characters");
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
		byte[] in = new byte[text.length()];
		for (int i = 0; i < in.length; i++) {
			int numeral = this.alphabet.indexOf(text.charAt(i));
			if (numeral < 0) {
				throw new IllegalArgumentException("text holds a character outside the alphabet");
			}
			in[i] = (byte) numeral;
		}
		FPEEngine engine = new FPEFF1Engine(AESEngine.newInstance());
		engine.init(encrypt, new FPEParameters(new KeyParameter(this.key), this.alphabet.length(), tweak.clone()));
		byte[] out = new byte[in.length];
		engine.processBlock(in, 0, in.length, out, 0);
		char[] chars = new char[out.length];
		for (int i = 0; i < out.length; i++) {
			chars[i] = this.alphabet.charAt(out[i] & 0xff);
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
