package dev.coffer.tokenization;

import java.util.Random;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our own FF1 ({@link Ff1}: JCE AES, long arithmetic, cached CBC-MAC prefix) against Bouncy Castle's
 * {@link FPEFF1Engine}, the library it replaces: the same ciphertext for the same key, radix, tweak and
 * plaintext, in both directions, on random cases over small and large radixes, every length from the smallest
 * domain up to 60 and tweaks of 0 to 20 bytes, across the switch from long to BigInteger arithmetic.
 *
 * <p>Radix 2^16 itself is left out of the comparison: there Bouncy Castle 1.85 departs from the standard, writing
 * P's 3-byte radix as {@code 00 00 00} instead of {@code 01 00 00} ({@code SP80038G.calculateP_FF1} stores 0 in
 * P[3]); {@link Ff1} follows SP 800-38G, and its radix-2^16 case is checked by round trips below. No Coffer format
 * reaches that radix (custom alphabets stop at {@value Alphabets#MAX_CHARACTERS} characters).
 */
class Ff1AgainstBouncyCastleTest {

	private static final String BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private static final int[] LARGE_RADIXES = {63, 255, 256, 257, 300, 1000, 1024, 4096, 16_384, 16_385, 40_000,
			65_535};

	@Test
	void randomCasesGiveBouncyCastlesCiphertextsAndDecryptBack() {
		Random random = new Random(20261123L);
		int cases = 0;
		while (cases < 10_000) {
			int radix;
			int pick = random.nextInt(10);
			if (pick < 6) {
				radix = 2 + random.nextInt(61);
			}
			else if (pick < 8) {
				radix = LARGE_RADIXES[random.nextInt(LARGE_RADIXES.length)];
			}
			else {
				radix = 2 + random.nextInt(Ff1.MAX_RADIX - 2);
			}
			int length = minLength(radix) + random.nextInt(61 - minLength(radix));
			byte[] tweak = new byte[random.nextInt(21)];
			random.nextBytes(tweak);
			checkOneCase(random, radix, length, tweak);
			cases++;
		}
	}

	/** Every length of a few radixes, so that each side of the long/BigInteger switch and each b and d are hit. */
	@Test
	void everyLengthOfTypicalRadixesGivesBouncyCastlesCiphertexts() {
		Random random = new Random(7L);
		for (int radix : new int[] {2, 3, 10, 16, 26, 36, 62, 94, 256, 1024, 65_535}) {
			for (int length = minLength(radix); length <= 64; length++) {
				for (int tweakLength : new int[] {0, 1, 10, 15, 16, 17, 20}) {
					byte[] tweak = new byte[tweakLength];
					random.nextBytes(tweak);
					checkOneCase(random, radix, length, tweak);
				}
			}
		}
	}

	/** The per-thread prefix cache keeps one tweak: alternating tweaks and lengths must not mix them up. */
	@Test
	void alternatingTweaksAndLengthsOnOneCipherGiveBouncyCastlesCiphertexts() {
		Random random = new Random(11L);
		byte[] key = new byte[32];
		random.nextBytes(key);
		Ff1 ff1 = Ff1.aes256(key, Ff1.DECIMAL);
		byte[][] tweaks = {"digits-fpe".getBytes(), "card-fpe/16/1111".getBytes(), new byte[0]};
		for (int i = 0; i < 300; i++) {
			byte[] tweak = tweaks[i % 3];
			int length = 6 + random.nextInt(30);
			int[] numerals = randomNumerals(random, 10, length);
			String plaintext = text(Ff1.DECIMAL, numerals);
			String expected = text(Ff1.DECIMAL, bouncyCastle(true, key, 10, tweak, numerals));
			assertThat(ff1.encrypt(plaintext, tweak)).isEqualTo(expected);
			assertThat(ff1.decrypt(expected, tweak)).isEqualTo(plaintext);
		}
	}

	@Test
	void radixTwoToTheSixteenRoundTripsOnEveryLength() {
		Random random = new Random(3L);
		String alphabet = alphabet(random, Ff1.MAX_RADIX);
		byte[] key = new byte[32];
		random.nextBytes(key);
		Ff1 ff1 = Ff1.aes256(key, alphabet);
		for (int length = 2; length <= 40; length++) {
			byte[] tweak = new byte[random.nextInt(21)];
			random.nextBytes(tweak);
			String plaintext = text(alphabet, randomNumerals(random, Ff1.MAX_RADIX, length));
			String ciphertext = ff1.encrypt(plaintext, tweak);
			assertThat(ciphertext).hasSize(length).isNotEqualTo(plaintext);
			assertThat(ff1.decrypt(ciphertext, tweak)).isEqualTo(plaintext);
		}
	}

	private static void checkOneCase(Random random, int radix, int length, byte[] tweak) {
		byte[] key = new byte[32];
		random.nextBytes(key);
		String alphabet = alphabet(random, radix);
		Ff1 ff1 = Ff1.aes256(key, alphabet);
		int[] numerals = randomNumerals(random, radix, length);
		String plaintext = text(alphabet, numerals);
		String description = "radix " + radix + ", length " + length + ", tweak " + tweak.length + " bytes";
		String ciphertext = ff1.encrypt(plaintext, tweak);
		assertThat(ciphertext).as(description).isEqualTo(text(alphabet, bouncyCastle(true, key, radix, tweak, numerals)));
		assertThat(ff1.decrypt(ciphertext, tweak)).as(description).isEqualTo(plaintext);
		// decryption of an arbitrary string, as Bouncy Castle decrypts it
		int[] other = randomNumerals(random, radix, length);
		assertThat(ff1.decrypt(text(alphabet, other), tweak)).as(description)
			.isEqualTo(text(alphabet, bouncyCastle(false, key, radix, tweak, other)));
	}

	/** The smallest length Bouncy Castle (and Ff1) accept: 2 numerals, and radix^length at least 10^6. */
	private static int minLength(int radix) {
		int length = 2;
		while (Math.pow(radix, length) < 1_000_000) {
			length++;
		}
		return length;
	}

	/** {@code radix} distinct characters in a shuffled order (base-62 first, then from U+0100, or all of them). */
	private static String alphabet(Random random, int radix) {
		char[] chars = new char[radix];
		for (int i = 0; i < radix; i++) {
			chars[i] = radix <= 62 ? BASE62.charAt(i) : radix == Ff1.MAX_RADIX ? (char) i : (char) (0x100 + i);
		}
		for (int i = radix - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			char c = chars[i];
			chars[i] = chars[j];
			chars[j] = c;
		}
		return new String(chars);
	}

	private static int[] randomNumerals(Random random, int radix, int length) {
		int[] numerals = new int[length];
		for (int i = 0; i < length; i++) {
			numerals[i] = random.nextInt(radix);
		}
		return numerals;
	}

	private static String text(String alphabet, int[] numerals) {
		StringBuilder text = new StringBuilder();
		for (int numeral : numerals) {
			text.append(alphabet.charAt(numeral));
		}
		return text.toString();
	}

	/** Bouncy Castle's FF1: one byte per numeral up to radix 256, two (big-endian) above. */
	private static int[] bouncyCastle(boolean encrypt, byte[] key, int radix, byte[] tweak, int[] numerals) {
		FPEEngine engine = new FPEFF1Engine(AESEngine.newInstance());
		engine.init(encrypt, new FPEParameters(new KeyParameter(key), radix, tweak));
		int width = radix > 256 ? 2 : 1;
		byte[] in = new byte[numerals.length * width];
		for (int i = 0; i < numerals.length; i++) {
			if (width == 2) {
				in[2 * i] = (byte) (numerals[i] >>> 8);
				in[2 * i + 1] = (byte) numerals[i];
			}
			else {
				in[i] = (byte) numerals[i];
			}
		}
		byte[] out = new byte[in.length];
		engine.processBlock(in, 0, in.length, out, 0);
		int[] result = new int[numerals.length];
		for (int i = 0; i < result.length; i++) {
			result[i] = width == 2 ? ((out[2 * i] & 0xff) << 8) | (out[2 * i + 1] & 0xff) : out[i] & 0xff;
		}
		return result;
	}
}
