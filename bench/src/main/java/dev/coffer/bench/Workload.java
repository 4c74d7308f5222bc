package dev.coffer.bench;

import java.util.SplittableRandom;

/**
 * The workloads of the benchmark, each with a fixed count and a fixed seed, and the data set they share.
 *
 * <p>Every implementation (the stores, and {@link Limit}, the same work without a database) does the same CPU work
 * per operation: an insert generates the row and AES-GCM-encrypts its value; a lookup by token fetches the row and
 * decrypts (and checks) its ciphertext; a deterministic lookup computes the HMAC of the value and finds the token.
 * Each method returns the elapsed nanoseconds; results are checked and a wrong answer throws.
 */
interface Workload {

    /** Inserts rows {@code [from, from + count)} in transactions of {@code batch} rows each. */
    long batchInsert(long from, int count, int batch) throws Exception;

    /** Inserts rows {@code [from, from + count)} one commit per row (autocommit). */
    long singleInsert(long from, int count) throws Exception;

    /** Looks up each id by token (primary key) and decrypts the value. */
    long pointLookups(Data data, int[] ids) throws Exception;

    /** Looks up each batch with one {@code token IN (...)} query and decrypts the values. */
    long inLookups(Data data, int[][] batches) throws Exception;

    /** Computes the HMAC of each id's value and finds its token by {@code (format, value_hmac)}. */
    long hmacLookups(Data data, int[] ids) throws Exception;

    /**
     * The rows that the lookups may ask for (ids {@code [0, rows.length)}), regenerated once outside the timed
     * sections, and the lookup ids drawn with the fixed seed.
     */
    final class Data {
        final RowGen.Row[] rows;
        final int[] pointIds;
        final int[][] inBatches;
        final int[] hmacIds;

        Data(RowGen gen, int rowCount, int lookups, int inBatches, int inSize, long seed) {
            rows = new RowGen.Row[rowCount];
            for (int i = 0; i < rowCount; i++) {
                rows[i] = gen.row(i);
            }
            SplittableRandom r = new SplittableRandom(seed + 1);
            pointIds = r.ints(lookups, 0, rowCount).toArray();
            hmacIds = r.ints(lookups, 0, rowCount).toArray();
            // Distinct ids within each IN batch: a partial Fisher-Yates shuffle of all ids.
            int[] all = new int[rowCount];
            for (int i = 0; i < rowCount; i++) {
                all[i] = i;
            }
            this.inBatches = new int[inBatches][inSize];
            for (int b = 0; b < inBatches; b++) {
                for (int i = 0; i < inSize; i++) {
                    int j = i + r.nextInt(rowCount - i);
                    int t = all[i];
                    all[i] = all[j];
                    all[j] = t;
                    this.inBatches[b][i] = all[i];
                }
            }
        }
    }
}
