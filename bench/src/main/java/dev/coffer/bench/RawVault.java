package dev.coffer.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.subtle.AesGcmJce;
import org.flywaydb.core.Flyway;

/**
 * The store's limit for the vault: the same rows the server writes and reads, through raw JDBC from a JVM of its
 * own, with none of the server around it. Run as a child process by {@link TokenizationBench}; prints one
 * {@code RESULT name ops seconds} line per measurement.
 *
 * <p>The database gets the server's own schema: the server's Flyway migrations (from the server's classes jar) run
 * on it first, so {@code vault_tokens} and {@code vault_deterministic} have exactly the server's columns, keys and
 * indexes. For the embedded store the URL carries the server's H2 options ({@code StoreConfiguration}); for
 * PostgreSQL the driver settings are the server's (no {@code reWriteBatchedInserts}, which the server refuses).
 *
 * <ul>
 *   <li><b>insert_random</b>: per transaction, 1,000 rows as the server's random mode writes them: a card-shaped
 *   token drawn with one shared {@link SecureRandom}, one call per token as the server does (16 digits, last four
 *   kept, Luhn valid), format {@code card},
 *   key version 1, no HMAC, {@code deterministic} false, the value AES-256-GCM encrypted by Tink with the server's
 *   associated data and 4-byte version header (48 bytes for a 16-digit value), metadata NULL, {@code created_at}
 *   now, {@code expires_at} NULL; one JDBC batch, one commit.</li>
 *   <li><b>insert_deterministic</b>: the same, plus the value's HMAC-SHA256 (hex) in the row and a second batch of
 *   1,000 {@code vault_deterministic} rows in the same transaction: the two rows a new deterministic value needs.
 *   The server also reads {@code vault_deterministic} first for the values it already knows; the limit does not.</li>
 *   <li><b>lookup</b>: {@code SELECT ... WHERE token IN (1,000 tokens)} (the server's detokenize query; on H2, as
 *   the server, ten queries of 100) over tokens of the random phase, in random order, each row decrypted and
 *   checked.</li>
 * </ul>
 */
public final class RawVault {

    private static final String FORMAT = "card";
    private static final int KEY_VERSION = 1;

    private final String url;
    private final String user;
    private final String password;
    private final int threads;
    private final int batch;
    private final long warmup;
    private final long measure;
    private final AesGcmJce aead;
    private final SecretKeySpec hmacKey;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong counter = new AtomicLong(new SecureRandom().nextLong(50_000_000_000_000L));
    private final List<String[]> issued = Collections.synchronizedList(new ArrayList<>());

    private RawVault(Map<String, String> o) throws GeneralSecurityException {
        url = o.get("--url");
        user = o.getOrDefault("--user", "");
        password = o.getOrDefault("--password", "");
        threads = Integer.parseInt(o.getOrDefault("--threads", "2"));
        batch = Integer.parseInt(o.getOrDefault("--batch", "1000"));
        warmup = Long.parseLong(o.getOrDefault("--warmup-ms", "3000"));
        measure = Long.parseLong(o.getOrDefault("--measure-ms", "8000"));
        byte[] key = new byte[32];
        random.nextBytes(key);
        aead = new AesGcmJce(key);
        random.nextBytes(key);
        hmacKey = new SecretKeySpec(key, "HmacSHA256");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        new RawVault(o).run();
    }

