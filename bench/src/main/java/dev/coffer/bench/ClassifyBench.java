package dev.coffer.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.coffer.classification.Classifiers;
import dev.coffer.classification.ColumnClassifier;
import dev.coffer.classification.ColumnSample;
import dev.coffer.classification.Finding;
import dev.coffer.classification.TextInspector;
import dev.coffer.classification.eval.Corpus;
import dev.coffer.classification.eval.Evaluation;
import dev.coffer.classification.eval.LabeledColumn;
import dev.coffer.classification.eval.LabeledTable;

/**
 * Accuracy and speed of the classifiers, in process on the server's classes. Prints the evaluation
 * of the full labeled corpus (per type precision, recall and F1 of column verdicts, macro F1, decoy
 * false-positive rate, span scores of inspect), then the single-thread throughput of
 * {@link TextInspector} on a few MB of mixed text, next to the limit of the same machine in the same
 * run: one pass over the same text that only cuts it into whitespace-separated tokens and hashes
 * each (the least any tokenizing inspector does).
 *
 * <p>Options: {@code --quick} (the small corpus and 1 MB of text), {@code --mb N} (text size, default
 * 4), {@code --seed S} (default 42), {@code --rounds N} (timed passes, default 5), {@code --mistakes}
 * (list the wrong column verdicts by column name and evidence).
 */
public final class ClassifyBench {

	private ClassifyBench() {
	}

	public static void main(String[] args) {
		boolean quick = false;
		boolean mistakes = false;
		int mb = 4;
		long seed = 42;
		int rounds = 5;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> quick = true;
				case "--mistakes" -> mistakes = true;
				case "--mb" -> mb = Integer.parseInt(args[++i]);
				case "--seed" -> seed = Long.parseLong(args[++i]);
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (quick) {
			mb = 1;
		}
		ColumnClassifier classifier = Classifiers.columnClassifier();
		TextInspector inspector = Classifiers.textInspector();

		long start = System.nanoTime();
		Corpus corpus = quick ? Corpus.small() : Corpus.generate(seed, 3, 200, 1000);
		System.out.printf(Locale.ROOT, "corpus: %s, seed %d, generated in %.1f s%n%n", corpus, seed,
				(System.nanoTime() - start) / 1e9);
		start = System.nanoTime();
		Evaluation evaluation = Evaluation.run(corpus, classifier, inspector);
		double evalSeconds = (System.nanoTime() - start) / 1e9;
		evaluation.print(System.out);
		if (mistakes) {
			evaluation.mistakes().forEach(System.out::println);
			evaluation.spanMistakes().forEach(System.out::println);
		}
		System.out.printf(Locale.ROOT, "evaluation took %.1f s%n", evalSeconds);
		columnThroughput(corpus, classifier);

		String text = Corpus.mixedText(seed, mb * 1_000_000);
		List<String> chunks = chunks(text, 256 * 1024);
		long bytes = text.getBytes(StandardCharsets.UTF_8).length;
		// warm-up: JIT compiles the inspector and the baseline
		for (int i = 0; i < 3; i++) {
			inspect(inspector, chunks);
			baseline(chunks);
		}
		double best = Double.MAX_VALUE;
		double bestBaseline = Double.MAX_VALUE;
		int findings = 0;
		for (int i = 0; i < rounds; i++) {
			long t0 = System.nanoTime();
			findings = inspect(inspector, chunks);
			best = Math.min(best, (System.nanoTime() - t0) / 1e9);
			long t1 = System.nanoTime();
			baseline(chunks);
			bestBaseline = Math.min(bestBaseline, (System.nanoTime() - t1) / 1e9);
		}
		double mbps = bytes / 1e6 / best;
		double limit = bytes / 1e6 / bestBaseline;
		System.out.printf(Locale.ROOT, "%n== inspect throughput, one thread, %.2f MB of mixed text (UTF-8), %d chunks of 256 KiB, best of %d ==%n",
				bytes / 1e6, chunks.size(), rounds);
		System.out.printf(Locale.ROOT, "inspect:                   %8.2f MB/s  (%,d findings)%n", mbps, findings);
		System.out.printf(Locale.ROOT, "limit (tokenize + hash):   %8.2f MB/s%n", limit);
		System.out.printf(Locale.ROOT, "ratio inspect/limit:       %8.3f%n", mbps / limit);
	}

	private static void columnThroughput(Corpus corpus, ColumnClassifier classifier) {
		List<ColumnSample> samples = new ArrayList<>();
		long values = 0;
		for (LabeledTable table : corpus.tables()) {
			for (LabeledColumn column : table.columns()) {
				samples.add(ColumnSample.of("public", table.name(), column.name(), column.sqlType(), column.nonNullValues(),
						column.nullCount()));
				values += column.nonNullValues().size();
			}
		}
		for (int i = 0; i < 3; i++) {
			samples.forEach(classifier::classify);
		}
		long t0 = System.nanoTime();
		samples.forEach(classifier::classify);
		double seconds = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT, "column classification: %,d columns (%,d sampled values) in %.3f s, %,.0f values/s, one thread%n",
				samples.size(), values, seconds, values / seconds);
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

	private static int inspect(TextInspector inspector, List<String> chunks) {
		int findings = 0;
		for (String chunk : chunks) {
			List<Finding> found = inspector.inspect(chunk);
			findings += found.size();
		}
		return findings;
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
}
