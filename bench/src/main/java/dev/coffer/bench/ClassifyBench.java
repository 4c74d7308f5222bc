package dev.coffer.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.coffer.classification.Classifiers;
import dev.coffer.classification.ColumnClassifier;
import dev.coffer.classification.ColumnSample;
import dev.coffer.classification.DetectedType;
import dev.coffer.classification.Finding;
import dev.coffer.classification.TextInspector;
import dev.coffer.classification.eval.Corpus;
import dev.coffer.classification.eval.Evaluation;
import dev.coffer.classification.eval.LabeledColumn;
import dev.coffer.classification.eval.LabeledTable;

/**
 * Accuracy and speed of the classifiers, in process on the server's classes. Prints the evaluation
 * of the full labeled corpus (per type precision, recall and F1 of column verdicts, macro F1, decoy
 * false-positive rate, span scores of inspect), the single-thread throughput of the column
 * classifier on the labeled corpus and on the columns of {@code bench/classification/classify-200-tables.sh}
 * (its value formulas, without the database), then the single-thread throughput of
 * {@link TextInspector} on a few MB of mixed text, next to the limit of the same machine in the same
 * run: one pass over the same text that only cuts it into whitespace-separated tokens and hashes
 * each (the least any tokenizing inspector does).
 *
 * <p>Throughput is per CPU-second of the inspecting thread ({@link ThreadMXBean#getCurrentThreadCpuTime()}),
 * so that "MB/s per core" holds on a machine shared with other work (wall-clock rates are printed
 * next to it). A fingerprint of every finding (type, offsets, score) of the mixed text is printed
 * too, and one of every column verdict (type, confidence, rate, evidence): a change meant to make
 * the classifiers faster without changing what they find must leave both as they were.
 *
 * <p>Options: {@code --quick} (the small corpus and 1 MB of text), {@code --mb N} (text size, default
 * 4), {@code --seed S} (default 42), {@code --rounds N} (timed passes of each throughput, default 5), {@code --mistakes}
 * (list the wrong column verdicts by column name and evidence), {@code --per-type} (CPU time of
 * inspect restricted to each type in turn), {@code --out F} (also write the report to {@code F}, with
 * the machine and its load average).
 */
public final class ClassifyBench {

	/** Issue 5: inspect handles at least 5 MB of text per second per core. */
	static final double TARGET_MB_PER_CPU_SECOND = 5.0;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final Set<DetectedType> ALL_TYPES = EnumSet.allOf(DetectedType.class);

	private ClassifyBench() {
	}

	public static void main(String[] args) throws IOException {
		boolean quick = false;
		boolean mistakes = false;
		boolean perType = false;
		Path outFile = null;
		int mb = 4;
		long seed = 42;
		int rounds = 5;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> quick = true;
				case "--mistakes" -> mistakes = true;
				case "--per-type" -> perType = true;
				case "--mb" -> mb = Integer.parseInt(args[++i]);
				case "--seed" -> seed = Long.parseLong(args[++i]);
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--out" -> outFile = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (quick) {
			mb = 1;
		}
		if (!THREADS.isCurrentThreadCpuTimeSupported()) {
			throw new IllegalStateException("this JVM cannot measure the CPU time of a thread");
		}
		THREADS.setThreadCpuTimeEnabled(true);
		ByteArrayOutputStream report = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(new Tee(System.out, report), true, StandardCharsets.UTF_8);
		String loadAtStart = Machine.load();
		String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
		ColumnClassifier classifier = Classifiers.columnClassifier();
		TextInspector inspector = Classifiers.textInspector();

		long start = System.nanoTime();
		Corpus corpus = quick ? Corpus.small() : Corpus.generate(seed, 3, 200, 1000);
		out.printf(Locale.ROOT, "corpus: %s, seed %d, generated in %.1f s%n%n", corpus, seed,
				(System.nanoTime() - start) / 1e9);
		start = System.nanoTime();
		Evaluation evaluation = Evaluation.run(corpus, classifier, inspector);
		double evalSeconds = (System.nanoTime() - start) / 1e9;
		evaluation.print(out);
		if (mistakes) {
			evaluation.mistakes().forEach(out::println);
			evaluation.spanMistakes().forEach(out::println);
		}
		out.printf(Locale.ROOT, "evaluation took %.1f s%n", evalSeconds);
		columnThroughput(corpus, classifier, rounds, out);

