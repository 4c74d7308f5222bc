package dev.coffer.classification;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.coffer.classification.eval.Corpus;
import dev.coffer.classification.eval.Evaluation;

import static org.assertj.core.api.Assertions.assertThat;

/** The accuracy targets of the classifiers on the small labeled corpus (the full one runs from bench/). */
class ClassificationEvaluationTest {

	@Test
	void columnMacroF1ReachesTheTargetAndDecoysStayUnclassified() {
		Corpus corpus = Corpus.small();
		Evaluation evaluation = Evaluation.run(corpus, Classifiers.columnClassifier(), Classifiers.textInspector());
		ByteArrayOutputStream report = new ByteArrayOutputStream();
		evaluation.print(new PrintStream(report, true, StandardCharsets.UTF_8));
		String printed = report.toString(StandardCharsets.UTF_8) + "\n" + String.join("\n", evaluation.mistakes()) + "\n"
				+ String.join("\n", evaluation.spanMistakes());
		System.out.println(printed);

		assertThat(evaluation.typesNeverFound()).as(printed).isEmpty();
		assertThat(evaluation.columnMacroF1()).as(printed).isGreaterThanOrEqualTo(0.95);
		assertThat(evaluation.decoyColumns()).isGreaterThanOrEqualTo(40);
		assertThat(evaluation.decoyFalsePositiveRate()).as(printed).isLessThanOrEqualTo(0.02);
	}
}
