package dev.coffer.tokenization;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * FF1 with AES-256 (NIST SP 800-38G §5.1), by Bouncy Castle's {@link FPEFF1Engine}. The alphabet
 * fixes the radix: its {@code i}-th character is numeral {@code i}. Radixes up to 256 pass one byte
 * per numeral to the engine; larger ones (up to 2^16) two bytes, big-endian, which Bouncy Castle
 * reads as its 16-bit numerals. Thread-safe: each thread has its own engines, made once per thread
 * and cipher ({@link Engines}), their AES key schedule computed once; an engine is re-initialised only
 * when the tweak differs from its previous call's ({@code digits-fpe} has one tweak, so never).
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

	/** This cipher's engines on each thread that uses it. */
	private final ThreadLocal<Engines> engines = ThreadLocal.withInitial(this::newEngines);

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
		FPEEngine engine = this.engines.get().engine(encrypt, tweak);
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

	private Engines newEngines() {
		return new Engines(new KeyedOnce(this.key), this.alphabet.length());
	}

	/**
	 * One thread's FF1 engines of this cipher, one per direction, over one AES engine keyed once. An
	 * engine keeps the tweak it was last initialised with.
	 */
	private static final class Engines {

		private final FPEEngine encryptor;

		private final FPEEngine decryptor;

		private final KeyParameter key;

		private final int radix;

		private byte[] encryptTweak;

		private byte[] decryptTweak;

		Engines(KeyedOnce aes, int radix) {
			this.encryptor = new FPEFF1Engine(aes);
			this.decryptor = new FPEFF1Engine(aes);
			this.key = aes.key();
			this.radix = radix;
		}

		FPEEngine engine(boolean encrypt, byte[] tweak) {
			if (encrypt) {
				if (!Arrays.equals(tweak, this.encryptTweak)) {
					this.encryptTweak = tweak.clone();
					this.encryptor.init(true, new FPEParameters(this.key, this.radix, this.encryptTweak));
				}
				return this.encryptor;
			}
			if (!Arrays.equals(tweak, this.decryptTweak)) {
				this.decryptTweak = tweak.clone();
				this.decryptor.init(false, new FPEParameters(this.key, this.radix, this.decryptTweak));
			}
			return this.decryptor;
		}
	}

	/**
	 * AES keyed once with the cipher's key: FF1 only ever runs AES forward (its PRF is a CBC-MAC, for
	 * encryption and decryption alike), and {@link FPEEngine#init} would redo the key schedule on every
	 * call; this one accepts that init only with its own key, as a no-op.
	 */
	private static final class KeyedOnce implements BlockCipher {

		private final BlockCipher aes = AESEngine.newInstance();

		private final KeyParameter key;

		KeyedOnce(byte[] key) {
			this.key = new KeyParameter(key);
			this.aes.init(true, this.key);
		}

		KeyParameter key() {
			return this.key;
		}

		@Override
		public void init(boolean forEncryption, CipherParameters params) {
			if (!forEncryption || params != this.key) {
				throw new IllegalArgumentException("this AES engine is keyed once, for encryption");
			}
		}

		@Override
		public String getAlgorithmName() {
			return this.aes.getAlgorithmName();
		}

		@Override
		public int getBlockSize() {
			return this.aes.getBlockSize();
		}

		@Override
		public int processBlock(byte[] in, int inOff, byte[] out, int outOff) {
			return this.aes.processBlock(in, inOff, out, outOff);
		}

		@Override
		public void reset() {
			this.aes.reset();
		}
	}

	@Override
	public String toString() {
		return "Ff1[AES-256, radix=" + this.alphabet.length() + ", key=redacted]";
	}
}
