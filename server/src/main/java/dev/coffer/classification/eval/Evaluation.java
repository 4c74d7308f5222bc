package dev.coffer.classification.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.coffer.classification.ColumnClassifier;
import dev.coffer.classification.ColumnSample;
import dev.coffer.classification.ColumnVerdict;
import dev.coffer.classification.DetectedType;
import dev.coffer.classification.Finding;
import dev.coffer.classification.TextInspector;

/**
 * Scores the classifiers on a labeled {@link Corpus}: per type precision, recall and F1 of column
 * verdicts (a column counts for its true type; a wrong verdict is a false positive of the type
 * given), the macro F1 over the types present, the share of decoy columns classified as anything,
 * and the same scores for the spans {@link TextInspector} finds in the labeled texts (a finding
 * counts only with the exact type, start and end). Never prints a value.
 */
public final class Evaluation {

	private final Map<DetectedType, Counts> columns = new EnumMap<>(DetectedType.class);

	private final Map<DetectedType, Counts> spans = new EnumMap<>(DetectedType.class);

	private final List<String> mistakes = new ArrayList<>();

	private final List<String> spanMistakes = new ArrayList<>();

	private int decoys;

	private int decoysClassified;

	private int columnCount;

	private int textChars;

	private Evaluation() {
	}

	public static Evaluation run(Corpus corpus, ColumnClassifier classifier, TextInspector inspector) {
		Evaluation evaluation = new Evaluation();
		for (LabeledTable table : corpus.tables()) {
			for (LabeledColumn column : table.columns()) {
				ColumnVerdict verdict = classifier.classify(ColumnSample.of("public", table.name(), column.name(),
						column.sqlType(), column.nonNullValues(), column.nullCount()));
				evaluation.scoreColumn(table, column, verdict);
			}
		}
		for (LabeledText text : corpus.texts()) {
			evaluation.scoreText(text, inspector.inspect(text.text()));
		}
		return evaluation;
	}

	private void scoreColumn(LabeledTable table, LabeledColumn column, ColumnVerdict verdict) {
		this.columnCount++;
		DetectedType truth = column.label();
		DetectedType given = verdict.type();
		if (truth != null) {
			counts(this.columns, truth).support++;
		}
		if (column.decoy()) {
			this.decoys++;
			if (given != null) {
				this.decoysClassified++;
			}
		}
		if (truth == given) {
			if (truth != null) {
				counts(this.columns, truth).truePositives++;
			}
			return;
		}
		if (truth != null) {
			counts(this.columns, truth).falseNegatives++;
		}
		if (given != null) {
			counts(this.columns, given).falsePositives++;
		}
		this.mistakes.add(String.format(Locale.ROOT, "%s.%s %s: expected %s, got %s (confidence %.2f, match rate %.2f, %s)",
				table.name(), column.name(), column.sqlType(), truth == null ? (column.decoy() ? "none (decoy)" : "none")
						: truth.apiName(), given == null ? "none" : given.apiName(), verdict.confidence(), verdict.matchRate(),
				String.join(" ", verdict.evidence())));
	}

	private void scoreText(LabeledText text, List<Finding> findings) {
		this.textChars += text.text().length();
		Set<LabeledText.Span> expected = new HashSet<>(text.spans());
		for (LabeledText.Span span : text.spans()) {
			counts(this.spans, span.type()).support++;
		}
		Set<LabeledText.Span> found = new HashSet<>();
		for (Finding finding : findings) {
			LabeledText.Span span = new LabeledText.Span(finding.type(), finding.start(), finding.end());
			if (expected.contains(span)) {
				counts(this.spans, span.type()).truePositives++;
				found.add(span);
			}
			else {
				counts(this.spans, span.type()).falsePositives++;
				this.spanMistakes.add("extra " + finding.type().apiName() + " " + shape(text.text(), finding.start(), finding.end()));
			}
		}
		for (LabeledText.Span span : text.spans()) {
			if (!found.contains(span)) {
				counts(this.spans, span.type()).falseNegatives++;
				this.spanMistakes.add("missed " + span.type().apiName() + " " + shape(text.text(), span.start(), span.end()));
			}
		}
	}

