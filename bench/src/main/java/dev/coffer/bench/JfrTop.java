package dev.coffer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server spent its CPU during each measured window: reads the server's JFR recording (taken with
 * {@code --profile}) and prints, per window, the methods most often on top of {@code jdk.ExecutionSample} stacks
 * (self time), the methods most often anywhere on them (total time), and the count of
 * {@code jdk.NativeMethodSample}s (threads in native code: socket reads of the database driver and of Tomcat).
 * Can also be run on its own: {@code JfrTop recording.jfr} prints the whole recording.
 */
public final class JfrTop {

    private static final int TOP = 25;

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        print(Path.of(args[0]), List.of("all|whole recording|0|" + Long.MAX_VALUE), null, System.out);
    }

    /** {@code windows} are {@code store|what|fromEpochMillis|toEpochMillis}; the text also goes to {@code file}. */
    static void print(Path jfr, List<String> windows, Path file, PrintStream out) throws IOException {
        if (jfr == null || !Files.exists(jfr)) {
            out.println("no JFR recording at " + jfr);
            return;
        }
        List<RecordedEvent> samples = new ArrayList<>();
        List<RecordedEvent> natives = new ArrayList<>();
        try (RecordingFile r = new RecordingFile(jfr)) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    samples.add(e);
                } else if (type.equals("jdk.NativeMethodSample")) {
                    natives.add(e);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (String w : windows) {
            String[] f = w.split("\\|");
            Instant from = Instant.ofEpochMilli(Long.parseLong(f[2]));
            Instant to = Instant.ofEpochMilli(Long.parseLong(f[3]));
            Map<String, Integer> self = new HashMap<>();
            Map<String, Integer> total = new HashMap<>();
            Map<String, Integer> packages = new HashMap<>();
            Map<String, Integer> coffer = new HashMap<>();
            int n = 0;
            for (RecordedEvent e : samples) {
                if (e.getStartTime().isBefore(from) || !e.getStartTime().isBefore(to)) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                n++;
                self.merge(name(st.getFrames().get(0)), 1, Integer::sum);
                packages.merge(area(st.getFrames().get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : st.getFrames()) {
                    String m = name(frame);
                    if (seen.add(m)) {
                        total.merge(m, 1, Integer::sum);
                        if (m.startsWith("dev.coffer.")) {
                            coffer.merge(m, 1, Integer::sum);
                        }
                    }
                }
            }
            long nat = natives.stream().filter(e -> !e.getStartTime().isBefore(from) && e.getStartTime().isBefore(to))
                    .count();
            b.append(String.format(Locale.ROOT, "%n=== %s: %s: %,d execution samples, %,d native-method samples ===%n",
                    f[0], f[1], n, nat));
            top(b, "self, by package (top frame)", packages, n);
            top(b, "self (top frame)", self, n);
            top(b, "total, Coffer's own methods (anywhere on the stack)", coffer, n);
            top(b, "total (anywhere on the stack)", total, n);
        }
        out.print(b);
        if (file != null) {
            Files.writeString(file, b.toString());
            out.println("profile written to " + file);
        }
    }

    private static void top(StringBuilder b, String title, Map<String, Integer> counts, int n) {
        b.append("  ").append(title).append(":\n");
        counts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(TOP).forEach(e -> b.append(
                String.format(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, n), e.getKey())));
    }

    /** The first three segments of the frame's package ({@code org.h2.mvstore}, {@code java.math}). */
    private static String area(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(3, parts.length - 1); i++) {
            b.append(i == 0 ? "" : ".").append(parts[i]);
        }
        return b.toString();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