    private void run() throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        try (Connection c = open()) {
            System.out.println("INFO " + c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion());
        }
        long[] cpu = cpu();
        report("insert_random", TimedLoop.run(threads, warmup, measure, t -> new Inserter(false)), cpu);
        cpu = cpu();
        report("insert_deterministic", TimedLoop.run(threads, warmup, measure, t -> new Inserter(true)), cpu);
        String[][] tokens = issued.toArray(new String[0][]);
        Collections.shuffle(Arrays.asList(tokens));
        AtomicLong cursor = new AtomicLong();
        cpu = cpu();
        report("lookup", TimedLoop.run(threads, warmup, measure, t -> new Looker(tokens, cursor)), cpu);
    }

    /** Prints the result, and the CPU this JVM used since {@code cpu} was taken, in cores. */
    private static void report(String name, TimedLoop.Result r, long[] cpu) {
        long[] now = cpu();
        System.out.printf(java.util.Locale.ROOT, "RESULT %s %.1f %.3f%n", name, r.ops(), r.seconds());
        System.out.printf(java.util.Locale.ROOT, "CPU %s %.2f cores (this JVM)%n", name,
                (now[0] - cpu[0]) / (double) (now[1] - cpu[1]));
        System.out.flush();
    }

    private static long[] cpu() {
        return new long[] {((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime(), System.nanoTime()};
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** One thread's inserts: a batch of new rows per transaction. */
    private final class Inserter implements TimedLoop.Worker {

        private final boolean deterministic;
        private final Connection c;
        private final PreparedStatement tokens;
        private final PreparedStatement claims;
        private final Mac mac;

        Inserter(boolean deterministic) throws Exception {
            this.deterministic = deterministic;
            c = open();
            c.setAutoCommit(false);
            tokens = c.prepareStatement("INSERT INTO vault_tokens (token, format, key_version, value_hmac,"
                    + " deterministic, ciphertext, metadata, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            claims = c.prepareStatement("INSERT INTO vault_deterministic (format, value_hmac, token) VALUES (?, ?, ?)");
            mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
        }

        @Override
        public int step() throws Exception {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < batch; i++) {
                String value = VaultCalls.card(counter.getAndIncrement());
                String token = drawCard(value);
                String hmac = deterministic ? hmac(value) : null;
                tokens.setString(1, token);
                tokens.setString(2, FORMAT);
                tokens.setInt(3, KEY_VERSION);
                if (hmac == null) {
                    tokens.setNull(4, Types.VARCHAR);
                } else {
                    tokens.setString(4, hmac);
                }
                tokens.setBoolean(5, deterministic);
                tokens.setBytes(6, seal(token, value));
                tokens.setNull(7, Types.VARCHAR);
                tokens.setObject(8, now, Types.TIMESTAMP_WITH_TIMEZONE);
                tokens.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
                tokens.addBatch();
                if (deterministic) {
                    claims.setString(1, FORMAT);
                    claims.setString(2, hmac);
                    claims.setString(3, token);
                    claims.addBatch();
                } else if (issued.size() < 400_000) {
                    issued.add(new String[] {token, value});
                }
            }
            check(tokens.executeBatch());
            if (deterministic) {
                check(claims.executeBatch());
            }
            c.commit();
            return batch;
        }

        private void check(int[] counts) {
            for (int n : counts) {
                if (n != 1 && n != java.sql.Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("a batched insert did not insert its row");
                }
            }
        }

        private String hmac(String value) {
            mac.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void close() throws Exception {
            c.close();
        }
    }

    /**
     * One thread's lookups: {@code batch} distinct tokens per step, every value decrypted, in {@code IN} queries of
     * the server's size ({@code VaultStore}: all {@code batch} at once on PostgreSQL, 100 at a time on H2).
     */
    private final class Looker implements TimedLoop.Worker {

        private final String[][] all;
        private final AtomicLong cursor;
        private final Connection c;
        private final PreparedStatement ps;
        private final int chunk;
        private final Map<String, String> expected = new HashMap<>();

        Looker(String[][] all, AtomicLong cursor) throws SQLException {
            if (all.length < batch) {
                throw new IllegalStateException("only " + all.length + " tokens to look up");
            }
            this.all = all;
            this.cursor = cursor;
            c = open();
            chunk = url.startsWith("jdbc:h2:") && batch % 100 == 0 ? 100 : batch;
            String marks = String.join(", ", Collections.nCopies(chunk, "?"));
            ps = c.prepareStatement("SELECT token, format, key_version, ciphertext, expires_at FROM vault_tokens"
                    + " WHERE token IN (" + marks + ")");
        }

        @Override
        public int step() throws Exception {
            long from = cursor.getAndAdd(batch);
            int found = 0;
            for (int start = 0; start < batch; start += chunk) {
                found += lookup(from + start);
            }
            if (found != batch) {
                throw new IllegalStateException("found " + found + " of " + batch + " tokens");
            }
            return batch;
        }

        private int lookup(long from) throws Exception {
            expected.clear();
            for (int i = 0; i < chunk; i++) {
                String[] t = all[(int) ((from + i) % all.length)];
                expected.put(t[0], t[1]);
                ps.setString(i + 1, t[0]);
            }
            int found = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String token = rs.getString(1);
                    String format = rs.getString(2);
                    int version = rs.getInt(3);
                    byte[] sealed = rs.getBytes(4);
                    OffsetDateTime expires = rs.getObject(5, OffsetDateTime.class);
                    if (!FORMAT.equals(format) || version != KEY_VERSION || expires != null
                            || !open(token, sealed).equals(expected.get(token))) {
                        throw new IllegalStateException("wrong row for a token");
                    }
                    found++;
                }
            }
            return found;
        }

        @Override
        public void close() throws Exception {
            c.close();
        }
    }

    /**
     * The server's token for a card in random mode: digits before the last five drawn, Luhn fixed, last four kept.
     * Drawn as the server does ({@code TokenFormats.uniform}): one {@code nextBytes} call per token, bytes of 250 and
     * more discarded, the rest taken modulo 10.
     */
    private String drawCard(String value) {
        char[] out = value.toCharArray();
        int n = out.length;
        byte[] bytes = new byte[(n - 5) + (n - 5) / 4 + 8];
        int used = bytes.length;
        for (int i = 0; i < n - 5;) {
            if (used == bytes.length) {
                random.nextBytes(bytes);
                used = 0;
            }
            int b = bytes[used++] & 0xff;
            if (b < 250) {
                out[i++] = (char) ('0' + b % 10);
            }
        }
        out[n - 5] = '0';
        int sum = 0;
        for (int i = n - 1, fromRight = 0; i >= 0; i--, fromRight++) {
            int d = out[i] - '0';
            if (fromRight % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        out[n - 5] = (char) ('0' + (10 - sum % 10) % 10);
        return new String(out);
    }

    /** The server's stored ciphertext: version (4 bytes) | Tink AES-GCM (IV | ciphertext | tag). */
    private byte[] seal(String token, String value) throws GeneralSecurityException {
        byte[] sealed = aead.encrypt(value.getBytes(StandardCharsets.UTF_8), associatedData(token));
        return ByteBuffer.allocate(4 + sealed.length).putInt(KEY_VERSION).put(sealed).array();
    }

    private String open(String token, byte[] stored) throws GeneralSecurityException {
        if (ByteBuffer.wrap(stored, 0, 4).getInt() != KEY_VERSION) {
            throw new IllegalStateException("wrong key version header");
        }
        byte[] plain = aead.decrypt(Arrays.copyOfRange(stored, 4, stored.length), associatedData(token));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static byte[] associatedData(String token) {
        return ("vault/" + FORMAT + "/" + token + "/" + KEY_VERSION).getBytes(StandardCharsets.UTF_8);
    }
}
