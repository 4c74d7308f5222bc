package dev.coffer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * The HTTP load generator: closed-loop runs for throughput and open-loop runs at a fixed rate for latency, over
 * {@link HttpConnection}s (one per thread).
 *
 * <p><b>Closed loop</b>: {@code workers} threads each send a request, wait for its response, check it, and send the
 * next one, for a warm-up and then a measured window. A request counts in the window when its response arrives
 * inside it; the rate is the values (or requests) so counted divided by the window's length.
 *
 * <p><b>Open loop</b>: request {@code i} is due at {@code start + i / rate}, whether or not earlier requests were
 * answered. A pool of connections takes the next due request as soon as one is free and sends it at its due time (or
 * at once, if it is already late). Each latency is measured from the request's <em>due</em> time, not from when it
 * was actually sent, so that a stall of the server counts for every request it delayed: the correction for
 * coordinated omission (as in wrk2). The service time (from the actual send) is kept too. Threads wait for a due
 * time with {@link LockSupport#parkNanos}, without spinning (spinning would take CPU from the server on a 2-core
 * machine); waking up late by the timer's slack (tens of microseconds) counts as latency, so the figures err on the
 * high side. A server that cannot keep up would make such a run last without end: requests not sent by the end
 * of the schedule plus a grace period are not sent at all, and are recorded with the latency they had reached then
 * (a lower bound), so the percentiles still show the overload.
 */
final class Load {

    /** What the requests of one worker are: each request's bytes, and the check of its response. */
    interface Call {

        /** The complete next request (head and body). */
        byte[] next();

        /** Checks the response and answers how many values it carried; throws if the answer is wrong. */
        int check(HttpConnection.Response response);
    }

    /** Makes the {@link Call} of each worker (workers never share one). */
    interface Calls {
        Call forWorker(int worker);
    }

    /**
     * The outcome of a closed-loop run, over its measured window: requests and values are counted pro rata of the
     * part of each request that falls inside the window (see {@link Window}).
     */
    record Throughput(double requests, double values, double seconds, double meanMillis, long connects) {

        double requestsPerSecond() {
            return requests / seconds;
        }

        double valuesPerSecond() {
            return values / seconds;
        }
    }

    /** The outcome of an open-loop run, over its measured requests. */
    record Latency(Histogram corrected, Histogram service, long requests, long unsent, double seconds, long connects) {

        double achievedRate() {
            return requests == 0 || seconds <= 0 ? 0 : requests / seconds;
        }

        double millis(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);

    private Load() {
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    /** Runs {@code workers} closed loops for {@code warmupMillis}, then counts for {@code measureMillis}. */
    static Throughput closed(String host, int port, int workers, long warmupMillis, long measureMillis, Calls calls)
            throws Exception {
        long start = System.nanoTime();
        long from = start + TimeUnit.MILLISECONDS.toNanos(warmupMillis);
        long to = from + TimeUnit.MILLISECONDS.toNanos(measureMillis);
        Window window = new Window(from, to);
        AtomicLong connects = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Call call = calls.forWorker(w);
            threads.add(start("load-" + w, () -> {
                Window.Count count = window.count();
                try (HttpConnection c = new HttpConnection(host, port)) {
                    for (long now = System.nanoTime(); now < to && failure.get() == null; ) {
                        byte[] request = call.next();
                        long sent = System.nanoTime();
                        HttpConnection.Response r = c.exchange(request);
                        now = System.nanoTime();
                        count.add(sent, now, call.check(r));
                    }
                    connects.addAndGet(c.connects());
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                window.merge(count);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("load run failed: " + failure.get(), failure.get());
        }
        return new Throughput(window.operations(), window.items(), measureMillis / 1e3, window.meanMillis(),
                connects.get());
    }

    /**
     * Sends {@code rate} requests per second over {@code connections} connections: {@code warmupMillis} of them
     * unrecorded, then {@code measureMillis} recorded.
     */
    static Latency open(String host, int port, int connections, double rate, long warmupMillis, long measureMillis,
                        Calls calls) throws Exception {
        long warmCount = (long) (rate * warmupMillis / 1e3);
        long measureCount = (long) (rate * measureMillis / 1e3);
        long total = warmCount + measureCount;
        double interval = 1e9 / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        // a server that cannot keep up would make the run last without end: stop sending after a grace period
        long deadline = start + (long) (total * interval) + TimeUnit.MILLISECONDS.toNanos(Math.max(2000, measureMillis / 2));
        AtomicLong next = new AtomicLong();
        AtomicLong sentMeasured = new AtomicLong();
        AtomicLong lastDone = new AtomicLong(start);
        AtomicLong connects = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Histogram> corrected = new ArrayList<>();
        List<Histogram> service = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            Call call = calls.forWorker(w);
            Histogram hc = new Histogram(HIGHEST_NANOS, 3);
            Histogram hs = new Histogram(HIGHEST_NANOS, 3);
            corrected.add(hc);
            service.add(hs);
            threads.add(start("open-" + w, () -> {
                try (HttpConnection c = new HttpConnection(host, port)) {
                    for (long i = next.getAndIncrement(); i < total && failure.get() == null;
                         i = next.getAndIncrement()) {
                        byte[] request = call.next();
                        long due = start + (long) (i * interval);
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        long sent = System.nanoTime();
                        if (sent > deadline) {
                            break;
                        }
                        HttpConnection.Response r = c.exchange(request);
                        long done = System.nanoTime();
                        call.check(r);
                        if (i >= warmCount) {
                            sentMeasured.incrementAndGet();
                            hc.recordValue(Math.min(HIGHEST_NANOS, done - due));
                            hs.recordValue(Math.min(HIGHEST_NANOS, done - sent));
                            lastDone.accumulateAndGet(done, Math::max);
                        }
                    }
                    connects.addAndGet(c.connects());
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("load run failed: " + failure.get(), failure.get());
        }
        Histogram allCorrected = new Histogram(HIGHEST_NANOS, 3);
        Histogram allService = new Histogram(HIGHEST_NANOS, 3);
        corrected.forEach(allCorrected::add);
        service.forEach(allService::add);
        // requests never sent (the deadline passed) count with the least latency they could have had
        long unsent = measureCount - sentMeasured.get();
        long stopped = Math.max(deadline, lastDone.get());
        for (long i = total - unsent; i < total; i++) {
            allCorrected.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, stopped - (start + (long) (i * interval)))));
        }
        long measuredFrom = start + (long) (warmCount * interval);
        return new Latency(allCorrected, allService, sentMeasured.get(), unsent,
                (lastDone.get() - measuredFrom) / 1e9, connects.get());
    }
}