		String text = Corpus.mixedText(seed, mb * 1_000_000);
		List<String> chunks = chunks(text, 256 * 1024);
		long bytes = text.getBytes(StandardCharsets.UTF_8).length;
		// warm-up: JIT compiles the inspector and the baseline
		for (int i = 0; i < 3; i++) {
			inspect(inspector, chunks, ALL_TYPES);
			baseline(chunks);
		}
		double[] cpu = new double[rounds];
		double[] wall = new double[rounds];
		double[] baselineCpu = new double[rounds];
		double[] baselineWall = new double[rounds];
		long fingerprint = 0;
		int findings = 0;
		for (int i = 0; i < rounds; i++) {
			long c0 = THREADS.getCurrentThreadCpuTime();
			long t0 = System.nanoTime();
			Result result = inspect(inspector, chunks, ALL_TYPES);
			wall[i] = (System.nanoTime() - t0) / 1e9;
			cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
			findings = result.findings;
			fingerprint = result.fingerprint;
			c0 = THREADS.getCurrentThreadCpuTime();
			t0 = System.nanoTime();
			baseline(chunks);
			baselineWall[i] = (System.nanoTime() - t0) / 1e9;
			baselineCpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
		}
		double mbs = bytes / 1e6;
		double perCore = mbs / min(cpu);
		double limit = mbs / min(baselineCpu);
		out.printf(Locale.ROOT, "%n== inspect throughput, one thread, %.2f MB of mixed text (UTF-8), %d chunks of 256 KiB, %d rounds ==%n",
				mbs, chunks.size(), rounds);
		out.printf(Locale.ROOT, "                            per CPU-second (best / median)   wall clock (best)%n");
		out.printf(Locale.ROOT, "inspect:                   %8.2f / %8.2f MB/s            %8.2f MB/s  (%,d findings)%n", perCore,
				mbs / median(cpu), mbs / min(wall), findings);
		out.printf(Locale.ROOT, "limit (tokenize + hash):   %8.2f / %8.2f MB/s            %8.2f MB/s%n", limit,
				mbs / median(baselineCpu), mbs / min(baselineWall));
		out.printf(Locale.ROOT, "ratio inspect/limit:       %8.3f%n", perCore / limit);
		out.printf(Locale.ROOT, "target (issue 5):          %8.2f MB/s per core: %s%n", TARGET_MB_PER_CPU_SECOND,
				perCore >= TARGET_MB_PER_CPU_SECOND ? "PASS" : "BELOW");
		out.printf(Locale.ROOT, "findings fingerprint:      %016x%n", fingerprint);
		out.printf(Locale.ROOT, "CPU share of wall clock:   %8.2f (below 1: the thread waited for a core)%n",
				sum(cpu) / sum(wall));
		if (perType) {
			perType(inspector, chunks, mbs, out);
		}
		String loadAtEnd = Machine.load();
		out.printf(Locale.ROOT, "%nload average (1/5/15 min): start %s, end %s%n", loadAtStart, loadAtEnd);
		if (outFile != null) {
			write(outFile, args, startedAt, loadAtStart, loadAtEnd, report);
		}
	}

	/** CPU time of inspect finding one type only: what each detector costs on top of cutting the text. */
	private static void perType(TextInspector inspector, List<String> chunks, double mbs, PrintStream out) {
		out.printf(Locale.ROOT, "%n== inspect restricted to one type (CPU-seconds per MB, best of 3) ==%n");
		for (DetectedType type : DetectedType.values()) {
			Set<DetectedType> only = EnumSet.of(type);
			inspect(inspector, chunks, only);
			double best = Double.MAX_VALUE;
			for (int i = 0; i < 3; i++) {
				long c0 = THREADS.getCurrentThreadCpuTime();
				inspect(inspector, chunks, only);
				best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
			}
			out.printf(Locale.ROOT, "%-20s %8.4f s/MB%n", type.apiName(), best / mbs);
		}
	}

	private static void write(Path file, String[] args, String startedAt, String loadAtStart, String loadAtEnd,
			ByteArrayOutputStream report) throws IOException {
		String header = "# ClassifyBench: classifier accuracy and inspect throughput\n\n"
				+ "Written by `ClassifyBench --out` (see `bench/README.md`). Throughput is per CPU-second of the inspecting "
				+ "thread; the wall-clock figure next to it depends on the machine's load.\n\n"
				+ "| | |\n| --- | --- |\n"
				+ "| Date | " + startedAt + " |\n"
				+ "| Arguments | `" + String.join(" ", args) + "` |\n"
				+ "| CPU | " + Machine.cpu() + " |\n"
				+ "| Cores | " + Machine.processors() + " (this JVM uses " + Machine.cores() + ") |\n"
				+ "| OS | " + Machine.os() + " |\n"
				+ "| JDK | " + Machine.jdk() + " |\n"
				+ "| JVM flags | `" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + "` |\n"
				+ "| Load average (1/5/15 min) | start " + loadAtStart + ", end " + loadAtEnd + " |\n\n"
				+ "```\n";
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(file, header + report.toString(StandardCharsets.UTF_8) + "```\n");
	}

	private static void columnThroughput(Corpus corpus, ColumnClassifier classifier, int rounds, PrintStream out) {
		List<ColumnSample> samples = new ArrayList<>();
		for (LabeledTable table : corpus.tables()) {
			for (LabeledColumn column : table.columns()) {
				samples.add(ColumnSample.of("public", table.name(), column.name(), column.sqlType(), column.nonNullValues(),
						column.nullCount()));
			}
		}
		columnThroughput("column classification, labeled corpus", samples, classifier, rounds, out);
		columnThroughput("column classification, classify-200-tables.sh schema", schema200(), classifier, rounds, out);
	}

	/**
	 * The columns bench/classification/classify-200-tables.sh creates (200 tables, 8 columns), 1,000 values each
	 * drawn with its formulas from rows 1 to 5,000: what the server classifies in that benchmark, without the
	 * database and the job around it.
	 */
	static List<ColumnSample> schema200() {
		String[] names = { "id", "email", "phone", "ssn", "card", "notes", "amount", "created_on" };
		String[] types = { "int4", "text", "text", "text", "text", "text", "numeric", "date" };
		String[] cards = { "4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005" };
		java.util.Random random = new java.util.Random(200);
		java.time.LocalDate day = java.time.LocalDate.of(2024, 1, 1);
		List<ColumnSample> samples = new ArrayList<>();
		for (int t = 1; t <= 200; t++) {
			List<List<String>> columns = new ArrayList<>();
			for (int c = 0; c < names.length; c++) {
				columns.add(new ArrayList<>());
			}
			for (int row = 0; row < 1000; row++) {
				int g = 1 + random.nextInt(5000);
				columns.get(0).add(Integer.toString(g));
				columns.get(1).add("user" + g + "@example.com");
				columns.get(2).add(String.format(Locale.ROOT, "+1 415 555 %04d", g % 10000));
				columns.get(3).add(String.format(Locale.ROOT, "%03d-%02d-%04d", 100 + g % 800, 10 + g % 89, 1000 + g % 9000));
				columns.get(4).add(cards[g % 3]);
				columns.get(5).add("order " + g + " shipped");
				columns.get(6).add(new java.math.BigDecimal(g).multiply(new java.math.BigDecimal("0.07")).toPlainString());
				columns.get(7).add(day.plusDays(g % 365).toString());
			}
			for (int c = 0; c < names.length; c++) {
				samples.add(ColumnSample.of("bench", "t" + t, names[c], types[c], columns.get(c), 0));
			}
		}
		return samples;
	}

	private static void columnThroughput(String what, List<ColumnSample> samples, ColumnClassifier classifier, int rounds,
			PrintStream out) {
		long values = samples.stream().mapToLong(sample -> sample.values().size()).sum();
		long fingerprint = 17;
		for (ColumnSample sample : samples) {
			fingerprint = fingerprint * 1_000_003 + classifier.classify(sample).toString().hashCode();
		}
		samples.forEach(classifier::classify);
		double best = Double.MAX_VALUE;
		for (int i = 0; i < rounds; i++) {
			long c0 = THREADS.getCurrentThreadCpuTime();
			samples.forEach(classifier::classify);
			best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
		}
		out.printf(Locale.ROOT, "%s: %,d columns (%,d sampled values) in %.3f CPU-s (best of %d), %,.0f values per CPU-second, one thread%n",
				what, samples.size(), values, best, rounds, values / best);
		out.printf(Locale.ROOT, "  verdicts fingerprint: %016x%n", fingerprint);
	}

	private static List<String> chunks(String text, int size) {
		List<String> chunks = new ArrayList<>();
		int from = 0;
		while (from < text.length()) {
			int to = Math.min(text.length(), from + size);
			while (to < text.length() && !Character.isWhitespace(text.charAt(to))) {
				to++;
			}
			chunks.add(text.substring(from, to));
			from = to;
		}
		return chunks;
	}

	private record Result(int findings, long fingerprint) {
	}

	private static Result inspect(TextInspector inspector, List<String> chunks, Set<DetectedType> types) {
		int findings = 0;
		long fingerprint = 17;
		for (String chunk : chunks) {
			List<Finding> found = inspector.inspect(chunk, types, TextInspector.DEFAULT_MIN_SCORE);
			findings += found.size();
			for (Finding finding : found) {
				fingerprint = fingerprint * 1_000_003 + finding.type().ordinal();
				fingerprint = fingerprint * 1_000_003 + finding.start();
				fingerprint = fingerprint * 1_000_003 + finding.end();
				fingerprint = fingerprint * 1_000_003 + Double.hashCode(finding.score());
			}
			fingerprint = fingerprint * 1_000_003 + found.size();
		}
		return new Result(findings, fingerprint);
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElseThrow();
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static double sum(double[] values) {
		return Arrays.stream(values).sum();
	}

	/** Cuts each chunk into whitespace-separated tokens and hashes each token: the least a tokenizing scanner does. */
	static long baseline(List<String> chunks) {
		long sum = 0;
		for (String chunk : chunks) {
			int n = chunk.length();
			int hash = 0;
			for (int i = 0; i < n; i++) {
				char c = chunk.charAt(i);
				if (Character.isWhitespace(c)) {
					sum += hash;
					hash = 0;
				}
				else {
					hash = 31 * hash + Character.toLowerCase(c);
				}
			}
			sum += hash;
		}
		return sum;
	}

	/** Writes to the console and keeps a copy for {@code --out}. */
	private static final class Tee extends OutputStream {

		private final OutputStream first;

		private final OutputStream second;

		Tee(OutputStream first, OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public void write(int b) throws IOException {
			this.first.write(b);
			this.second.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.first.write(b, off, len);
			this.second.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			this.first.flush();
			this.second.flush();
		}
	}
}