	/** The character classes of a span ({@code 9} digit, {@code A} upper, {@code a} lower), never its characters. */
	static String shape(String text, int start, int end) {
		StringBuilder out = new StringBuilder("'");
		for (int i = start; i < end && i < start + 60; i++) {
			char c = text.charAt(i);
			out.append(Character.isDigit(c) ? '9' : Character.isUpperCase(c) ? 'A' : Character.isLowerCase(c) ? 'a' : c == '\n' ? '/' : c);
		}
		return out.append(end - start > 60 ? "...'" : "'").toString();
	}

	private static Counts counts(Map<DetectedType, Counts> map, DetectedType type) {
		return map.computeIfAbsent(type, t -> new Counts());
	}

	/** Mean F1 over the types that occur in the corpus's column labels. */
	public double columnMacroF1() {
		return macro(this.columns);
	}

	public double spanMacroF1() {
		return macro(this.spans);
	}

	/** Micro-averaged span F1 (every span weighs the same). */
	public double spanMicroF1() {
		Counts all = new Counts();
		this.spans.values().forEach(c -> {
			all.truePositives += c.truePositives;
			all.falsePositives += c.falsePositives;
			all.falseNegatives += c.falseNegatives;
		});
		return all.f1();
	}

	private static double macro(Map<DetectedType, Counts> map) {
		double sum = 0;
		int n = 0;
		for (Counts counts : map.values()) {
			if (counts.support > 0) {
				sum += counts.f1();
				n++;
			}
		}
		return n == 0 ? 0 : sum / n;
	}

	/** Share of decoy columns given any type. */
	public double decoyFalsePositiveRate() {
		return this.decoys == 0 ? 0 : (double) this.decoysClassified / this.decoys;
	}

	public int decoyColumns() {
		return this.decoys;
	}

	/** Labeled types without a single correct column verdict, for assertions. */
	public Set<DetectedType> typesNeverFound() {
		Set<DetectedType> missing = EnumSet.noneOf(DetectedType.class);
		this.columns.forEach((type, counts) -> {
			if (counts.support > 0 && counts.truePositives == 0) {
				missing.add(type);
			}
		});
		return missing;
	}

	/** Wrong column verdicts, by column name and evidence (no value). */
	public List<String> mistakes() {
		return List.copyOf(this.mistakes);
	}

	public List<String> spanMistakes() {
		return List.copyOf(this.spanMistakes);
	}

	public void print(PrintStream out) {
		out.printf(Locale.ROOT, "== columns: %d columns, %d decoys ==%n", this.columnCount, this.decoys);
		table(out, this.columns);
		out.printf(Locale.ROOT, "column macro F1: %.4f%n", columnMacroF1());
		out.printf(Locale.ROOT, "decoys classified as sensitive: %d of %d (%.2f%%)%n", this.decoysClassified, this.decoys,
				100 * decoyFalsePositiveRate());
		out.printf(Locale.ROOT, "%n== inspect spans (exact type, start and end): %,d characters of text ==%n", this.textChars);
		table(out, this.spans);
		out.printf(Locale.ROOT, "span macro F1: %.4f, micro F1: %.4f%n", spanMacroF1(), spanMicroF1());
	}

	private static void table(PrintStream out, Map<DetectedType, Counts> map) {
		out.printf(Locale.ROOT, "%-20s %8s %8s %8s %6s %6s %6s %6s%n", "type", "precision", "recall", "F1", "TP", "FP", "FN",
				"n");
		for (Map.Entry<DetectedType, Counts> entry : map.entrySet()) {
			Counts c = entry.getValue();
			out.printf(Locale.ROOT, "%-20s %8.3f %8.3f %8.3f %6d %6d %6d %6d%n", entry.getKey().apiName(), c.precision(),
					c.recall(), c.f1(), c.truePositives, c.falsePositives, c.falseNegatives, c.support);
		}
	}

	/** Confusion counts of one type. */
	private static final class Counts {

		int truePositives;

		int falsePositives;

		int falseNegatives;

		int support;

		double precision() {
			return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
		}

		double recall() {
			return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
		}

		double f1() {
			double p = precision();
			double r = recall();
			return p + r == 0 ? 0 : 2 * p * r / (p + r);
		}
	}
}
