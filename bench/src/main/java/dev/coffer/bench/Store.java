package dev.coffer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One store configuration under test: how to connect, the vault table's DDL in that dialect, how to bind a row, and
 * how to read back the settings that are really in force (so the printed report shows what was measured, not what
 * was asked for).
 *
 * <p>The embedded stores are file databases under the benchmark's data directory; PostgreSQL is the local server
 * ({@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}, trust auth) with a table of its own named
 * {@code bench_vault_tokens_<random>}, dropped at the end.
 */
final class Store {

    enum Kind { H2, SQLITE, POSTGRES }

    /** H2 settings the server uses, so that one set of Flyway migrations serves H2 and PostgreSQL. */
    static final String H2_MODE = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    final String key;
    final String label;
    final Kind kind;
    final String url;
    final String table;
    private final Path file;

    private Store(String key, String label, Kind kind, String url, String table, Path file) {
        this.key = key;
        this.label = label;
        this.kind = kind;
        this.url = url;
        this.table = table;
        this.file = file;
    }

    /**
     * The configurations by key. {@code h2-default}: H2 file database with MVStore and its default WRITE_DELAY;
     * {@code h2-wd0}: the same with {@code WRITE_DELAY=0}; {@code h2-wd500}: WRITE_DELAY set back to 500 explicitly
     * (the setting is persistent, so a database once opened with 0 keeps 0 unless told otherwise);
     * {@code sqlite-normal} / {@code sqlite-full}: SQLite in WAL mode with synchronous=NORMAL / FULL.
     */
    static Store of(String key, Path dir, String dbName) {
        Path base = dir.resolve(dbName);
        return switch (key) {
            case "h2-default" -> h2(key, "H2 default", base, "");
            case "h2-wd0" -> h2(key, "H2 WRITE_DELAY=0", base, ";WRITE_DELAY=0");
            case "h2-wd500" -> h2(key, "H2 WRITE_DELAY=500 (default)", base, ";WRITE_DELAY=500");
            case "sqlite-normal" -> sqlite(key, "SQLite WAL sync=NORMAL", base, "NORMAL");
            case "sqlite-full" -> sqlite(key, "SQLite WAL sync=FULL", base, "FULL");
            default -> throw new IllegalArgumentException("unknown store " + key);
        };
    }

    private static Store h2(String key, String label, Path base, String extra) {
        String url = "jdbc:h2:file:" + base.toAbsolutePath() + H2_MODE + extra;
        return new Store(key, label, Kind.H2, url, "vault_tokens", Path.of(base + ".mv.db"));
    }

    private static Store sqlite(String key, String label, Path base, String synchronous) {
        // sqlite-jdbc applies pragmas given as URL parameters on every new connection.
        String url = "jdbc:sqlite:" + base.toAbsolutePath() + ".sqlite?journal_mode=WAL&synchronous=" + synchronous
                + "&busy_timeout=5000";
        return new Store(key, label, Kind.SQLITE, url, "vault_tokens", Path.of(base + ".sqlite"));
    }

    static Store postgres() {
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        return new Store("postgres", "PostgreSQL", Kind.POSTGRES, PG_URL + "?reWriteBatchedInserts=true",
                "bench_vault_tokens_" + suffix, null);
    }

    Connection open() throws SQLException {
        return switch (kind) {
            case H2 -> DriverManager.getConnection(url, "sa", "");
            case SQLITE -> DriverManager.getConnection(url);
            case POSTGRES -> DriverManager.getConnection(url, "postgres", "");
        };
    }

    void createSchema(Connection c) throws SQLException {
        String bytes = kind == Kind.SQLITE ? "BLOB" : "BYTEA";
        // SQLite has no timestamp type: the server would keep epoch milliseconds in an INTEGER column.
        String ts = kind == Kind.SQLITE ? "INTEGER" : "TIMESTAMP WITH TIME ZONE";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " ("
                    + "token VARCHAR(128) PRIMARY KEY, "
                    + "format VARCHAR(64) NOT NULL, "
                    + "key_version INTEGER NOT NULL, "
                    + "value_hmac " + bytes + ", "
                    + "ciphertext " + bytes + ", "
                    + "created_at " + ts + " NOT NULL, "
                    + "expires_at " + ts + " NULL)");
            s.execute("CREATE INDEX " + table + "_format_hmac ON " + table + " (format, value_hmac)");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    void dropSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    String insertSql() {
        return "INSERT INTO " + table
                + " (token, format, key_version, value_hmac, ciphertext, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    }

    void bind(PreparedStatement ps, RowGen.Row r) throws SQLException {
        ps.setString(1, r.token());
        ps.setString(2, r.format());
        ps.setInt(3, r.keyVersion());
        ps.setBytes(4, r.valueHmac());
        ps.setBytes(5, r.ciphertext());
        if (kind == Kind.SQLITE) {
            ps.setLong(6, r.createdAtMilli());
            if (r.expiresAtMilli() < 0) {
                ps.setNull(7, Types.INTEGER);
            } else {
                ps.setLong(7, r.expiresAtMilli());
            }
        } else {
            ps.setObject(6, utc(r.createdAtMilli()));
            if (r.expiresAtMilli() < 0) {
                ps.setNull(7, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(7, utc(r.expiresAtMilli()));
            }
        }
    }

    private static OffsetDateTime utc(long epochMilli) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC);
    }

    /** The durability-relevant settings as the database reports them. */
    String settings(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        switch (kind) {
            case H2 -> {
                out.add("H2 " + c.getMetaData().getDatabaseProductVersion());
                query(c, "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                        + " WHERE SETTING_NAME IN ('WRITE_DELAY', 'MODE', 'DEFAULT_NULL_ORDERING',"
                        + " 'DATABASE_TO_LOWER', 'RETENTION_TIME')", out);
            }
            case SQLITE -> {
                out.add("SQLite " + c.getMetaData().getDatabaseProductVersion());
                query(c, "PRAGMA journal_mode", out);
                query(c, "PRAGMA synchronous", out);
            }
            case POSTGRES -> {
                out.add("PostgreSQL " + c.getMetaData().getDatabaseProductVersion());
                query(c, "SHOW synchronous_commit", out);
                query(c, "SHOW fsync", out);
            }
        }
        return String.join(", ", out).toLowerCase(Locale.ROOT);
    }

    private static void query(Connection c, String sql, List<String> out) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            String name = sql.replaceFirst("(?i)^(PRAGMA|SHOW) ", "");
            while (rs.next()) {
                out.add(n == 1 ? name + "=" + rs.getString(1) : rs.getString(1) + "=" + rs.getString(2));
            }
        }
    }

    /** Bytes the table occupies on disk (database file plus WAL for the embedded stores). */
    long diskBytes(Connection pg) throws SQLException, IOException {
        if (kind == Kind.POSTGRES) {
            try (Statement s = pg.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
        long total = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = Path.of(file + suffix);
            if (Files.exists(p)) {
                total += Files.size(p);
            }
        }
        return total;
    }

    /** Deletes the database files of an embedded store. */
    void deleteFiles() throws IOException {
        if (file == null) {
            return;
        }
        String prefix = file.getFileName().toString().replaceFirst("\\.(mv\\.db|sqlite)$", "");
        try (Stream<Path> files = Files.list(file.getParent())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(prefix + ".")) {
                    Files.delete(p);
                }
            }
        }
    }
}
