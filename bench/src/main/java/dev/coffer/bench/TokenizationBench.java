package dev.coffer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import dev.coffer.bench.TokenizationReport.Kind;
import dev.coffer.bench.TokenizationReport.Row;
import dev.coffer.store.StoreProbe;

/**
 * The tokenization benchmark: the real Coffer server against the limits of the same machine, measured side by side
 * in one run, and reported as ratios (issue 4). See {@code bench/README.md} for the method and what each row means.
 *
 * <p>Order of a run: the in-process limits (AES-GCM, Bouncy Castle FF1) and Coffer's FF1 in process; then the
 * server jar is started as a child JVM on the embedded store and on a fresh PostgreSQL database (both start at once
 * to save time; the one not being measured is idle). For each store in turn: the raw JDBC limits in a child JVM of
 * their own ({@link RawVault}), right before the server's own runs over HTTP with the load generator of this JVM
 * ({@link Load}): health and single-value tokenize in closed loop, batch tokenize (random, deterministic), batch
 * detokenize, FPE over HTTP, and the open-loop latency runs at a fixed rate. The PostgreSQL databases are dropped and
 * the data directories deleted at the end.
 */
public final class TokenizationBench {

    private static final PrintStream OUT = System.out;
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    private final TokenizationOptions o;
    private final TokenizationReport report = new TokenizationReport();
    private final List<String> windows = new ArrayList<>();
    private final Map<String, String> cpuUse = new LinkedHashMap<>();
    private CofferServer server;

    private TokenizationBench(TokenizationOptions o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        new TokenizationBench(TokenizationOptions.parse(args)).run();
    }

