package dev.coffer.bench;

/**
 * The measured window of a timed run, and the count of work done inside it. Each unit of work (a request, a JDBC
 * batch) counts in proportion to the part of its duration that falls inside the window: a 1,000-value request that
 * lasted 400 ms, 100 ms of them inside the window, counts as 250 values. So a run whose single requests last longer
 * than the window (a busy machine, a short {@code --quick} window) still measures a rate instead of zero, and the
 * requests still running when the window closes count for their share. Mean latency is over the units that ended
 * inside the window.
 */
final class Window {

    private final long from;
    private final long to;
    private double operations;
    private double items;
    private double cpuNanos;
    private long ended;
    private long endedNanos;

    Window(long fromNanos, long toNanos) {
        this.from = fromNanos;
        this.to = toNanos;
    }

    /** A per-thread counter, merged with {@link #merge} when the thread is done. */
    Count count() {
        return new Count();
    }

    synchronized void merge(Count c) {
        operations += c.operations;
        items += c.items;
        cpuNanos += c.cpuNanos;
        ended += c.ended;
        endedNanos += c.endedNanos;
    }

    synchronized double operations() {
        return operations;
    }

    synchronized double items() {
        return items;
    }

    /** CPU time of the counting threads inside the window (pro rata), when given to {@link Count#add}. */
    synchronized double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    synchronized double meanMillis() {
        return ended == 0 ? 0 : endedNanos / 1e6 / ended;
    }

    /** One thread's share, not thread safe. */
    final class Count {
        private double operations;
        private double items;
        private double cpuNanos;
        private long ended;
        private long endedNanos;

        /** A unit of work that also used {@code cpu} nanoseconds of its thread's CPU time. */
        void add(long start, long end, int n, long cpu) {
            long inside = Math.min(end, to) - Math.max(start, from);
            if (inside > 0) {
                cpuNanos += end == start ? cpu : (double) cpu * inside / (end - start);
            }
            add(start, end, n);
        }

        /** A unit of work that ran from {@code start} to {@code end} (nanoTime) and carried {@code n} items. */
        void add(long start, long end, int n) {
            long inside = Math.min(end, to) - Math.max(start, from);
            if (inside <= 0) {
                return;
            }
            double share = end == start ? 1 : (double) inside / (end - start);
            operations += share;
            items += share * n;
            if (end >= from && end < to) {
                ended++;
                endedNanos += end - start;
            }
        }
    }
}
