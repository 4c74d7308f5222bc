package dev.coffer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the numbers were measured on: CPU, cores, memory, OS, JDK and the load average (Linux). */
final class Machine {

    private Machine() {
    }

    static String cpu() {
        return field(Path.of("/proc/cpuinfo"), "model name", "unknown CPU");
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The processors of the machine ({@code /proc/cpuinfo}), whatever {@code -XX:ActiveProcessorCount} says. */
    static int processors() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (IOException e) {
            return cores();
        }
    }

    static String memory() {
        String kb = field(Path.of("/proc/meminfo"), "MemTotal", null);
        if (kb == null) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1048576.0);
    }

    static String os() {
        String name = System.getProperty("os.name");
        try {
            for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (l.startsWith("PRETTY_NAME=")) {
                    name = l.substring(12).replace("\"", "");
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return name + ", kernel " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + ")";
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String field(Path file, String name, String otherwise) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                if (l.startsWith(name)) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return otherwise;
    }
}
