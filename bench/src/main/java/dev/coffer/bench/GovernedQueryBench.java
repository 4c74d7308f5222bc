package dev.coffer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * The governed query against the same query through raw JDBC (issue 6): a PostgreSQL table of
 * 1,000,000 rows (six columns: id, e-mail, card number, region, amount, date) is read in full
 *
 * <ul>
 * <li><b>raw</b>: in this JVM through pgjdbc, fetch size 2,000 (the server's), every column of every row read with
 * {@code getObject} (dates as {@code LocalDate}, as the server reads them);</li>
 * <li><b>governed, analyst</b>: {@code POST /api/v1/data-sources/{id}/query} on the real server jar (child JVM) as a
 * key with data role {@code analyst}, whose policies mask the e-mail ({@code email}) and the card
 * ({@code last_four}); the response is read to its end and parsed token by token (Jackson streaming), counting
 * the rows;</li>
 * <li><b>governed, admin</b>: the same with the admin key, whose policies give {@code no_mask} (clear values).</li>
 * </ul>
 *
 * Each is warmed up once, then they run in interleaved rounds (so a change in the machine's load hits all three),
 * and the medians are compared: the target is governed ≤ 1.25 × raw. Writes {@code bench/results/governed-query.md}.
 * Options: {@code --rows N} (1,000,000), {@code --rounds N} (5), {@code --out F}, {@code --keep}, {@code --profile}
 * (a JFR recording of the server, whose hot methods are printed at the end; keeps {@code bench/target/governed-query}).
 */
public final class GovernedQueryBench {

    static final String PG = System.getProperty("bench.pg-url", "jdbc:postgresql://127.0.0.1:5432/");
    static final String SQL = "SELECT id, email, card_number, region, amount, created_on FROM bench.customers";
    static final int FETCH = 2000;
    static final double TARGET = 1.25;

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 5;
        Path out = Path.of("bench/results/governed-query.md");
        boolean keep = false;
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "--profile" -> profile = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String loadStart = Machine.load();
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        String database = "coffer_bench_q_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        admin("CREATE DATABASE " + database);
        Path work = Path.of("bench/target/governed-query");
        CofferServer server = null;
        try {
            String url = PG + database;
            long loadNanos = System.nanoTime();
            String pgVersion = load(url, rows);
            double loadSeconds = (System.nanoTime() - loadNanos) / 1e9;
            System.out.printf(Locale.ROOT, "loaded %,d rows in %.1f s (%s)%n", rows, loadSeconds, pgVersion);

            Files.createDirectories(work);
            Path dataDir = Files.createTempDirectory(work, "server-");
            Path jfr = profile ? work.resolve("server.jfr") : null;
            server = CofferServer.start("embedded", Path.of("server/target/coffer-server.jar"), dataDir,
                    List.of("-Xmx1g"), List.of(), jfr);
            server.awaitReady(120, System.nanoTime());
            Api api = new Api(server.port, "Basic " + Base64.getEncoder().encodeToString(
                    (CofferServer.KEY_NAME + ":" + server.keySecret).getBytes(StandardCharsets.UTF_8)));
            api.call("PUT", "/api/v1/settings/query.max_rows", "{\"value\": " + rows + "}", 200);
            api.call("PUT", "/api/v1/settings/datasources.query_timeout_seconds", "{\"value\": 3600}", 200);
            String source = field(api.call("POST", "/api/v1/data-sources", "{\"name\": \"bench\", \"type\": \"postgresql\", "
                    + "\"jdbc_url\": \"" + url + "\", \"username\": \"postgres\", \"password\": \"\"}", 201), "id");
            policy(api, source, "email", "email");
            policy(api, source, "card_number", "last_four");
            String account = field(api.call("POST", "/api/v1/service-accounts", "{\"name\": \"bench-analyst\"}", 201), "id");
            String key = api.call("POST", "/api/v1/api-keys", "{\"principal_id\": \"" + account
                    + "\", \"roles\": [\"querier\"], \"data_roles\": [\"analyst\"]}", 201);
            Api analyst = new Api(server.port, "Bearer " + field(key, "bearer_token"));

            String body = "{\"sql\": \"" + SQL + "\"}";
            String path = "/api/v1/data-sources/" + source + "/query";
            // warm-up: JIT of both JVMs, PostgreSQL's buffers
            System.out.printf(Locale.ROOT, "warm-up: raw %.2f s, analyst %.2f s, admin %.2f s%n", raw(url, rows),
                    governed(analyst, path, body, rows), governed(api, path, body, rows));
            List<Run> raw = new ArrayList<>();
            List<Run> masked = new ArrayList<>();
            List<Run> clear = new ArrayList<>();
            CofferServer child = server;
            int n = rows;
            for (int r = 0; r < rounds; r++) {
                raw.add(measure(child, () -> raw(url, n)));
                masked.add(measure(child, () -> governed(analyst, path, body, n)));
                clear.add(measure(child, () -> governed(api, path, body, n)));
                System.out.printf(Locale.ROOT, "round %d: raw %s, analyst %s, admin %s%n", r + 1, raw.get(r), masked.get(r),
                        clear.get(r));
            }
            String report = report(started, loadStart, Machine.load(), pgVersion, rows, rounds, raw, masked, clear);
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            System.out.println("written to " + out);
            if (jfr != null) {
                server.stop();
                JfrTop.print(jfr, List.of("all|whole run|0|" + Long.MAX_VALUE), work.resolve("profile.txt"), System.out);
                keep = true;
            }
        } finally {
            if (server != null) {
                server.stop();
            }
            try {
                admin("DROP DATABASE IF EXISTS " + database);
            } catch (SQLException ex) {
                System.err.println("could not drop " + database + ": " + ex.getMessage());
            }
            if (!keep) {
                deleteTree(work);
            }
        }
    }

    /** One timed run: wall-clock seconds, and the CPU seconds this JVM (the client) and the server used meanwhile. */
    record Run(double seconds, double clientCpu, double serverCpu) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f s (cpu: client %.2f s, server %.2f s)", seconds, clientCpu, serverCpu);
        }
    }

    interface Timed {
        double run() throws Exception;
    }

    static Run measure(CofferServer server, Timed timed) throws Exception {
        long client = ownCpu();
        long serverCpu = server.cpuNanos();
        double seconds = timed.run();
        return new Run(seconds, (ownCpu() - client) / 1e9, (server.cpuNanos() - serverCpu) / 1e9);
    }

    static long ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Creates and fills {@code bench.customers} on the server side (generate_series); answers the server version. */
    static String load(String url, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA bench");
            s.execute("CREATE TABLE bench.customers (id bigint PRIMARY KEY, email varchar(200), card_number varchar(30), "
                    + "region varchar(10), amount numeric(10,2), created_on date)");
            s.execute("INSERT INTO bench.customers SELECT i, 'user' || i || '@example.com', "
                    + "'4' || lpad((i::bigint * 7919 % 1000000000000000)::text, 15, '0'), (ARRAY['EU','US','APAC','LATAM'])[i % 4 + 1], "
                    + "(i % 100000) / 100.0, DATE '2020-01-01' + (i % 2000) FROM generate_series(1, " + rows + ") AS i");
            s.execute("VACUUM ANALYZE bench.customers");
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                return "PostgreSQL " + rs.getString(1);
            }
        }
    }

    /** The raw limit: the same SELECT through pgjdbc, every column read; answers seconds. */
    static double raw(String url, int expected) throws SQLException {
        long start = System.nanoTime();
        long count = 0;
        long sink = 0;
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(FETCH);
                try (ResultSet rs = s.executeQuery(SQL)) {
                    while (rs.next()) {
                        sink += rs.getLong(1);
                        Object email = rs.getString(2);
                        Object card = rs.getString(3);
                        Object region = rs.getString(4);
                        Object amount = rs.getObject(5);
                        Object date = rs.getObject(6, java.time.LocalDate.class);
                        sink += (email == null ? 0 : 1) + (card == null ? 0 : 1) + (region == null ? 0 : 1)
                                + (amount == null ? 0 : 1) + (date == null ? 0 : 1);
                        count++;
                    }
                }
            }
            c.rollback();
        }
        check(count, expected, sink);
        return (System.nanoTime() - start) / 1e9;
    }

    /** The governed query over HTTP, read and parsed to its end; answers seconds. */
    static double governed(Api api, String path, String body, int expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = api.client.send(HttpRequest.newBuilder(URI.create(api.base + path))
                .header("Authorization", api.authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long rows = 0;
        long values = 0;
        String error = null;
        try (InputStream in = response.body(); JsonParser parser = new JsonFactory().createParser(in)) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("governed query answered " + response.statusCode() + ": "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            int depth = 0;
            boolean inRows = false;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME && depth == 1) {
                    String name = parser.currentName();
                    inRows = name.equals("rows");
                    if (name.equals("error")) {
                        error = "error";
                    }
                } else if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
                    depth++;
                    if (inRows && depth == 3) {
                        rows++;
                    }
                } else if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
                    depth--;
                } else if (inRows && depth == 3) {
                    values++;
                }
            }
        }
        if (error != null) {
            throw new IllegalStateException("the governed query ended with an error");
        }
        check(rows, expected, values);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void check(long rows, int expected, long sink) {
        if (rows != expected) {
            throw new IllegalStateException("read " + rows + " rows, expected " + expected + " (" + sink + ")");
        }
    }

    static void policy(Api api, String source, String column, String mask) throws Exception {
        api.call("POST", "/api/v1/policies/columns", "{\"name\": \"bench-" + column + "\", \"columns\": [{\"data_source_id\": \""
                + source + "\", \"schema\": \"bench\", \"table\": \"customers\", \"column\": \"" + column + "\"}], "
                + "\"rules\": [{\"role\": \"analyst\", \"masking\": {\"type\": \"" + mask + "\"}}, "
                + "{\"role\": \"admin\", \"masking\": {\"type\": \"no_mask\"}}]}", 201);
    }

    static String report(OffsetDateTime started, String loadStart, String loadEnd, String pgVersion, int rows, int rounds,
                         List<Run> raw, List<Run> masked, List<Run> clear) {
        double rawMedian = median(raw.stream().map(Run::seconds).toList());
        double maskedMedian = median(masked.stream().map(Run::seconds).toList());
        double clearMedian = median(clear.stream().map(Run::seconds).toList());
        StringBuilder md = new StringBuilder();
        md.append("# Governed query benchmark\n\n");
        md.append("`bench/run-governed-query` (`dev.coffer.bench.GovernedQueryBench`), ").append(started.withNano(0))
                .append(". The same `SELECT` of ").append(String.format(Locale.ROOT, "%,d", rows))
                .append(" rows and six columns (id, e-mail, card number, region, amount, date) through raw JDBC and as a ")
                .append("governed query over HTTP on the real server jar, in interleaved rounds; medians compared.\n\n");
        md.append("| | median s | rounds (s) | rows/s | ratio to raw | target | median CPU s: client + server |\n")
                .append("|---|---:|---|---:|---:|---|---:|\n");
        row(md, "raw JDBC (pgjdbc, fetch size " + FETCH + ", every column read)", raw, rawMedian, rows, rawMedian, null);
        row(md, "governed, analyst: `email` and `last_four` masks applied", masked, maskedMedian, rows, rawMedian, TARGET);
        row(md, "governed, admin: `no_mask` (clear values)", clear, clearMedian, rows, rawMedian, TARGET);
        md.append("\nBoth governed runs read the whole streamed JSON response and parse it token by token (counting rows and ")
                .append("values), as a client must; the raw run reads every column of every row. The server runs on the ")
                .append("embedded store (`-Xmx1g`); the data source is the PostgreSQL below, on the same machine. The last ")
                .append("column is the CPU time used during the run by the benchmark's JVM (raw: pgjdbc decoding; governed: ")
                .append("reading and parsing the HTTP response) and by the Coffer server's JVM (reading from PostgreSQL, masking, ")
                .append("writing JSON); PostgreSQL's own work is the same query in every row and is not counted.\n\n");
        md.append("## Machine\n\n");
        md.append("- CPU: ").append(Machine.cpu()).append(", ").append(Machine.cores()).append(" cores; memory ")
                .append(Machine.memory()).append('\n');
        md.append("- OS: ").append(Machine.os()).append('\n');
        md.append("- JDK: ").append(Machine.jdk()).append('\n');
        md.append("- Data source: ").append(pgVersion).append(" on 127.0.0.1\n");
        md.append("- Load average (1, 5, 15 min) at the start: ").append(loadStart).append("; at the end: ").append(loadEnd)
                .append(". The machine is shared with other builds and test runs (2 cores), so absolute times vary from ")
                .append("run to run; the rounds interleave raw and governed runs so that load changes hit both.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String label, List<Run> runs, double median, int rows, double rawMedian,
                            Double target) {
        List<String> each = new ArrayList<>();
        runs.forEach(t -> each.add(String.format(Locale.ROOT, "%.2f", t.seconds())));
        String cpu = String.format(Locale.ROOT, "%.2f + %.2f", median(runs.stream().map(Run::clientCpu).toList()),
                median(runs.stream().map(Run::serverCpu).toList()));
        double ratio = median / rawMedian;
        md.append("| ").append(label).append(" | ").append(String.format(Locale.ROOT, "%.2f", median)).append(" | ")
                .append(String.join(", ", each)).append(" | ").append(String.format(Locale.ROOT, "%,.0f", rows / median))
                .append(" | ").append(target == null ? "1.00" : String.format(Locale.ROOT, "%.2f", ratio)).append(" | ")
                .append(target == null ? "limit" : "≤ " + target + (ratio <= target ? " (met)" : " (missed)")).append(" | ")
                .append(cpu).append(" |\n");
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A small JSON client of the server. */
    static final class Api {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final String base;
        final String authorization;

        Api(int port, String authorization) {
            this.base = "http://127.0.0.1:" + port;
            this.authorization = authorization;
        }

        String call(String method, String path, String body, int expected) throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
    }
}
