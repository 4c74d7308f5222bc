package dev.coffer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results table of {@link TokenizationBench}: printed on stdout and written as Markdown. */
final class TokenizationReport {

    /** Higher is better (a rate against a limit and a minimal ratio) or lower is better (a latency under a bound). */
    enum Kind { RATE, LATENCY }

    /**
     * One measurement next to its limit. For a {@link Kind#RATE} the ratio is {@code value / limit} and passes at
     * {@code target} or above; for a {@link Kind#LATENCY} the value passes under {@code target} (ms), and the limit
     * (the bare endpoint's latency) is shown for reference. A {@code null} target means no target.
     */
    record Row(String store, String what, String unit, double value, String limitName, double limit, Kind kind,
               Double target) {

        Double ratio() {
            return limit > 0 ? value / limit : null;
        }

        String verdict() {
            if (target == null) {
                return "";
            }
            boolean pass = kind == Kind.RATE ? ratio() != null && ratio() >= target : value < target;
            return pass ? "PASS" : "BELOW";
        }

        String targetText() {
            if (target == null) {
                return "";
            }
            return kind == Kind.RATE ? String.format(Locale.ROOT, ">= %.2f", target)
                    : String.format(Locale.ROOT, "< %s ms", num(target));
        }
    }

    final List<Row> rows = new ArrayList<>();
    final Map<String, String> machine = new LinkedHashMap<>();
    final Map<String, String> limits = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s %-52s %14s  %-40s %14s %7s %9s  %s%n", "store", "measurement",
                "Coffer", "limit", "limit value", "ratio", "target", "verdict"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-10s %-52s %14s  %-40s %14s %7s %9s  %s%n", r.store(),
                    r.what() + " (" + r.unit() + ")", num(r.value()), r.limitName(), limit(r), ratio(r),
                    r.targetText(), r.verdict()));
        }
        return b.toString();
    }

    void writeMarkdown(Path file, String title, List<String> preface) throws IOException {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n\n");
        preface.forEach(p -> b.append(p).append("\n\n"));
        b.append("## Machine\n\n| | |\n| --- | --- |\n");
        machine.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n## Results\n\n");
        b.append("| store | measurement | Coffer | limit | limit value | ratio | target | verdict |\n");
        b.append("| --- | --- | ---: | --- | ---: | ---: | --- | --- |\n");
        for (Row r : rows) {
            b.append("| ").append(r.store()).append(" | ").append(r.what()).append(" (").append(r.unit())
                    .append(") | ").append(num(r.value())).append(" | ").append(r.limitName()).append(" | ")
                    .append(limit(r)).append(" | ").append(ratio(r)).append(" | ")
                    .append(r.targetText().replace(">=", "≥")).append(" | ")
                    .append(r.verdict().isEmpty() ? "" : "**" + r.verdict() + "**").append(" |\n");
        }
        b.append("\n## Limits and measurements in detail\n\n");
        limits.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append("\n"));
        if (!notes.isEmpty()) {
            b.append("\n## Notes\n\n");
            notes.forEach(n -> b.append("- ").append(n).append("\n"));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b.toString());
    }

    private static String limit(Row r) {
        return r.limit() > 0 ? num(r.limit()) : "-";
    }

    private static String ratio(Row r) {
        Double ratio = r.ratio();
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    static String num(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
