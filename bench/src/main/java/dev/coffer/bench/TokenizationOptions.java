package dev.coffer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command-line options of {@link TokenizationBench}; see {@code bench/README.md}. */
final class TokenizationOptions {
    Path serverJar = Path.of("server/target/coffer-server.jar");
    Path work = Path.of("bench/target/tokenization");
    Path out;
    boolean quick;
    boolean postgres = true;
    boolean profile;
    boolean keep;
    long warmupMs = 3_000;
    long measureMs = 8_000;
    long latencyMs = 12_000;
    int threads = 2;
    int connections = 8;
    int openConnections = 16;
    double rate = 1_000;
    int batch = 1_000;
    List<String> serverJvm = List.of("-Xmx1g");

    static TokenizationOptions parse(String[] args) {
        TokenizationOptions o = new TokenizationOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    o.quick = true;
                    o.warmupMs = 500;
                    o.measureMs = 1_000;
                    o.latencyMs = 2_000;
                }
                case "--server-jar" -> o.serverJar = Path.of(args[++i]);
                case "--work" -> o.work = Path.of(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                case "--no-pg" -> o.postgres = false;
                case "--profile" -> o.profile = true;
                case "--keep" -> o.keep = true;
                case "--warmup-ms" -> o.warmupMs = Long.parseLong(args[++i]);
                case "--measure-ms" -> o.measureMs = Long.parseLong(args[++i]);
                case "--latency-ms" -> o.latencyMs = Long.parseLong(args[++i]);
                case "--threads" -> o.threads = Integer.parseInt(args[++i]);
                case "--connections" -> o.connections = Integer.parseInt(args[++i]);
                case "--open-connections" -> o.openConnections = Integer.parseInt(args[++i]);
                case "--rate" -> o.rate = Double.parseDouble(args[++i]);
                case "--batch" -> o.batch = Integer.parseInt(args[++i]);
                case "--server-jvm" -> o.serverJvm = List.of(args[++i].trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --quick"
                        + " --no-pg --profile --keep --server-jar J --work D --out F --warmup-ms N --measure-ms N"
                        + " --latency-ms N --threads N --connections N --open-connections N --rate R --batch N"
                        + " --server-jvm FLAGS");
            }
        }
        if (!Files.isRegularFile(o.serverJar)) {
            throw new IllegalArgumentException("no server jar at " + o.serverJar.toAbsolutePath()
                    + "; build it first (bench/run-tokenization does)");
        }
        return o;
    }
}
