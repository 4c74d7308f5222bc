package dev.coffer.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic generator of vault rows, in the shape the Coffer server stores them.
 *
 * <p>Row {@code i} is a pure function of the seed and {@code i}: the token, the format, the plaintext value, its
 * HMAC (the deterministic-lookup key) and its AES-GCM ciphertext (12-byte nonce, ciphertext, 16-byte tag, with the
 * token as associated data) are all derived from a {@link SplittableRandom} seeded with {@code seed} mixed with
 * {@code i}. So every store, and the no-database reference ("limit"), do exactly the same CPU work per row, and a
 * lookup phase can regenerate the expected value of any row to check what the store returned.
 *
 * <p>Not thread safe: one instance per thread (it holds a {@link Cipher} and a {@link Mac}).
 */
final class RowGen {

    static final String[] FORMATS = {"pan", "iban", "email", "name"};
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] LOWER = "abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final long BASE_EPOCH_MILLI = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;

    /** One generated row; {@code expiresAtMilli} is {@code -1} for "no expiry" (SQL NULL). */
    record Row(long id, String token, String format, int keyVersion, byte[] valueHmac, byte[] ciphertext,
               long createdAtMilli, long expiresAtMilli, String value) {
    }

    private final long seed;
    private final SecretKeySpec aesKey;
    private final Cipher cipher;
    private final Mac mac;

    RowGen(long seed) {
        this.seed = seed;
        SplittableRandom keys = new SplittableRandom(seed ^ 0x5DEECE66DL);
        byte[] aes = new byte[32];
        byte[] hmac = new byte[32];
        fill(keys, aes);
        fill(keys, hmac);
        try {
            aesKey = new SecretKeySpec(aes, "AES");
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmac, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Generates row {@code id}: random token, value, HMAC and AES-GCM encryption of the value. */
    Row row(long id) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        String token = token(r);
        String format = FORMATS[r.nextInt(FORMATS.length)];
        String value = value(r, format);
        byte[] nonce = new byte[12];
        fill(r, nonce);
        byte[] hmac = hmac(format, value);
        byte[] ciphertext = encrypt(token, value, nonce);
        long created = BASE_EPOCH_MILLI + id * 1000;
        long expires = (id & 1) == 0 ? -1 : created + YEAR_MILLIS;
        return new Row(id, token, format, 1, hmac, ciphertext, created, expires, value);
    }

    /** The lookup key of deterministic tokenization: HMAC-SHA256 over {@code format 0x00 value}. */
    byte[] hmac(String format, String value) {
        mac.update(format.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Decrypts a stored ciphertext (nonce || ciphertext || tag) and checks its tag against the token. */
    String decrypt(String token, byte[] stored) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(128, stored, 0, 12));
            cipher.updateAAD(token.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(stored, 12, stored.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ciphertext of " + token + " does not decrypt", e);
        }
    }

    private byte[] encrypt(String token, String value, byte[] nonce) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(token.getBytes(StandardCharsets.UTF_8));
            byte[] plain = value.getBytes(StandardCharsets.UTF_8);
            byte[] out = Arrays.copyOf(nonce, 12 + plain.length + 16);
            cipher.doFinal(plain, 0, plain.length, out, 12);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(SplittableRandom r) {
        char[] c = new char[28];
        c[0] = 't';
        c[1] = 'k';
        c[2] = '_';
        for (int i = 3; i < c.length; i++) {
            c[i] = BASE62[r.nextInt(62)];
        }
        return new String(c);
    }

    /** A plaintext of 16..64 bytes, shaped after its format. */
    private static String value(SplittableRandom r, String format) {
        StringBuilder b = new StringBuilder(64);
        switch (format) {
            case "pan" -> digits(r, b.append('4'), 15);
            case "iban" -> digits(r, b.append("DE").append(10 + r.nextInt(90)), 18 + r.nextInt(13));
            case "email" -> letters(r, b, 4 + r.nextInt(40)).append("@example.com");
            default -> letters(r, letters(r, b, 6 + r.nextInt(20)).append(' '), 9 + r.nextInt(18));
        }
        return b.toString();
    }

    private static StringBuilder digits(SplittableRandom r, StringBuilder b, int n) {
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b;
    }

    private static StringBuilder letters(SplittableRandom r, StringBuilder b, int n) {
        for (int i = 0; i < n; i++) {
            b.append(LOWER[r.nextInt(LOWER.length)]);
        }
        return b;
    }

    private static void fill(SplittableRandom r, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) r.nextInt(256);
        }
    }
}
