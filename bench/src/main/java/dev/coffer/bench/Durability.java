package dev.coffer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Does an embedded store lose acknowledged writes when its process is killed with SIGKILL?
 *
 * <p>The parent creates the database and the vault table and closes it cleanly (so only the inserts are on trial).
 * It then starts a child JVM (same java, same JVM flags, same class path) that opens the database with the
 * configuration under test and inserts rows with autocommit, printing {@code ACK <token>} on stdout after each
 * {@code executeUpdate} returned, that is after the commit was acknowledged. After {@code killAfter} acknowledgements
 * the parent calls {@link ProcessHandle#destroyForcibly()} on the child (SIGKILL on Linux: no shutdown hook, no
 * close, no flush), drains the acknowledgements still in the pipe, reopens the database, and counts the acknowledged
 * tokens that are missing. The database files are deleted afterwards unless the database did not reopen. A process kill, not a power loss, is tested: what was written to the kernel survives.
 */
final class Durability {

    /** One kill trial. {@code error} is set when the database could not be reopened. */
    record Trial(String store, int killAfter, int acked, int present, int missing, int unackedPresent,
                 String error) {
    }

    private static final Pattern ACK = Pattern.compile("ACK tk_[0-9A-Za-z]{25}");

    private Durability() {
    }

    static List<Trial> run(Path dir, List<String> storeKeys, int[] killAfter, long seed, PrintStream log)
            throws Exception {
        List<Trial> trials = new ArrayList<>();
        for (String key : storeKeys) {
            for (int i = 0; i < killAfter.length; i++) {
                Trial t = trial(dir, key, i, killAfter[i], seed);
                log.printf("  %-26s kill after %4d acks: acked %4d, present %4d, missing %4d, in-flight present %d%s%n",
                        Store.of(key, dir, "x").label, t.killAfter(), t.acked(), t.present(), t.missing(),
                        t.unackedPresent(), t.error() == null ? "" : ", REOPEN FAILED: " + t.error());
                trials.add(t);
            }
        }
        return trials;
    }

    private static Trial trial(Path dir, String key, int n, int killAfter, long seed) throws Exception {
        String dbName = "durability-" + key + "-" + n;
        Store store = Store.of(key, dir, dbName);
        store.deleteFiles();
        try (Connection c = store.open()) {
            store.createSchema(c);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StoreBench.class.getName(),
                "--child", key, dir.toString(), dbName, Long.toString(seed)));
        Path stderr = dir.resolve(dbName + ".child-stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (ACK.matcher(line).matches()) { // a line cut short by the kill is no acknowledgement
                    acked.add(line.substring(4));
                }
                if (!killed && acked.size() >= killAfter) {
                    // SIGKILL through the ProcessHandle: Process.destroyForcibly() sends the same signal but also
                    // closes our end of the pipe, and the acknowledgements still in it would be lost to the count.
                    p.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            if (!killed) {
                throw new IllegalStateException("child ended before " + killAfter + " acks, see " + stderr);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        Set<String> present = new HashSet<>();
        String error = null;
        try (Connection c = store.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT token FROM " + store.table)) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        } catch (Exception e) {
            error = e.toString();
        }
        if (error == null) {
            store.deleteFiles();
        }
        int missing = 0;
        for (String token : acked) {
            if (!present.contains(token)) {
                missing++;
            }
        }
        int unacked = 0;
        for (String token : present) {
            if (!acked.contains(token)) {
                unacked++;
            }
        }
        return new Trial(key, killAfter, acked.size(), present.size(), error == null ? missing : acked.size(),
                unacked, error);
    }

    /** The child: insert one row per commit, acknowledge each on stdout, until killed (bounded: 60 s, 100k rows). */
    static void child(String key, Path dir, String dbName, long seed) throws Exception {
        Store store = Store.of(key, dir, dbName);
        RowGen gen = new RowGen(seed);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = store.open(); PreparedStatement ps = c.prepareStatement(store.insertSql())) {
            c.setAutoCommit(true);
            for (long id = 0; id < 100_000 && System.nanoTime() < deadline; id++) {
                RowGen.Row r = gen.row(id);
                store.bind(ps, r);
                ps.executeUpdate();
                out.println("ACK " + r.token());
                out.flush();
                if (out.checkError()) {
                    return; // the parent is gone
                }
            }
        }
    }

    static void deleteChildLogs(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".child-stderr.txt") && Files.size(p) == 0) {
                    Files.delete(p);
                }
            }
        }
    }
}
