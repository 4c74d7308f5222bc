package dev.coffer.classification;

/**
 * The built-in classifiers, for code outside Spring (the evaluation, benchmarks). Inside the
 * server, inject {@link ColumnClassifier} and {@link TextInspector}.
 */
public final class Classifiers {

	private Classifiers() {
	}

	/** The detector-based column classifier (the server's {@link ColumnClassifier} bean). */
	public static ColumnClassifier columnClassifier() {
		return new DetectorColumnClassifier();
	}

	public static TextInspector textInspector() {
		return new TextInspector();
	}
}
