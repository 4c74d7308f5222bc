package dev.coffer.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import com.sun.management.OperatingSystemMXBean;

/** CPU time the server child and this JVM (the load generator) used during one run, in cores. */
final class CpuUse {
    private final CofferServer server;
    private final long wall = System.nanoTime();
    private final long self = selfCpu();
    private final long child;
    String text = "";
    double serverCores;
    double clientCores;

    CpuUse(CofferServer server) {
        this.server = server;
        this.child = server.cpuNanos();
    }

    String end() {
        double seconds = (System.nanoTime() - wall) / 1e9;
        serverCores = (server.cpuNanos() - child) / 1e9 / seconds;
        clientCores = (selfCpu() - self) / 1e9 / seconds;
        text = String.format(Locale.ROOT, "CPU: server %.2f cores, load generator %.2f cores", serverCores,
                clientCores);
        return text;
    }

    private static long selfCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
