package dev.coffer.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The workloads run through JDBC against one store, on one connection, with prepared statements reused across
 * operations, as the server's repository layer would use them.
 */
final class JdbcWorkload implements Workload {

    private final Store store;
    private final Connection c;
    private final RowGen gen;

    JdbcWorkload(Store store, Connection c, RowGen gen) {
        this.store = store;
        this.c = c;
        this.gen = gen;
    }

    @Override
    public long batchInsert(long from, int count, int batch) throws SQLException {
        c.setAutoCommit(false);
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(store.insertSql())) {
            for (long id = from, end = from + count; id < end; ) {
                long stop = Math.min(end, id + batch);
                for (; id < stop; id++) {
                    store.bind(ps, gen.row(id));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            }
        }
        long t = System.nanoTime() - t0;
        c.setAutoCommit(true);
        return t;
    }

    @Override
    public long singleInsert(long from, int count) throws SQLException {
        c.setAutoCommit(true);
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(store.insertSql())) {
            for (long id = from, end = from + count; id < end; id++) {
                store.bind(ps, gen.row(id));
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("insert of row " + id + " did not insert");
                }
            }
        }
        return System.nanoTime() - t0;
    }

    @Override
    public long pointLookups(Data data, int[] ids) throws SQLException {
        String sql = "SELECT format, key_version, ciphertext FROM " + store.table + " WHERE token = ?";
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int id : ids) {
                RowGen.Row want = data.rows[id];
                ps.setString(1, want.token());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("token of row " + id + " not found");
                    }
                    check(want, rs.getString(1), rs.getInt(2), gen.decrypt(want.token(), rs.getBytes(3)));
                }
            }
        }
        return System.nanoTime() - t0;
    }

    @Override
    public long inLookups(Data data, int[][] batches) throws SQLException {
        int size = batches[0].length;
        String[] marks = new String[size];
        Arrays.fill(marks, "?");
        String sql = "SELECT token, format, key_version, ciphertext FROM " + store.table
                + " WHERE token IN (" + String.join(", ", marks) + ")";
        Map<String, RowGen.Row> wanted = new HashMap<>(size * 2);
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int[] batch : batches) {
                wanted.clear();
                for (int i = 0; i < size; i++) {
                    RowGen.Row want = data.rows[batch[i]];
                    wanted.put(want.token(), want);
                    ps.setString(i + 1, want.token());
                }
                int found = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String token = rs.getString(1);
                        check(wanted.get(token), rs.getString(2), rs.getInt(3), gen.decrypt(token, rs.getBytes(4)));
                        found++;
                    }
                }
                if (found != size) {
                    throw new IllegalStateException("IN lookup found " + found + " of " + size + " tokens");
                }
            }
        }
        return System.nanoTime() - t0;
    }

    @Override
    public long hmacLookups(Data data, int[] ids) throws SQLException {
        String sql = "SELECT token FROM " + store.table + " WHERE format = ? AND value_hmac = ?";
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int id : ids) {
                RowGen.Row want = data.rows[id];
                ps.setString(1, want.format());
                ps.setBytes(2, gen.hmac(want.format(), want.value()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !want.token().equals(rs.getString(1))) {
                        throw new IllegalStateException("(format, value_hmac) of row " + id + " not found");
                    }
                }
            }
        }
        return System.nanoTime() - t0;
    }

    static void check(RowGen.Row want, String format, int keyVersion, String value) {
        if (want == null || !want.format().equals(format) || want.keyVersion() != keyVersion
                || !want.value().equals(value)) {
            throw new IllegalStateException("wrong row returned for " + (want == null ? "?" : want.token()));
        }
    }
}
