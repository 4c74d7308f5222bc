package dev.coffer.tokenization;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * FF1 with AES-256 (NIST SP 800-38G §5.1, Algorithms 7 and 8), written for speed and verified against
 * Bouncy Castle's {@code FPEFF1Engine} (the reference it replaces, see {@code Ff1AgainstBouncyCastleTest}).
 * The alphabet fixes the radix (2 to 2^16): its {@code i}-th character is numeral {@code i}.
 *
 * <p>Why it is faster than the library, for the same answers:
 * <ul>
 *   <li>AES comes from the JCE ({@code AES/ECB/NoPadding}, which HotSpot runs with the AES-NI intrinsics), one
 *   keyed {@link Cipher} per thread and cipher ({@link Worker}), instead of a table-driven software AES;</li>
 *   <li>the CBC-MAC of each round starts with the block P and the tweak's blocks, the same in all ten rounds and
 *   for every value of one length under one tweak: their chained state is computed once per thread for the last
 *   tweak seen ({@link Prefix}), so a round of a 16-digit value costs a single AES block;</li>
 *   <li>when radix^v fits in 55 bits (16-digit decimals, cards, most custom formats) the halves A and B stay
 *   {@code long} numbers through the ten rounds, and NUM(S) mod radix^m is computed with long division; larger
 *   domains take the same steps with {@link BigInteger}.</li>
 * </ul>
 *
 * <p>Like Bouncy Castle, a text shorter than 2 numerals or with radix^length below 10^6 is refused (the formats
 * reject such values earlier, with a per-item error). Thread-safe. The numerals of the value and every byte buffer
 * that held them are wiped after each call (the {@code long} and {@code BigInteger} intermediates cannot be); the cached CBC-MAC prefix depends on the tweak only, never on a value.
 *
 * @see <a href="https://doi.org/10.6028/NIST.SP.800-38Gr1">NIST SP 800-38G</a>
 */
final class Ff1 implements FpeCipher {

	static final String DECIMAL = "0123456789";

	static final int KEY_LENGTH = 32;

	/** Largest radix: P holds it in 3 bytes, and Bouncy Castle's engine (the reference) takes 16-bit numerals. */
	static final int MAX_RADIX = 1 << 16;

	/** Smallest domain radix^length accepted, as Bouncy Castle does (NIST SP 800-38G Rev. 1 §5.2). */
	static final long MIN_DOMAIN = 1_000_000;

	/** Largest radix^v kept in a {@code long}: r * 256 + byte stays below 2^63 for every remainder r. */
	static final long LONG_DOMAIN = 1L << 55;

	private static final int ROUNDS = 10;

	private static final int BLOCK = 16;

	/** Lengths whose {@link Shape} a worker keeps in an array; longer texts compute it on each call. */
	private static final int CACHED_LENGTHS = 128;

	/** An alphabet whose characters span at most this many code units gets a direct lookup table. */
	private static final int DENSE_SPAN = 16_384;

	private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private final byte[] key;

	private final int radix;

	private final char[] characters;

	/** Numeral + 1 of each character, indexed by {@code c - lowest}; 0 for characters outside the alphabet. */
	private final int[] dense;

	private final char lowest;

	/** For alphabets spread too widely for {@link #dense}: the characters sorted, and their numerals. */
	private final char[] sorted;

	private final int[] sortedNumerals;

	/** This cipher's AES and caches on each thread that uses it. */
	private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(this::newWorker);

