package dev.coffer.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.google.crypto.tink.subtle.AesGcmJce;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import dev.coffer.tokenization.FpeProbe;

/**
 * The in-process measurements: the crypto limits, and Coffer's FPE code called directly.
 *
 * <ul>
 *   <li><b>AES-GCM</b>: Tink's {@code AesGcmJce} (the server's data-key primitive) encrypting a 16-byte value with
 *   the vault's kind of associated data ({@code vault/card/<16-digit token>/1}).</li>
 *   <li><b>Bouncy Castle FF1</b>: {@link FPEFF1Engine} over AES, radix 10, tweak {@code digits-fpe}, initialised
 *   once per thread and reused, encrypting 16-digit strings (string to numerals and back included, as any string
 *   API must do): the fastest way to use the library the server uses.</li>
 *   <li><b>Coffer FF1</b>: the server's own per-value path of a {@code digits-fpe} tokenize (shape check, then
 *   {@code Ff1}), through {@link FpeProbe}. It must give the same token as the Bouncy Castle loop (checked), so the
 *   two do the same work.</li>
 * </ul>
 *
 * <p>{@link TokenizationBench} runs them in interleaved rounds (AES-GCM, Bouncy Castle, Coffer, again and again) and
 * adds the rounds up, so that a change in the machine's load during the run hits the limit and the measurement
 * alike.
 */
final class CpuLimits {

    private static final String DIGITS = "0123456789";

    private final byte[] key = new byte[32];

    CpuLimits() {
        new SecureRandom().nextBytes(key);
    }

    TimedLoop.Result aesGcm(int threads, long warmup, long measure) throws Exception {
        return TimedLoop.run(threads, warmup, measure, t -> {
            AesGcmJce aead = new AesGcmJce(key);
            byte[] value = "4111111111111111".getBytes(StandardCharsets.UTF_8);
            byte[] aad = "vault/card/4929123456781111/1".getBytes(StandardCharsets.UTF_8);
            return () -> {
                for (int i = 0; i < 1000; i++) {
                    value[i & 15] ^= 1;
                    if (aead.encrypt(value, aad).length != 44) {
                        throw new IllegalStateException("unexpected AES-GCM output length");
                    }
                }
                return 1000;
            };
        });
    }

    TimedLoop.Result bouncyCastleFf1(int threads, long warmup, long measure) throws Exception {
        byte[] tweak = FpeProbe.digitsFpeTweak();
        AtomicLong counter = new AtomicLong(1_000_000_000_000_000L);
        return TimedLoop.run(threads, warmup, measure, t -> {
            FPEEngine engine = new FPEFF1Engine(AESEngine.newInstance());
            engine.init(true, new FPEParameters(new KeyParameter(key), 10, tweak));
            return () -> {
                long base = counter.getAndAdd(100);
                for (int i = 0; i < 100; i++) {
                    bouncyCastle(engine, VaultCalls.digits16(base + i));
                }
                return 100;
            };
        });
    }

    TimedLoop.Result cofferFf1(int threads, long warmup, long measure) throws Exception {
        UnaryOperator<String> coffer = FpeProbe.digitsFpe(key);
        FPEEngine check = new FPEFF1Engine(AESEngine.newInstance());
        check.init(true, new FPEParameters(new KeyParameter(key), 10, FpeProbe.digitsFpeTweak()));
        String sample = VaultCalls.digits16(4_111_111_111_111_111L);
        if (!coffer.apply(sample).equals(bouncyCastle(check, sample))) {
            throw new IllegalStateException("Coffer's FF1 and Bouncy Castle's disagree: not the same work");
        }
        AtomicLong counter = new AtomicLong(2_000_000_000_000_000L);
        return TimedLoop.run(threads, warmup, measure, t -> () -> {
            long base = counter.getAndAdd(100);
            for (int i = 0; i < 100; i++) {
                if (coffer.apply(VaultCalls.digits16(base + i)).length() != 16) {
                    throw new IllegalStateException("unexpected FF1 output length");
                }
            }
            return 100;
        });
    }

    private static String bouncyCastle(FPEEngine engine, String value) {
        byte[] in = new byte[value.length()];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (value.charAt(i) - '0');
        }
        byte[] out = new byte[in.length];
        engine.processBlock(in, 0, in.length, out, 0);
        char[] chars = new char[out.length];
        for (int i = 0; i < out.length; i++) {
            chars[i] = DIGITS.charAt(out[i]);
        }
        return new String(chars);
    }
}