    /** One store under test: its server, how the raw limit reaches the same database, and its cleanup. */
    private record StoreRun(String label, CofferServer server, long startedNanos, String rawUrl, String rawUser,
                            String database, String rawDatabase) {
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadStart = Machine.load();
        OUT.printf(Locale.ROOT, "Coffer tokenization benchmark (%s run), %s, %d cores, load average %s%n",
                o.quick ? "quick" : "full", Machine.cpu(), Machine.cores(), loadStart);
        OUT.printf(Locale.ROOT, "warm-up %d ms + %d ms measured per row; batches of %d on %d connection(s);"
                        + " single requests on %d connections; latency at %,d req/s for %d ms%n%n", o.warmupMs,
                o.measureMs, o.batch, o.threads, o.connections, (int) o.rate, o.latencyMs);
        Files.createDirectories(o.work);
        double[] cpu = cpuLimits();
        String pgVersion = o.postgres ? postgresVersion() : null;
        List<StoreRun> stores = new ArrayList<>();
        try {
            stores.add(startEmbedded());
            if (pgVersion != null) {
                stores.add(startPostgres());
            }
            for (StoreRun s : stores) {
                double ready = s.server().awaitReady(600, s.startedNanos());
                report.limits.put(s.label() + " server start", String.format(Locale.ROOT,
                        "ready in %.1f s (started with the other store's server)", ready));
                setRateLimit(s.server());
            }
            for (StoreRun s : stores) {
                try {
                    measure(s, cpu);
                } catch (Exception e) {
                    // one store failing (PostgreSQL out of connections, say) must not lose the other's results
                    OUT.println(s.label() + " run failed: " + e.getMessage());
                    report.notes.add(s.label() + " run failed, its rows are missing: " + e.getMessage()
                            + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
                }
                s.server().stop();
                if (o.profile) {
                    JfrTop.print(s.server().jfr, windows, o.work.resolve("profile-" + s.label() + ".txt"), OUT);
                    windows.clear();
                }
            }
        } finally {
            for (StoreRun s : stores) {
                s.server().stop();
                if (s.database() != null) {
                    dropDatabase(s.database());
                    dropDatabase(s.rawDatabase());
                }
            }
            if (!o.keep) {
                deleteTree(o.work.resolve("embedded"));
                deleteTree(o.work.resolve("raw-embedded"));
                deleteTree(o.work.resolve("postgres"));
            }
        }
        String loadEnd = Machine.load();
        double seconds = (System.nanoTime() - t0) / 1e9;
        machine(started, loadStart, loadEnd, pgVersion, seconds);
        OUT.printf("%n== Coffer against the limits of this machine, same run ==%n%s", report.table());
        OUT.printf(Locale.ROOT, "%nload average at start %s, at end %s; run time %.0f s%n", loadStart, loadEnd,
                seconds);
        Path out = o.out != null ? o.out
                : o.quick ? Path.of("bench/target/tokenization-quick.md") : Path.of("bench/results/tokenization.md");
        report.writeMarkdown(out, "Tokenization benchmark: Coffer against the machine's limits", List.of(
                "Written by `bench/run-tokenization" + (o.quick ? " --quick" : "") + "` ("
                        + (o.quick ? "quick smoke run" : "full run") + "). Every ratio compares a measurement with a"
                        + " limit measured on the same machine in the same run; how each limit is measured, and why"
                        + " it is a fair bound, is in `bench/README.md`.",
                "Load average (1/5/15 min, as `uptime` shows it): **" + loadStart + "** at the start, **" + loadEnd
                        + "** at the end. A load above the 2 cores means other processes shared the machine and"
                        + " every figure is noisy; the ratios hold better than the absolute numbers."));
        OUT.println("written " + out);
    }

    // ---- in-process limits ----

    private double[] cpuLimits() throws Exception {
        CpuLimits cpu = new CpuLimits();
        // warm up each, then interleave short rounds so that load changes hit limit and measurement alike
        cpu.aesGcm(1, o.warmupMs, 1);
        cpu.bouncyCastleFf1(o.threads, o.warmupMs, 1);
        cpu.cofferFf1(1, o.warmupMs, 1);
        int rounds = 4;
        long slice = Math.max(250, o.measureMs / rounds);
        double[] sum = new double[4];
        double[] cpuSum = new double[4];
        for (int r = 0; r < rounds; r++) {
            TimedLoop.Result[] round = {cpu.aesGcm(1, 0, slice), cpu.bouncyCastleFf1(1, 0, slice),
                    o.threads == 1 ? new TimedLoop.Result(0, 0, 0) : cpu.bouncyCastleFf1(o.threads, 0, slice),
                    cpu.cofferFf1(1, 0, slice)};
            for (int i = 0; i < 4; i++) {
                sum[i] += round[i].ops();
                cpuSum[i] += round[i].cpuSeconds();
            }
        }
        double seconds = rounds * slice / 1e3;
        double aes = sum[0] / seconds;
        double bc1 = sum[1] / seconds;
        double bcN = o.threads == 1 ? bc1 : sum[2] / seconds;
        double coffer = sum[3] / seconds;
        line("in-process", "AES-GCM encrypt, 16-byte value, 1 thread", aes, "ops/s");
        line("in-process", "Bouncy Castle FF1, 16 digits, 1 thread", bc1, "values/s");
        line("in-process", "Bouncy Castle FF1, 16 digits, " + o.threads + " threads", bcN, "values/s");
        line("in-process", "Coffer digits-fpe (Ff1), 16 digits, 1 thread", coffer, "values/s");
        report.add(new Row("in-process", "FPE digits-fpe, Coffer's Ff1, 1 thread", "values/s", coffer,
                "Bouncy Castle FF1 engine, 1 thread", bc1, Kind.RATE, 1.0));
        report.add(new Row("in-process", "limit only: AES-GCM encrypt, 16-byte value, 1 thread", "ops/s", aes,
                "-", 0, Kind.RATE, null));
        report.limits.put("AES-GCM", String.format(Locale.ROOT, "%,.0f encryptions/s of a 16-byte value with"
                + " Tink's AesGcmJce (the server's primitive), 1 thread", aes));
        report.limits.put("Bouncy Castle FF1", String.format(Locale.ROOT, "%,.0f values/s on 1 thread, %,.0f on %d"
                + " threads (FPEFF1Engine initialised once per thread, 16-digit strings)", bc1, bcN, o.threads));
        report.limits.put("Per CPU-second of the measuring threads (less dependent on other processes' load than wall time)",
                String.format(Locale.ROOT, "AES-GCM %,.0f/s; Bouncy Castle FF1 %,.0f/s (1 thread), %,.0f/s (%d"
                        + " threads); Coffer FF1 %,.0f/s: Coffer/Bouncy Castle %.2f", sum[0] / cpuSum[0],
                        sum[1] / cpuSum[1], o.threads == 1 ? sum[1] / cpuSum[1] : sum[2] / cpuSum[2], o.threads,
                        sum[3] / cpuSum[3], (sum[3] / cpuSum[3]) / (sum[1] / cpuSum[1])));
        report.limits.put("In-process rounds", String.format(Locale.ROOT, "AES-GCM, Bouncy Castle (1 and %d"
                + " threads) and Coffer's FF1 interleaved in %d rounds of %d ms each, after a warm-up of %d ms each",
                o.threads, rounds, slice, o.warmupMs));
        return new double[] {aes, bc1, bcN};
    }

    // ---- servers and stores ----

    private StoreRun startEmbedded() throws IOException {
        Path data = o.work.resolve("embedded");
        deleteTree(data);
        deleteTree(o.work.resolve("raw-embedded"));
        long t = System.nanoTime();
        CofferServer server = CofferServer.start("embedded", o.serverJar, data, o.serverJvm, List.of(), jfr("embedded"));
        String rawUrl = "jdbc:h2:file:" + o.work.resolve("raw-embedded").resolve("store").toAbsolutePath()
                + StoreProbe.embeddedOptions();
        return new StoreRun("embedded", server, t, rawUrl, "coffer", null, null);
    }

    private StoreRun startPostgres() throws Exception {
        String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        String db = "coffer_bench_" + suffix;
        String rawDb = "coffer_bench_raw_" + suffix;
        admin("CREATE DATABASE " + db);
        admin("CREATE DATABASE " + rawDb);
        long t = System.nanoTime();
        CofferServer server = CofferServer.start("postgres", o.serverJar, o.work.resolve("postgres"), o.serverJvm,
                List.of("--coffer.store.url=" + PG + db, "--coffer.store.username=postgres"), jfr("postgres"));
        return new StoreRun("PostgreSQL", server, t, PG + rawDb + "?logServerErrorDetail=false", "postgres", db,
                rawDb);
    }

    private Path jfr(String label) {
        return o.profile ? o.work.resolve("server-" + label + ".jfr").toAbsolutePath() : null;
    }

    /** The per-key rate limit (default 2,000 requests/s) would cap the closed-loop runs: raised for the bench. */
    private static void setRateLimit(CofferServer s) throws IOException {
        VaultCalls calls = new VaultCalls("127.0.0.1", s.port, CofferServer.KEY_NAME, s.keySecret);
        byte[] put = HttpConnection.request("PUT", "/api/v1/settings/rate_limit.requests_per_second_per_key",
                "127.0.0.1", s.port, calls.authorization(), "{\"value\":10000000}".getBytes(StandardCharsets.UTF_8));
        try (HttpConnection c = new HttpConnection("127.0.0.1", s.port)) {
            HttpConnection.Response r = c.exchange(put);
            if (r.status() != 200) {
                throw new IllegalStateException("setting the rate limit answered " + r.status() + ": " + r.body());
            }
        }
    }

    // ---- one store: raw limits, then the server over HTTP ----

    private void measure(StoreRun s, double[] cpu) throws Exception {
        String st = s.label();
        OUT.printf("%n-- %s --%n", st);
        Map<String, double[]> raw = raw(s);
        server = s.server();
        int port = server.port;
        VaultCalls calls = new VaultCalls("127.0.0.1", server.port, CofferServer.KEY_NAME, server.keySecret);

        // the server's JIT warm-up, on every kind of request, before anything is measured
        for (Load.Calls c : List.of(calls.health(), calls.tokenize(1, false, false), calls.tokenize(o.batch, false, false),
                calls.tokenize(o.batch, true, false), calls.fpe(o.batch))) {
            Load.closed("127.0.0.1", port, o.threads, 0, o.warmupMs / 2, c);
        }
        Load.Throughput health = closed(st, port, "GET /actuator/health", o.connections, calls.health());
        Load.Throughput single = closed(st, port, "tokenize, 1 value/request", o.connections, calls.tokenize(1, false, false));
        Load.Throughput random = closed(st, port, "tokenize random, " + o.batch + "/request", o.threads,
                calls.tokenize(o.batch, false, true));
        Load.Throughput det = closed(st, port, "tokenize deterministic, " + o.batch + "/request", o.threads,
                calls.tokenize(o.batch, true, false));
        Load.Throughput detok = closed(st, port, "detokenize, " + o.batch + "/request", o.threads,
                calls.detokenize(o.batch));
        // the FPE limit again, right before the FPE run: on a machine whose load changes, a limit taken minutes
        // earlier would not bound it
        double bcAdjacent = new CpuLimits().bouncyCastleFf1(o.threads, Math.min(o.warmupMs, 1000), o.measureMs / 2)
                .perSecond();
        line(st, "Bouncy Castle FF1, " + o.threads + " threads, adjacent", bcAdjacent, "values/s");
        Load.Throughput fpe = closed(st, port, "tokenize digits-fpe, " + o.batch + "/request", o.threads,
                calls.fpe(o.batch));
        Load.Latency healthLatency = open(st, port, "GET /actuator/health", calls.health());
        Load.Latency singleLatency = open(st, port, "tokenize, 1 value/request", calls.tokenize(1, false, false));

        String batchOf = String.format(Locale.ROOT, "%,d/request", o.batch);
        report.add(new Row(st, "batch tokenize, random, " + batchOf, "values/s", random.valuesPerSecond(),
                "raw JDBC batched insert, same rows", raw.get("insert_random")[0], Kind.RATE, 0.70));
        report.add(new Row(st, "batch tokenize, deterministic, " + batchOf, "values/s", det.valuesPerSecond(),
                "raw JDBC batched insert, same rows + claim", raw.get("insert_deterministic")[0], Kind.RATE, 0.70));
        report.add(new Row(st, "batch detokenize, " + batchOf, "values/s", detok.valuesPerSecond(),
                "raw JDBC IN (...) PK lookup + decrypt", raw.get("lookup")[0], Kind.RATE, 0.70));
        report.add(new Row(st, "FPE digits-fpe over HTTP, " + batchOf, "values/s", fpe.valuesPerSecond(),
                "Bouncy Castle FF1, " + o.threads + " threads, just before", bcAdjacent, Kind.RATE, 1.0));
        report.add(new Row(st, "single-value tokenize", "requests/s", single.requestsPerSecond(),
                "GET /actuator/health", health.requestsPerSecond(), Kind.RATE, 0.50));
        String at = String.format(Locale.ROOT, " at %,d req/s", (int) o.rate);
        report.add(new Row(st, "single-value tokenize p50" + at, "ms", singleLatency.millis(singleLatency.corrected(), 50),
                "health p50" + at, healthLatency.millis(healthLatency.corrected(), 50), Kind.LATENCY, null));
        report.add(new Row(st, "single-value tokenize p99" + at, "ms", singleLatency.millis(singleLatency.corrected(), 99),
                "health p99" + at, healthLatency.millis(healthLatency.corrected(), 99), Kind.LATENCY, 5.0));

        report.limits.put(st + " Bouncy Castle FF1 just before the FPE run", String.format(Locale.ROOT,
                "%,.0f values/s on %d threads (the run's first measurement: %,.0f)", bcAdjacent, o.threads, cpu[2]));
        raw.forEach((k, v) -> report.limits.put(st + " raw " + k, String.format(Locale.ROOT,
                "%,.0f values/s (%,.0f in %.1f s, %d thread(s), own JVM and connections); %s", v[0], v[1], v[2],
                o.threads, cpuUse.getOrDefault(st + "|raw " + k, ""))));
        detail(st, "GET /actuator/health", health);
        detail(st, "tokenize, 1 value/request", single);
        detail(st, "tokenize random, " + o.batch + "/request", random);
        detail(st, "tokenize deterministic, " + o.batch + "/request", det);
        detail(st, "detokenize, " + o.batch + "/request", detok);
        detail(st, "tokenize digits-fpe, " + o.batch + "/request", fpe);
        latencyDetail(st, "GET /actuator/health", healthLatency);
        latencyDetail(st, "tokenize, 1 value/request", singleLatency);
    }

    private Load.Throughput closed(String store, int port, String what, int workers, Load.Calls calls) throws Exception {
        Instant start = Instant.now();
        CpuUse cpu = new CpuUse(server);
        Load.Throughput t = Load.closed("127.0.0.1", port, workers, o.warmupMs, o.measureMs, calls);
        window(store, what + ", closed loop", start.plusMillis(o.warmupMs), o.measureMs);
        OUT.printf(Locale.ROOT, "%-10s %-44s %,12.0f req/s %,12.0f values/s  (%d conn, mean %.2f ms; %s)%n", store,
                what, t.requestsPerSecond(), t.valuesPerSecond(), workers, t.meanMillis(), cpu.end());
        cpuUse.put(store + "|" + what, cpu.text + (t.values() <= 0 ? "" : String.format(Locale.ROOT,
                " (server %.1f µs of CPU per value)", cpu.serverCores / t.valuesPerSecond() * 1e6)));
        return t;
    }

    private Load.Latency open(String store, int port, String what, Load.Calls calls) throws Exception {
        Instant start = Instant.now();
        CpuUse cpu = new CpuUse(server);
        long warm = Math.min(3000, Math.max(500, o.latencyMs / 5));
        Load.Latency l = Load.open("127.0.0.1", port, o.openConnections, o.rate, warm, o.latencyMs, calls);
        window(store, what + ", open loop", start.plusMillis(warm), o.latencyMs);
        OUT.printf(Locale.ROOT, "%-10s %-44s at %,.0f req/s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms"
                        + " (service time p99 %.2f ms; %s)%n", store, what, l.achievedRate(),
                l.millis(l.corrected(), 50), l.millis(l.corrected(), 99), l.millis(l.corrected(), 99.9),
                l.corrected().getMaxValue() / 1e6, l.millis(l.service(), 99), cpu.end());
        cpuUse.put(store + "|" + what + " latency", cpu.text);
        return l;
    }

    private void window(String store, String what, Instant from, long millis) {
        windows.add(store + "|" + what + "|" + from.toEpochMilli() + "|" + (from.toEpochMilli() + millis));
    }

    private void detail(String store, String what, Load.Throughput t) {
        report.limits.put(store + " " + what, String.format(Locale.ROOT,
                "%,.0f requests, %,.0f values in %.1f s: %,.0f requests/s, %,.0f values/s, mean %.2f ms, %d TCP"
                        + " connects; %s", t.requests(), t.values(), t.seconds(), t.requestsPerSecond(),
                t.valuesPerSecond(), t.meanMillis(), t.connects(), cpuUse.getOrDefault(store + "|" + what, "")));
    }

    private void latencyDetail(String store, String what, Load.Latency l) {
        report.limits.put(store + " " + what + ", open loop", String.format(Locale.ROOT,
                "%,d requests at %,.0f req/s (asked %,.0f) on %d connections%s: corrected for coordinated omission"
                        + " p50 %.2f / p90 %.2f / p99 %.2f / p99.9 %.2f / max %.2f ms; service time p50 %.2f / p99"
                        + " %.2f ms", l.requests(), l.achievedRate(), o.rate, o.openConnections,
                l.unsent() == 0 ? "" : String.format(Locale.ROOT, ", %,d more never sent (server overloaded)",
                        l.unsent()),
                l.millis(l.corrected(), 50), l.millis(l.corrected(), 90), l.millis(l.corrected(), 99),
                l.millis(l.corrected(), 99.9), l.corrected().getMaxValue() / 1e6, l.millis(l.service(), 50),
                l.millis(l.service(), 99)) + "; " + cpuUse.getOrDefault(store + "|" + what + " latency", ""));
    }

    /**
     * Runs {@link RawVault}; tried again (up to 3 times, 10 s apart) when the database refused a connection, as a
     * PostgreSQL shared with test suites does when its {@code max_connections} are taken.
     */
    private Map<String, double[]> raw(StoreRun s) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return rawOnce(s);
            } catch (IllegalStateException e) {
                Path log = o.work.resolve("raw-" + s.server().label + ".log");
                boolean refused = Files.exists(log) && Files.readString(log).contains("too many clients");
                if (!refused || attempt == 3) {
                    throw e;
                }
                OUT.println(s.label() + ": the database refused a connection (too many clients); again in 10 s");
                Thread.sleep(10_000);
            }
        }
    }

    /** Runs {@link RawVault} in a child JVM (same java, the server's JVM flags, this class path). */
    private Map<String, double[]> rawOnce(StoreRun s) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(o.serverJvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RawVault.class.getName(),
                "--url", s.rawUrl(), "--user", s.rawUser(), "--threads", Integer.toString(o.threads),
                "--batch", Integer.toString(o.batch), "--warmup-ms", Long.toString(o.warmupMs),
                "--measure-ms", Long.toString(o.measureMs)));
        Path log = o.work.resolve("raw-" + s.server().label + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        Map<String, double[]> results = new LinkedHashMap<>();
        Map<String, Double> rawRate = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                if (f[0].equals("RESULT")) {
                    double n = Double.parseDouble(f[2]);
                    double sec = Double.parseDouble(f[3]);
                    results.put(f[1], new double[] {n / sec, n, sec});
                    rawRate.put(f[1], n / sec);
                    OUT.printf(Locale.ROOT, "%-10s %-44s %,12.0f values/s  (%d thread(s), own JVM)%n", s.label(),
                            "raw JDBC " + f[1], n / sec, o.threads);
                } else if (line.startsWith("CPU ")) {
                    String name = line.split(" ")[1];
                    double cores = Double.parseDouble(line.split(" ")[2]);
                    cpuUse.put(s.label() + "|raw " + name, String.format(Locale.ROOT,
                            "CPU %.2f cores in the raw JVM (%.1f µs per value)", cores,
                            cores / rawRate.getOrDefault(name, Double.NaN) * 1e6));
                } else if (line.startsWith("INFO ")) {
                    report.limits.put(s.label() + " database", line.substring(5));
                }
            }
        }
        if (p.waitFor() != 0 || results.size() != 3) {
            throw new IllegalStateException("raw JDBC limit failed (exit " + p.exitValue() + "); see " + log);
        }
        return results;
    }

    // ---- PostgreSQL administration ----

    private String postgresVersion() {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            List<String> v = new ArrayList<>();
            for (String q : List.of("SELECT version()", "SHOW synchronous_commit", "SHOW fsync",
                    "SHOW shared_buffers")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    v.add(q.startsWith("SHOW") ? q.substring(5) + "=" + rs.getString(1) : rs.getString(1));
                }
            }
            return String.join(", ", v);
        } catch (SQLException e) {
            report.notes.add("PostgreSQL not measured: not reachable at " + PG + " (" + e.getMessage() + ")");
            return null;
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void dropDatabase(String name) {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            OUT.println("could not drop database " + name + ": " + e.getMessage());
        }
    }

    private void machine(Instant started, String loadStart, String loadEnd, String pgVersion, double seconds) {
        Map<String, String> m = report.machine;
        m.put("Date", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(started.atOffset(ZoneOffset.UTC)) + " UTC");
        m.put("CPU", Machine.cpu());
        m.put("Cores", Machine.cores() + " (as the JVM sees them)");
        m.put("Memory", Machine.memory());
        m.put("OS", Machine.os());
        m.put("JDK", Machine.jdk());
        m.put("PostgreSQL", pgVersion == null ? "not measured" : pgVersion);
        m.put("Embedded store", "H2 " + org.h2.engine.Constants.FULL_VERSION + ", URL options `"
                + StoreProbe.embeddedOptions() + "`");
        m.put("Load average (1/5/15 min)", "start " + loadStart + ", end " + loadEnd);
        m.put("Server JVM", "`" + String.join(" ", o.serverJvm) + "` (the raw JDBC child the same)");
        m.put("Run", String.format(Locale.ROOT, "%s; warm-up %d ms + %d ms measured per row; batches of %,d on %d"
                        + " connection(s) (the raw limits on as many threads); single requests on %d connections;"
                        + " latency at %,d req/s for %d ms on %d connections; %.0f s in all",
                o.quick ? "quick" : "full", o.warmupMs, o.measureMs, o.batch, o.threads, o.connections,
                (int) o.rate, o.latencyMs, o.openConnections, seconds));
    }

    private static void line(String store, String what, double value, String unit) {
        OUT.printf(Locale.ROOT, "%-10s %-44s %,12.0f %s%n", store, what, value, unit);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
