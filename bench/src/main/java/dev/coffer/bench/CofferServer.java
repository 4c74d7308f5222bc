package dev.coffer.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Coffer server, {@code coffer-server.jar}, as a child JVM on a free port with a data directory of its own,
 * its admin key preset through {@code COFFER_BOOTSTRAP_KEY_NAME}/{@code _SECRET}. Its output goes to
 * {@code <data dir>.log}. {@link #stop()} sends SIGTERM (graceful shutdown, which also writes a JFR recording when
 * one was asked for) and waits.
 */
final class CofferServer {

    static final String KEY_NAME = "bench";

    final String label;
    final int port;
    final String keySecret;
    final Path log;
    final Path jfr;
    private final Process process;

    private CofferServer(String label, int port, String keySecret, Path log, Path jfr, Process process) {
        this.label = label;
        this.port = port;
        this.keySecret = keySecret;
        this.log = log;
        this.jfr = jfr;
        this.process = process;
    }

    /**
     * Starts the server; {@code storeArgs} are extra arguments (the PostgreSQL store's URL and user), {@code jvmArgs}
     * the child's JVM flags; a JFR recording goes to {@code jfr} when it is not null.
     */
    static CofferServer start(String label, Path jar, Path dataDir, List<String> jvmArgs, List<String> storeArgs,
                              Path jfr) throws IOException {
        Files.createDirectories(dataDir);
        int port = freePort();
        String secret = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmArgs);
        if (jfr != null) {
            // JFR keeps 64 frames of a stack by default: a request's stack through Tomcat, Spring Security's filter
            // chain and Spring MVC is deeper, so its outer frames (the filters, the controller) would be cut off and
            // under-counted in JfrTop's totals
            cmd.add("-XX:FlightRecorderOptions:stackdepth=256");
            cmd.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--coffer.data-dir=" + dataDir));
        cmd.addAll(storeArgs);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("COFFER_BOOTSTRAP_KEY_NAME", KEY_NAME);
        pb.environment().put("COFFER_BOOTSTRAP_KEY_SECRET", secret);
        Process p = pb.start();
        CofferServer server = new CofferServer(label, port, secret, log, jfr, p);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }));
        return server;
    }

    /** Waits until {@code GET /actuator/health} answers 200; answers the seconds it took. */
    double awaitReady(long timeoutSeconds, long startedNanos) throws Exception {
        long deadline = startedNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        byte[] health = HttpConnection.request("GET", "/actuator/health", "127.0.0.1", port, null, null);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(label + " server exited with " + process.exitValue() + "; see " + log);
            }
            try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                if (c.exchange(health).status() == 200) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(label + " server not ready after " + timeoutSeconds + " s; see " + log);
    }

    /** CPU time the server process has used so far (user + system), in nanoseconds. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** The child's process id (for jcmd, when profiling by hand). */
    long pid() {
        return process.pid();
    }

    /** SIGTERM, then wait for the graceful shutdown (SIGKILL after 60 s). */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
