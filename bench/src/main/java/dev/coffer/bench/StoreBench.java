package dev.coffer.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides the embedded store of the Coffer server: H2 (file mode, MVStore) or SQLite (xerial sqlite-jdbc, WAL), with
 * PostgreSQL on localhost alongside because the server also runs on it.
 *
 * <p><b>Benchmark mode</b> (default) runs the vault-table workloads of {@link Workload} (batch insert in transactions
 * of 1,000 rows; single-row inserts with one commit each; point lookups by token; {@code IN (...)} lookups of 1,000
 * tokens; lookups by {@code (format, value_hmac)}), each with a fixed count and a fixed seed, on every store and on
 * {@link Limit} (the same work without a database, measured in the same run), and prints per store and workload the
 * operations per second and the ratio store/limit. The embedded stores are measured in the configurations that keep
 * acknowledged commits across a process kill (H2 with {@code WRITE_DELAY=0}, SQLite WAL with
 * {@code synchronous=NORMAL}); a second table compares single-row commits across durability settings.
 *
 * <p><b>Durability mode</b> ({@code --durability}) runs {@link Durability}: a child JVM inserting one commit at a
 * time is killed with SIGKILL and the acknowledged rows missing after reopening are counted, for H2 default, H2
 * {@code WRITE_DELAY=0}, SQLite WAL {@code synchronous=NORMAL} and {@code FULL}.
 *
 * <p>Single-threaded on purpose: run it with {@code -XX:ActiveProcessorCount=1} (the Maven command in the README does)
 * so that it does not take both cores of a 2-core machine.
 */
public final class StoreBench {

    private static final PrintStream OUT = System.out;

