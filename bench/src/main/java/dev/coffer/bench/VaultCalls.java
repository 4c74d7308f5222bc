package dev.coffer.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of the tokenization benchmark, as {@link Load.Calls}: each builds its JSON body by hand (no JSON
 * library on the load generator's hot path) and checks every answer: HTTP 200, one token or value per item, no
 * per-item error, and for detokenize the very values that were tokenized.
 *
 * <p>Values are 16-digit card numbers ({@code 4} + 14 digits of a counter + the Luhn digit) for the vaulted
 * {@code card} format, and 16-digit strings for {@code digits-fpe}: short values, as the benchmark's spec asks. The
 * counter starts at a random point and never repeats within a run, so every deterministic value is new to the
 * vault and takes the write path.
 */
final class VaultCalls {

    private static final long CARD_SPACE = 100_000_000_000_000L; // 10^14

    private final String host;
    private final int port;
    private final String authorization;
    private final AtomicLong counter = new AtomicLong(ThreadLocalRandom.current().nextLong(CARD_SPACE / 2));

    /** Tokens of the random-mode batches and their values, for the detokenize run (bounded). */
    private final List<String[]> issued = new ArrayList<>();
    private static final int MAX_ISSUED = 400_000;
    private String[][] shuffled;
    private final AtomicLong cursor = new AtomicLong();

    VaultCalls(String host, int port, String keyName, String keySecret) {
        this.host = host;
        this.port = port;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((keyName + ":" + keySecret).getBytes(StandardCharsets.UTF_8));
    }

    String authorization() {
        return authorization;
    }

    /** {@code GET /actuator/health}, unauthenticated, as a load balancer sends it. */
    Load.Calls health() {
        byte[] request = HttpConnection.request("GET", "/actuator/health", host, port, null, null);
        return worker -> new Load.Call() {
            @Override
            public byte[] next() {
                return request;
            }

            @Override
            public int check(HttpConnection.Response r) {
                if (r.status() != 200 || !r.body().contains("\"UP\"")) {
                    throw new IllegalStateException("health answered " + r.status() + ": " + r.body());
                }
                return 1;
            }
        };
    }

    /** {@code POST /api/v1/tokenize} of {@code batch} new card numbers; random-mode tokens are kept if asked. */
    Load.Calls tokenize(int batch, boolean deterministic, boolean keep) {
        return worker -> new Load.Call() {
            private final String[] values = new String[batch];

            @Override
            public byte[] next() {
                StringBuilder b = new StringBuilder(40 + batch * 20);
                b.append("{\"format\":\"card\",");
                if (deterministic) {
                    b.append("\"deterministic\":true,");
                }
                b.append("\"values\":[");
                for (int i = 0; i < batch; i++) {
                    values[i] = card(counter.getAndIncrement());
                    b.append(i == 0 ? "\"" : ",\"").append(values[i]).append('"');
                }
                b.append("]}");
                return post("/api/v1/tokenize", b);
            }

            @Override
            public int check(HttpConnection.Response r) {
                String[] tokens = Json.strings(ok(r), "tokens", batch);
                if (keep) {
                    keep(tokens, values);
                }
                return batch;
            }
        };
    }

    /** {@code POST /api/v1/detokenize} of {@code batch} distinct tokens issued by the random-mode batches. */
    Load.Calls detokenize(int batch) {
        synchronized (issued) {
            if (issued.size() < batch) {
                throw new IllegalStateException("only " + issued.size() + " tokens issued; need " + batch);
            }
            shuffled = issued.toArray(new String[0][]);
        }
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = ThreadLocalRandom.current().nextInt(i + 1);
            String[] t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        return worker -> new Load.Call() {
            private final String[][] asked = new String[batch][];

            @Override
            public byte[] next() {
                // consecutive slices of one shuffled list: the tokens of a batch are distinct
                long from = cursor.getAndAdd(batch);
                StringBuilder b = new StringBuilder(20 + batch * 24).append("{\"tokens\":[");
                for (int i = 0; i < batch; i++) {
                    asked[i] = shuffled[(int) ((from + i) % shuffled.length)];
                    b.append(i == 0 ? "\"" : ",\"").append(asked[i][0]).append('"');
                }
                b.append("]}");
                return post("/api/v1/detokenize", b);
            }

            @Override
            public int check(HttpConnection.Response r) {
                String[] values = Json.strings(ok(r), "values", batch);
                for (int i = 0; i < batch; i++) {
                    if (!asked[i][1].equals(values[i])) {
                        throw new IllegalStateException("detokenize returned a wrong value at index " + i);
                    }
                }
                return batch;
            }
        };
    }

    /** {@code POST /api/v1/tokenize} in the vaultless {@code digits-fpe} format, {@code batch} 16-digit values. */
    Load.Calls fpe(int batch) {
        return worker -> new Load.Call() {
            @Override
            public byte[] next() {
                StringBuilder b = new StringBuilder(40 + batch * 20).append("{\"format\":\"digits-fpe\",\"values\":[");
                for (int i = 0; i < batch; i++) {
                    b.append(i == 0 ? "\"" : ",\"").append(digits16(counter.getAndIncrement())).append('"');
                }
                b.append("]}");
                return post("/api/v1/tokenize", b);
            }

            @Override
            public int check(HttpConnection.Response r) {
                Json.strings(ok(r), "tokens", batch);
                return batch;
            }
        };
    }

    private byte[] post(String path, StringBuilder body) {
        return HttpConnection.request("POST", path, host, port, authorization,
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void keep(String[] tokens, String[] values) {
        synchronized (issued) {
            for (int i = 0; i < tokens.length && issued.size() < MAX_ISSUED; i++) {
                issued.add(new String[] {tokens[i], values[i]});
            }
        }
    }

    int issuedCount() {
        synchronized (issued) {
            return issued.size();
        }
    }

    private static String ok(HttpConnection.Response r) {
        if (r.status() != 200) {
            throw new IllegalStateException("answered " + r.status() + ": " + abbreviate(r.body()));
        }
        if (!r.body().contains("\"errors\":[]")) {
            throw new IllegalStateException("per-item errors: " + abbreviate(r.body()));
        }
        return r.body();
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }

    /** A 16-digit card number: {@code 4}, 14 digits of {@code n}, and the Luhn check digit. */
    static String card(long n) {
        char[] c = new char[16];
        c[0] = '4';
        long v = Math.floorMod(n, CARD_SPACE);
        for (int i = 14; i >= 1; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        int sum = 0;
        for (int i = 14, fromRight = 1; i >= 0; i--, fromRight++) {
            int d = c[i] - '0';
            if (fromRight % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        c[15] = (char) ('0' + (10 - sum % 10) % 10);
        return new String(c);
    }

    /** 16 digits of {@code n}, zero-padded. */
    static String digits16(long n) {
        char[] c = new char[16];
        long v = Math.floorMod(n, 10_000_000_000_000_000L);
        for (int i = 15; i >= 0; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return new String(c);
    }

    /** The few JSON reads the checks need: one array of strings by key. */
    static final class Json {

        private Json() {
        }

        /** The string array under {@code "key":[...]}, which must hold exactly {@code n} non-null strings. */
        static String[] strings(String body, String key, int n) {
            String marker = "\"" + key + "\":[";
            int at = body.indexOf(marker);
            if (at < 0) {
                throw new IllegalStateException("no " + key + " in the answer");
            }
            String[] out = new String[n];
            int i = at + marker.length();
            int count = 0;
            while (body.charAt(i) != ']') {
                if (body.charAt(i) == ',') {
                    i++;
                }
                if (body.charAt(i) != '"') {
                    throw new IllegalStateException("item " + count + " of " + key + " is not a string");
                }
                int end = body.indexOf('"', i + 1);
                // only between the quotes: lastIndexOf from end scanned back to the body's start on every item,
                // quadratic in the batch, and made the load generator the costliest part of the FPE run
                for (int k = i + 1; k < end; k++) {
                    if (body.charAt(k) == '\\') {
                        throw new IllegalStateException("escaped string in " + key + " (not expected here)");
                    }
                }
                if (count == n) {
                    throw new IllegalStateException("more than " + n + " " + key);
                }
                out[count++] = body.substring(i + 1, end);
                i = end + 1;
            }
            if (count != n) {
                throw new IllegalStateException(count + " " + key + " for " + n + " items");
            }
            return out;
        }
    }
}
