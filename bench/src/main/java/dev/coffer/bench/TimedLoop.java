package dev.coffer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a step in a loop on {@code threads} threads for a warm-up and then a measured window, and counts the
 * operations of the steps that end inside the window: the in-process counterpart of {@link Load#closed}, used for
 * the limits (raw JDBC, AES-GCM, FF1).
 */
final class TimedLoop {

    /** One thread's work: {@link #step()} does one unit and answers how many operations it did. */
    interface Worker extends AutoCloseable {

        int step() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Makes each thread's {@link Worker}. */
    interface Workers {
        Worker create(int thread) throws Exception;
    }

    /**
     * Operations counted in the measured window (pro rata, see {@link Window}), the window's length, and the CPU
     * time the threads used inside it: operations per CPU-second depend less than wall time on how much of the
     * machine other processes took (on a VM, time stolen by the host may still count as CPU time).
     */
    record Result(double ops, double seconds, double cpuSeconds) {

        double perSecond() {
            return ops / seconds;
        }

        double perCpuSecond() {
            return cpuSeconds <= 0 ? 0 : ops / cpuSeconds;
        }
    }

    private TimedLoop() {
    }

    static Result run(int threads, long warmupMillis, long measureMillis, Workers workers) throws Exception {
        List<Worker> made = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                made.add(workers.create(t));
            }
            long from = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMillis);
            long to = from + TimeUnit.MILLISECONDS.toNanos(measureMillis);
            Window window = new Window(from, to);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> running = new ArrayList<>();
            for (Worker w : made) {
                Thread thread = new Thread(() -> {
                    Window.Count count = window.count();
                    try {
                        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
                        for (long now = System.nanoTime(); now < to && failure.get() == null; ) {
                            long begun = now;
                            long cpuBefore = cpu.getCurrentThreadCpuTime();
                            int done = w.step();
                            now = System.nanoTime();
                            count.add(begun, now, done, cpu.getCurrentThreadCpuTime() - cpuBefore);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                    window.merge(count);
                }, "timed-" + running.size());
                thread.start();
                running.add(thread);
            }
            for (Thread t : running) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("timed loop failed: " + failure.get(), failure.get());
            }
            return new Result(window.items(), measureMillis / 1e3, window.cpuSeconds());
        } finally {
            for (Worker w : made) {
                w.close();
            }
        }
    }
}