    private final Map<String, Map<String, Double>> opsPerSec = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private final List<String> columns = new ArrayList<>();
    private final Map<String, Double> adjacentLimit = new LinkedHashMap<>();
    private Workload.Data warm;
    private Limit fsyncLimit;
    private long limitRow;

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.child != null) {
            Durability.child(o.child[0], Path.of(o.child[1]), o.child[2], Long.parseLong(o.child[3]));
            return;
        }
        Files.createDirectories(o.dir);
        long t0 = System.nanoTime();
        if (o.bench) {
            new StoreBench().bench(o);
        }
        if (o.durability) {
            durability(o);
        }
        OUT.printf(Locale.ROOT, "%ntotal run time %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void bench(Options o) throws Exception {
        OUT.printf(Locale.ROOT, "Coffer store benchmark: java %s, %d cpu(s) visible, data in %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), o.dir);
        OUT.printf(Locale.ROOT, "rows %,d (batches of %,d), single-row commits %,d, lookups %,d, IN batches %,d x %,d,"
                + " seed %d%n%n", o.rows, o.batch, o.single, o.lookups, o.inBatches, o.inSize, o.seed);
        RowGen gen = new RowGen(o.seed);
        Workload.Data data = new Workload.Data(gen, o.rows + o.single, o.lookups, o.inBatches, o.inSize, o.seed);
        Path limitFile = o.dir.resolve("limit.bin");

        // Warm up the generator, the crypto and the limit code paths (not recorded).
        Limit warmLimit = new Limit(limitFile, gen, true, data);
        warmLimit.batchInsert(0, Math.min(20_000, o.rows), o.batch);
        warmLimit.pointLookups(data, data.pointIds);
        warmLimit.hmacLookups(data, data.hmacIds);

        // Each store is warmed up on a throwaway table first (JIT of the driver and, for H2, of the engine).
        int warmRows = Math.min(20_000, o.rows);
        warm = new Workload.Data(gen, warmRows + 200, 5_000, 5, o.inSize, o.seed + 7);

        columns.add("limit");
        fsyncLimit = new Limit(limitFile, gen, true, null);
        limitRow = o.rows;
        runAll("limit", new Limit(limitFile, gen, true, data), data, o);
        Limit writeOnly = new Limit(limitFile, gen, false, null);
        record("limit, write only", "single", o.single, writeOnly.singleInsert(o.rows, o.single));

        embedded(o, gen, data, "h2-wd0", "h2-wd500", "H2");
        embedded(o, gen, data, "sqlite-normal", "sqlite-full", "SQLite");
        if (o.postgres) {
            postgres(o, gen, data);
        }
        Files.deleteIfExists(limitFile);
        printTables(o);
    }

    /** Runs all workloads in {@code mainKey}, then reopens with {@code variantKey} for more single-row commits. */
    private void embedded(Options o, RowGen gen, Workload.Data data, String mainKey, String variantKey, String column)
            throws Exception {
        Store main = Store.of(mainKey, o.dir, column.toLowerCase(Locale.ROOT) + "-bench");
        Store variant = Store.of(variantKey, o.dir, column.toLowerCase(Locale.ROOT) + "-bench");
        warmUp(Store.of(mainKey, o.dir, column.toLowerCase(Locale.ROOT) + "-warmup"), gen, o);
        main.deleteFiles();
        columns.add(column);
        try (Connection c = main.open()) {
            main.createSchema(c);
            runAll(column, new JdbcWorkload(main, c, gen), data, o);
            notes.put(column, main.label + ": " + main.settings(c));
        }
        opsPerSec.get("single").put(main.label, opsPerSec.get("single").get(column));
        adjacentLimit.put(main.label, adjacentLimit.get(column));
        try (Connection c = variant.open()) {
            OUT.printf("%s: reopened as %s%n", column, variant.label);
            measureAdjacentLimit(variant.label, o);
            record(variant.label, "single", o.single,
                    new JdbcWorkload(variant, c, gen).singleInsert(o.rows + o.single, o.single));
            notes.put(variant.label, variant.label + ": " + variant.settings(c));
        }
        notes.put(column + " disk", String.format(Locale.ROOT, "%s on disk after %,d rows: %.1f MiB", column,
                o.rows + 2 * o.single, main.diskBytes(null) / 1048576.0));
        main.deleteFiles();
    }

    private void postgres(Options o, RowGen gen, Workload.Data data) throws Exception {
        Store pg = Store.postgres();
        try (Connection probe = pg.open()) {
            probe.isValid(5);
        } catch (SQLException e) {
            notes.put("PostgreSQL", "PostgreSQL not reachable at " + Store.PG_URL + ": " + e.getMessage());
            return;
        }
        warmUp(Store.postgres(), gen, o);
        columns.add("PostgreSQL");
        try (Connection c = pg.open()) {
            pg.createSchema(c);
            runAll("PostgreSQL", new JdbcWorkload(pg, c, gen), data, o);
            opsPerSec.get("single").put("PostgreSQL synchronous_commit=on", opsPerSec.get("single").get("PostgreSQL"));
            adjacentLimit.put("PostgreSQL synchronous_commit=on", adjacentLimit.get("PostgreSQL"));
            notes.put("PostgreSQL", "PostgreSQL (table " + pg.table + ", reWriteBatchedInserts=true): "
                    + pg.settings(c));
            notes.put("PostgreSQL disk", String.format(Locale.ROOT, "PostgreSQL table + indexes after %,d rows:"
                    + " %.1f MiB", o.rows + o.single, pg.diskBytes(c) / 1048576.0));
        } finally {
            try (Connection d = pg.open()) {
                pg.dropSchema(d);
            }
        }
    }

    /** Runs every workload once, unrecorded, on a small throwaway table of the same store configuration. */
    private void warmUp(Store s, RowGen gen, Options o) throws Exception {
        s.deleteFiles();
        try (Connection c = s.open()) {
            s.createSchema(c);
            try {
                Workload w = new JdbcWorkload(s, c, gen);
                int n = warm.rows.length - 200;
                w.batchInsert(0, n, o.batch);
                w.singleInsert(n, 200);
                w.pointLookups(warm, warm.pointIds);
                w.inLookups(warm, warm.inBatches);
                w.hmacLookups(warm, warm.hmacIds);
            } finally {
                s.dropSchema(c);
            }
        }
        s.deleteFiles();
        OUT.printf("%s: warmed up%n", s.label);
    }

    private void runAll(String column, Workload w, Workload.Data data, Options o) throws Exception {
        record(column, "batch", o.rows, w.batchInsert(0, o.rows, o.batch));
        if (!(w instanceof Limit)) {
            measureAdjacentLimit(column, o);
        }
        record(column, "single", o.single, w.singleInsert(o.rows, o.single));
        record(column, "point", data.pointIds.length, w.pointLookups(data, data.pointIds));
        record(column, "in", data.inBatches.length * o.inSize, w.inLookups(data, data.inBatches));
        record(column, "hmac", data.hmacIds.length, w.hmacLookups(data, data.hmacIds));
    }

    /**
     * The fsync-per-commit limit again, right before a store's single-row commits: the disk's fsync latency drifts
     * with whatever else the machine does, so each single-row result is also compared with a limit taken next to it.
     */
    private void measureAdjacentLimit(String label, Options o) throws Exception {
        int n = Math.max(1, o.single / 5);
        long nanos = fsyncLimit.singleInsert(limitRow, n);
        adjacentLimit.put(label, n / (nanos / 1e9));
    }

    private void record(String column, String workload, long ops, long nanos) {
        double rate = ops / (nanos / 1e9);
        opsPerSec.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(column, rate);
        OUT.printf(Locale.ROOT, "%-30s %-7s %,9d ops in %7.2f s = %,12.0f ops/s%n", column, workload, ops,
                nanos / 1e9, rate);
    }

    private void printTables(Options o) {
        String[][] rows = {
                {"batch", String.format(Locale.ROOT, "batch insert, %,d rows/tx", o.batch)},
                {"single", "single-row insert, 1 commit/row"},
                {"point", "point lookup by token (PK)"},
                {"in", String.format(Locale.ROOT, "IN (...) lookup, %,d tokens/query", o.inSize)},
                {"hmac", "lookup by (format, value_hmac)"}};
        OUT.printf("%n== ops/s and ratio store/limit (limit = same work without a database, this run) ==%n");
        OUT.println("H2 = file, MVStore, WRITE_DELAY=0; SQLite = WAL, synchronous=NORMAL (both keep acknowledged"
                + " commits across a process kill, see --durability)");
        OUT.printf("%-34s %12s", "workload", "limit");
        for (String c : columns.subList(1, columns.size())) {
            OUT.printf(" | %12s %7s", c, "ratio");
        }
        OUT.println();
        for (String[] row : rows) {
            Map<String, Double> m = opsPerSec.get(row[0]);
            double limit = m.get("limit");
            OUT.printf(Locale.ROOT, "%-34s %,12.0f", row[1], limit);
            for (String c : columns.subList(1, columns.size())) {
                OUT.printf(Locale.ROOT, " | %,12.0f %7s", m.get(c), ratio(m.get(c), limit));
            }
            OUT.println();
        }
        Map<String, Double> single = opsPerSec.get("single");
        double force = single.get("limit");
        double write = single.get("limit, write only");
        OUT.printf(Locale.ROOT, "%n== single-row commits (%,d rows into a table of ~%,d rows) ==%n", o.single, o.rows);
        OUT.println("adjacent limit = write + force(false) per commit, measured right before that configuration");
        OUT.printf("%-40s %10s %10s %9s %9s %11s%n", "configuration", "commits/s", "adj.limit", "/ adj.", "/ limit",
                "/ write-only");
        OUT.printf(Locale.ROOT, "%-40s %,10.0f %10s %9s %9s %11s%n", "limit: write + force(false) per commit", force,
                "", "", "1", ratio(force, write));
        OUT.printf(Locale.ROOT, "%-40s %,10.0f %10s %9s %9s %11s%n", "limit: write only per commit", write, "", "",
                ratio(write, force), "1");
        for (Map.Entry<String, Double> e : single.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("limit") && !columns.contains(k)) {
                double adj = adjacentLimit.get(k);
                OUT.printf(Locale.ROOT, "%-40s %,10.0f %,10.0f %9s %9s %11s%n", k, e.getValue(), adj,
                        ratio(e.getValue(), adj), ratio(e.getValue(), force), ratio(e.getValue(), write));
            }
        }
        OUT.printf("%n== settings in force (as reported by each database) and disk use ==%n");
        notes.values().forEach(n -> OUT.println("  " + n));
    }

    private static String ratio(Double value, double limit) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.3g", value / limit);
    }

    private static void durability(Options o) throws Exception {
        OUT.printf("%n== durability: child JVM inserts 1 row per commit, SIGKILL after N acks, reopen ==%n");
        List<String> keys = List.of("h2-default", "h2-wd0", "sqlite-normal", "sqlite-full");
        List<Durability.Trial> trials = Durability.run(o.dir, keys, o.killAfter, o.seed, OUT);
        OUT.printf("%n%-28s %8s %8s %8s  %s%n", "store", "trials", "acked", "missing", "verdict");
        for (String key : keys) {
            int acked = 0;
            int missing = 0;
            int n = 0;
            boolean failed = false;
            for (Durability.Trial t : trials) {
                if (t.store().equals(key)) {
                    n++;
                    acked += t.acked();
                    missing += t.missing();
                    failed |= t.error() != null;
                }
            }
            OUT.printf("%-28s %8d %8d %8d  %s%n", Store.of(key, o.dir, "x").label, n, acked, missing,
                    failed ? "DATABASE DID NOT REOPEN" : missing == 0 ? "no acknowledged write lost"
                            : "LOSES ACKNOWLEDGED WRITES");
        }
        Durability.deleteChildLogs(o.dir);
    }

    /** Command-line options; see the README for the list. */
    private static final class Options {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "coffer-bench");
        int rows = 200_000;
        int batch = 1_000;
        int single = 5_000;
        int lookups = 100_000;
        int inBatches = 100;
        int inSize = 1_000;
        long seed = 42;
        int[] killAfter = {200, 300, 400};
        boolean postgres = true;
        boolean bench = true;
        boolean durability;
        String[] child;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--dir" -> o.dir = Path.of(args[++i]);
                    case "--rows" -> o.rows = Integer.parseInt(args[++i]);
                    case "--single" -> o.single = Integer.parseInt(args[++i]);
                    case "--lookups" -> o.lookups = Integer.parseInt(args[++i]);
                    case "--in-batches" -> o.inBatches = Integer.parseInt(args[++i]);
                    case "--seed" -> o.seed = Long.parseLong(args[++i]);
                    case "--no-pg" -> o.postgres = false;
                    case "--quick" -> {
                        o.rows = 20_000;
                        o.single = 1_000;
                        o.lookups = 10_000;
                        o.inBatches = 10;
                    }
                    case "--durability" -> {
                        o.bench = false;
                        o.durability = true;
                    }
                    case "--all" -> o.durability = true;
                    case "--child" -> o.child = new String[] {args[++i], args[++i], args[++i], args[++i]};
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --dir D --rows N --single N --lookups N --in-batches N --seed S --no-pg"
                            + " --quick --durability --all");
                }
            }
            return o;
        }
    }
}