	private Ff1(byte[] key, String alphabet) {
		this.key = key;
		this.radix = alphabet.length();
		this.characters = alphabet.toCharArray();
		char low = Character.MAX_VALUE;
		char high = 0;
		for (char c : this.characters) {
			low = (char) Math.min(low, c);
			high = (char) Math.max(high, c);
		}
		this.lowest = low;
		if (high - low < DENSE_SPAN) {
			this.dense = new int[high - low + 1];
			for (int i = 0; i < this.characters.length; i++) {
				this.dense[this.characters[i] - low] = i + 1;
			}
			this.sorted = null;
			this.sortedNumerals = null;
		}
		else {
			this.dense = null;
			// character in the high bits, numeral in the low: sorting orders by character and keeps the pairs
			long[] pairs = new long[this.characters.length];
			for (int i = 0; i < pairs.length; i++) {
				pairs[i] = ((long) this.characters[i] << 32) | i;
			}
			Arrays.sort(pairs);
			this.sorted = new char[pairs.length];
			this.sortedNumerals = new int[pairs.length];
			for (int i = 0; i < pairs.length; i++) {
				this.sorted[i] = (char) (pairs[i] >>> 32);
				this.sortedNumerals[i] = (int) pairs[i];
			}
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
		if (tweak == null) {
			throw new IllegalArgumentException("tweak cannot be null");
		}
		int n = text.length();
		checkDomain(n);
		int[] x = new int[n];
		char[] out = new char[n];
		try {
			for (int i = 0; i < n; i++) {
				x[i] = numeral(text.charAt(i));
			}
			this.workers.get().run(encrypt, x, tweak);
			for (int i = 0; i < n; i++) {
				out[i] = this.characters[x[i]];
			}
			return new String(out);
		}
		finally {
			Arrays.fill(x, 0);
			Arrays.fill(out, '\0');
		}
	}

	/**
	 * A worker holds the radix and its own keyed AES, never this cipher: a thread-local value that referred to its
	 * cipher would keep the cipher (and its thread-local) alive as long as the thread, for every cipher a registry
	 * refresh replaced.
	 */
	private Worker newWorker() {
		return new Worker(this.key, this.radix);
	}

	/** Refuses what FF1 (and Bouncy Castle) refuse: fewer than 2 numerals, or radix^n below 10^6. */
	private void checkDomain(int n) {
		long domain = 1;
		for (int i = 0; i < n && domain < MIN_DOMAIN; i++) {
			domain *= this.radix;
		}
		if (n < 2 || domain < MIN_DOMAIN) {
			throw new IllegalArgumentException("text too short for FF1: radix^length must be at least " + MIN_DOMAIN);
		}
	}

	private int numeral(char c) {
		if (this.dense != null) {
			int i = c - this.lowest;
			int numeral = i >= 0 && i < this.dense.length ? this.dense[i] : 0;
			if (numeral != 0) {
				return numeral - 1;
			}
		}
		else {
			int i = Arrays.binarySearch(this.sorted, c);
			if (i >= 0) {
				return this.sortedNumerals[i];
			}
		}
		throw new IllegalArgumentException("text holds a character outside the alphabet");
	}

	/** What depends on the length n only: the split, the sizes b and d, the moduli radix^u and radix^v. */
	private static final class Shape {

		final int n;

		final int u;

		final int v;

		/** Bytes of NUM(B) in Q: ceil(ceil(v * log2(radix)) / 8). */
		final int b;

		/** Bytes of S: 4 * ceil(b / 4) + 4. */
		final int d;

		/** Whether radix^v (and so radix^u) is at most {@link #LONG_DOMAIN}: the long path. */
		final boolean small;

		final long modU;

		final long modV;

		final BigInteger bigU;

		final BigInteger bigV;

		Shape(int radix, int n) {
			this.n = n;
			this.u = n / 2;
			this.v = n - this.u;
			BigInteger r = BigInteger.valueOf(radix);
			this.bigU = r.pow(this.u);
			this.bigV = r.pow(this.v);
			// ceil(v * log2(radix)) exactly: the power-of-two part of the radix, then the bit length of the odd part's power
			int twos = Integer.numberOfTrailingZeros(radix);
			int odd = radix >>> twos;
			int bits = twos * this.v + (odd == 1 ? 0 : BigInteger.valueOf(odd).pow(this.v).bitLength());
			this.b = (bits + 7) / 8;
			this.d = 4 * ((this.b + 3) / 4) + 4;
			this.small = this.bigV.compareTo(BigInteger.valueOf(LONG_DOMAIN)) <= 0;
			this.modU = this.small ? this.bigU.longValue() : 0;
			this.modV = this.small ? this.bigV.longValue() : 0;
		}
	}

	/**
	 * The CBC-MAC of P || Q up to the first block holding a per-round byte (the round number i, then NUM(B)), for
	 * one length and tweak: Q = T || 0^((-t-b-1) mod 16) || [i]^1 || [NUM(B)]^b. {@link #tail} holds the rest of Q,
	 * its constant bytes filled in; the round writes its own bytes at {@link #roundAt} and after.
	 */
	private static final class Prefix {

		final byte[] tweak;

		final Shape shape;

		final byte[] state = new byte[BLOCK];

		final byte[] tail;

		final int roundAt;

		Prefix(Worker worker, Shape shape, byte[] tweak, int radix) {
			this.tweak = tweak.clone();
			this.shape = shape;
			int t = tweak.length;
			int pad = Math.floorMod(-t - shape.b - 1, BLOCK);
			int qLength = t + pad + 1 + shape.b;
			int constantBlocks = (t + pad) / BLOCK;
			byte[] q = new byte[qLength];
			System.arraycopy(tweak, 0, q, 0, t);
			byte[] p = {1, 2, 1, (byte) (radix >>> 16), (byte) (radix >>> 8), (byte) radix, 10, (byte) shape.u,
					(byte) (shape.n >>> 24), (byte) (shape.n >>> 16), (byte) (shape.n >>> 8), (byte) shape.n,
					(byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t};
			worker.aes(p, 0, this.state);
			for (int j = 0; j < constantBlocks; j++) {
				for (int k = 0; k < BLOCK; k++) {
					p[k] = (byte) (this.state[k] ^ q[j * BLOCK + k]);
				}
				worker.aes(p, 0, this.state);
			}
			this.tail = Arrays.copyOfRange(q, constantBlocks * BLOCK, qLength);
			this.roundAt = t + pad - constantBlocks * BLOCK;
		}

		boolean fits(Shape shape, byte[] tweak) {
			return this.shape == shape && Arrays.equals(this.tweak, tweak);
		}
	}

	/** One thread's keyed AES, shapes and last CBC-MAC prefix for one cipher, and its scratch buffers. */
	private static final class Worker {

		private final int radix;

		private final Cipher aes;

		private final Shape[] shapes = new Shape[CACHED_LENGTHS];

		private Prefix prefix;

		/** One CBC-MAC input block, R (the PRF's output), and S when it is longer than R. */
		private final byte[] in = new byte[BLOCK];

		private final byte[] r = new byte[BLOCK];

		private byte[] s = new byte[2 * BLOCK];

		private byte[] more = new byte[BLOCK];

		Worker(byte[] key, int radix) {
			this.radix = radix;
			try {
				this.aes = Cipher.getInstance("AES/ECB/NoPadding");
				this.aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES is not available", ex);
			}
		}

		/** One AES block of {@code input} at {@code offset} into {@code output} (not the same array). */
		void aes(byte[] input, int offset, byte[] output) {
			try {
				this.aes.update(input, offset, BLOCK, output, 0);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES failed", ex);
			}
		}

		/** Encrypts or decrypts the numerals {@code x} in place. */
		void run(boolean encrypt, int[] x, byte[] tweak) {
			int n = x.length;
			Shape shape = n < CACHED_LENGTHS ? this.shapes[n] : null;
			if (shape == null) {
				shape = new Shape(this.radix, n);
				if (n < CACHED_LENGTHS) {
					this.shapes[n] = shape;
				}
			}
			Prefix prefix = this.prefix;
			if (prefix == null || !prefix.fits(shape, tweak)) {
				prefix = new Prefix(this, shape, tweak, this.radix);
				this.prefix = prefix;
			}
			try {
				if (shape.small) {
					runLong(encrypt, x, shape, prefix);
				}
				else {
					runBig(encrypt, x, shape, prefix);
				}
			}
			finally {
				Arrays.fill(prefix.tail, prefix.roundAt, prefix.tail.length, (byte) 0);
				Arrays.fill(this.in, (byte) 0);
				Arrays.fill(this.r, (byte) 0);
				Arrays.fill(this.s, (byte) 0);
				Arrays.fill(this.more, (byte) 0);
			}
		}

		private void runLong(boolean encrypt, int[] x, Shape shape, Prefix prefix) {
			long radix = this.radix;
			long a = 0;
			long b = 0;
			for (int i = 0; i < shape.u; i++) {
				a = a * radix + x[i];
			}
			for (int i = shape.u; i < shape.n; i++) {
				b = b * radix + x[i];
			}
			if (encrypt) {
				for (int i = 0; i < ROUNDS; i++) {
					long mod = (i & 1) == 0 ? shape.modU : shape.modV;
					long c = a + prfMod(prefix, shape, i, b, mod);
					a = b;
					b = c >= mod ? c - mod : c;
				}
			}
			else {
				for (int i = ROUNDS - 1; i >= 0; i--) {
					long mod = (i & 1) == 0 ? shape.modU : shape.modV;
					long c = b - prfMod(prefix, shape, i, a, mod);
					b = a;
					a = c < 0 ? c + mod : c;
				}
			}
			for (int i = shape.u - 1; i >= 0; i--) {
				x[i] = (int) (a % radix);
				a /= radix;
			}
			for (int i = shape.n - 1; i >= shape.u; i--) {
				x[i] = (int) (b % radix);
				b /= radix;
			}
		}

		/** y mod radix^m for round {@code i}, with NUM(B) = {@code half}, radix^m = {@code mod} (long path). */
		private long prfMod(Prefix prefix, Shape shape, int i, long half, long mod) {
			byte[] tail = prefix.tail;
			tail[prefix.roundAt] = (byte) i;
			for (int k = 0, at = tail.length - 1; k < shape.b; k++, at--) {
				tail[at] = (byte) (half >>> (8 * k));
			}
			prf(prefix);
			// d is 8 (b <= 4) or 12 (b <= 7): S = R's first d bytes
			if (shape.d == 8) {
				return Long.remainderUnsigned((long) LONG_BE.get(this.r, 0), mod);
			}
			long y = ((int) INT_BE.get(this.r, 0) & 0xffffffffL) % mod;
			if (mod <= Integer.MAX_VALUE) {
				y = ((y << 32) | ((int) INT_BE.get(this.r, 4) & 0xffffffffL)) % mod;
				return ((y << 32) | ((int) INT_BE.get(this.r, 8) & 0xffffffffL)) % mod;
			}
			for (int k = 4; k < 12; k++) {
				y = ((y << 8) | (this.r[k] & 0xff)) % mod;
			}
			return y;
		}

		/** R = the CBC-MAC of P || Q: the prefix's state chained through the tail. */
		private void prf(Prefix prefix) {
			byte[] tail = prefix.tail;
			byte[] chain = prefix.state;
			for (int j = 0; j < tail.length; j += BLOCK) {
				for (int k = 0; k < BLOCK; k++) {
					this.in[k] = (byte) (chain[k] ^ tail[j + k]);
				}
				aes(this.in, 0, this.r);
				chain = this.r;
			}
		}

		private void runBig(boolean encrypt, int[] x, Shape shape, Prefix prefix) {
			BigInteger a = number(x, 0, shape.u);
			BigInteger b = number(x, shape.u, shape.n);
			if (encrypt) {
				for (int i = 0; i < ROUNDS; i++) {
					BigInteger mod = (i & 1) == 0 ? shape.bigU : shape.bigV;
					BigInteger c = a.add(prfBig(prefix, shape, i, b)).mod(mod);
					a = b;
					b = c;
				}
			}
			else {
				for (int i = ROUNDS - 1; i >= 0; i--) {
					BigInteger mod = (i & 1) == 0 ? shape.bigU : shape.bigV;
					BigInteger c = b.subtract(prfBig(prefix, shape, i, a)).mod(mod);
					b = a;
					a = c;
				}
			}
			numerals(a, x, 0, shape.u);
			numerals(b, x, shape.u, shape.n);
		}

		/** y = NUM(S) for round {@code i} with NUM(B) = {@code half} (BigInteger path). */
		private BigInteger prfBig(Prefix prefix, Shape shape, int i, BigInteger half) {
			byte[] tail = prefix.tail;
			tail[prefix.roundAt] = (byte) i;
			byte[] bytes = half.toByteArray();
			int copy = Math.min(shape.b, bytes.length);
			Arrays.fill(tail, tail.length - shape.b, tail.length - copy, (byte) 0);
			System.arraycopy(bytes, bytes.length - copy, tail, tail.length - copy, copy);
			Arrays.fill(bytes, (byte) 0);
			prf(prefix);
			int blocks = (shape.d + BLOCK - 1) / BLOCK;
			if (this.s.length < blocks * BLOCK) {
				this.s = new byte[blocks * BLOCK];
				this.more = new byte[blocks * BLOCK];
			}
			System.arraycopy(this.r, 0, this.s, 0, BLOCK);
			// S = R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) || ..., its first d bytes
			for (int j = 1; j < blocks; j++) {
				System.arraycopy(this.r, 0, this.more, 0, BLOCK);
				for (int k = 0; k < 4; k++) {
					this.more[BLOCK - 1 - k] ^= (byte) (j >>> (8 * k));
				}
				aes(this.more, 0, this.in);
				System.arraycopy(this.in, 0, this.s, j * BLOCK, BLOCK);
			}
			byte[] y = Arrays.copyOf(this.s, shape.d);
			try {
				return new BigInteger(1, y);
			}
			finally {
				Arrays.fill(y, (byte) 0);
			}
		}

		private BigInteger number(int[] x, int from, int to) {
			BigInteger radix = BigInteger.valueOf(this.radix);
			BigInteger value = BigInteger.ZERO;
			for (int i = from; i < to; i++) {
				value = value.multiply(radix).add(BigInteger.valueOf(x[i]));
			}
			return value;
		}

		private void numerals(BigInteger value, int[] x, int from, int to) {
			BigInteger radix = BigInteger.valueOf(this.radix);
			for (int i = to - 1; i >= from; i--) {
				BigInteger[] qr = value.divideAndRemainder(radix);
				x[i] = qr[1].intValue();
				value = qr[0];
			}
		}
	}

	@Override
	public String toString() {
		return "Ff1[AES-256, radix=" + this.radix + ", key=redacted]";
	}
}
