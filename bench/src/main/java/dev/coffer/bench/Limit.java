package dev.coffer.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The machine's own limit for each workload: the same work without a database, measured in the same run.
 *
 * <p>Inserts generate and encrypt the same rows, serialize the same bytes, append them to a file with one
 * {@link FileChannel#write} per commit and, when {@code force} is set, one {@link FileChannel#force force(false)}
 * (fdatasync) per commit: that is the least I/O a store can do and still keep a commit across a power loss. With
 * {@code force} off it is the least a store can do to keep a commit across a process kill (the bytes are in the
 * kernel's page cache when {@code write} returns). Lookups use in-memory hash maps (token to row, and
 * {@code (format, hmac)} to token) and do the same decryption and HMAC work as the stores.
 */
final class Limit implements Workload {

    private record HmacKey(String format, ByteBuffer hmac) {
    }

    private final Path file;
    private final RowGen gen;
    private final boolean force;
    private final Map<String, RowGen.Row> byToken = new HashMap<>();
    private final Map<HmacKey, String> byHmac = new HashMap<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);

    Limit(Path file, RowGen gen, boolean force, Data data) {
        this.file = file;
        this.gen = gen;
        this.force = force;
        if (data != null) {
            for (RowGen.Row r : data.rows) {
                byToken.put(r.token(), r);
                byHmac.put(new HmacKey(r.format(), ByteBuffer.wrap(r.valueHmac())), r.token());
            }
        }
    }

    @Override
    public long batchInsert(long from, int count, int batch) throws IOException {
        try (FileChannel ch = open()) {
            long t0 = System.nanoTime();
            for (long id = from, end = from + count; id < end; ) {
                long stop = Math.min(end, id + batch);
                buf.clear();
                for (; id < stop; id++) {
                    put(gen.row(id));
                }
                commit(ch);
            }
            return System.nanoTime() - t0;
        }
    }

    @Override
    public long singleInsert(long from, int count) throws IOException {
        try (FileChannel ch = open()) {
            long t0 = System.nanoTime();
            for (long id = from, end = from + count; id < end; id++) {
                buf.clear();
                put(gen.row(id));
                commit(ch);
            }
            return System.nanoTime() - t0;
        }
    }

    @Override
    public long pointLookups(Data data, int[] ids) {
        long t0 = System.nanoTime();
        for (int id : ids) {
            RowGen.Row r = byToken.get(data.rows[id].token());
            JdbcWorkload.check(data.rows[id], r.format(), r.keyVersion(), gen.decrypt(r.token(), r.ciphertext()));
        }
        return System.nanoTime() - t0;
    }

    @Override
    public long inLookups(Data data, int[][] batches) {
        long t0 = System.nanoTime();
        for (int[] batch : batches) {
            for (int id : batch) {
                RowGen.Row r = byToken.get(data.rows[id].token());
                JdbcWorkload.check(data.rows[id], r.format(), r.keyVersion(), gen.decrypt(r.token(), r.ciphertext()));
            }
        }
        return System.nanoTime() - t0;
    }

    @Override
    public long hmacLookups(Data data, int[] ids) {
        long t0 = System.nanoTime();
        for (int id : ids) {
            RowGen.Row want = data.rows[id];
            byte[] hmac = gen.hmac(want.format(), want.value());
            String token = byHmac.get(new HmacKey(want.format(), ByteBuffer.wrap(hmac)));
            if (!want.token().equals(token)) {
                throw new IllegalStateException("(format, value_hmac) of row " + id + " not found");
            }
        }
        return System.nanoTime() - t0;
    }

    private FileChannel open() throws IOException {
        Files.deleteIfExists(file);
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private void commit(FileChannel ch) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        if (force) {
            ch.force(false);
        }
    }

    /** The row as a store would keep it: lengths and bytes of every column. */
    private void put(RowGen.Row r) {
        byte[] token = r.token().getBytes(StandardCharsets.UTF_8);
        byte[] format = r.format().getBytes(StandardCharsets.UTF_8);
        buf.put((byte) token.length).put(token).put((byte) format.length).put(format).putInt(r.keyVersion())
                .put(r.valueHmac()).putShort((short) r.ciphertext().length).put(r.ciphertext())
                .putLong(r.createdAtMilli()).putLong(r.expiresAtMilli());
    }
}
