package dev.coffer.tokenization;

import java.util.function.UnaryOperator;

/**
 * The benchmark's entry point into the server's vaultless FPE code, which is package-private: this class lives in
 * the bench module under the server's package name (the class path joins them) and changes nothing in the server.
 */
public final class FpeProbe {

	private FpeProbe() {
	}

	/**
	 * What the server does per value of a {@code digits-fpe} tokenize request, in process: the format's shape check,
	 * then FF1-AES-256 ({@link Ff1}) under {@code key} (32 bytes) with the format's tweak. Thread-safe.
	 */
	public static UnaryOperator<String> digitsFpe(byte[] key) {
		FpeFormats.FpeFormat format = FpeFormats.find("digits-fpe").orElseThrow();
		FpeCipher cipher = Ff1.aes256(key, Ff1.DECIMAL);
		return value -> {
			if (format.reject(value) != null) {
				throw new IllegalArgumentException("value does not fit digits-fpe");
			}
			return format.encrypt(value, cipher);
		};
	}

	/** The tweak the server uses for {@code digits-fpe} (the format's name, UTF-8). */
	public static byte[] digitsFpeTweak() {
		return FpeFormats.find("digits-fpe").orElseThrow().tweak();
	}
}
