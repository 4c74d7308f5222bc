package dev.coffer.tokenization;

/**
 * A format-preserving cipher over strings of one alphabet: the ciphertext has the plaintext's
 * length and alphabet. Deterministic for one key and tweak, and without integrity: any string of
 * the alphabet decrypts to some value.
 */
interface FpeCipher {

	/** Encrypts {@code numerals} (characters of the cipher's alphabet) under {@code tweak}. */
	String encrypt(String numerals, byte[] tweak);

	/** The inverse of {@link #encrypt(String, byte[])} under the same tweak. */
	String decrypt(String numerals, byte[] tweak);
}
