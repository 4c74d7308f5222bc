package dev.coffer.classification.eval;

import java.util.List;

import dev.coffer.classification.DetectedType;

/** A generated free text with the true spans of its sensitive values (UTF-16 offsets, end exclusive). */
public final class LabeledText {

	private final String text;

	private final List<Span> spans;

	LabeledText(String text, List<Span> spans) {
		this.text = text;
		this.spans = List.copyOf(spans);
	}

	public String text() {
		return this.text;
	}

	public List<Span> spans() {
		return this.spans;
	}

	@Override
	public String toString() {
		return "LabeledText[" + this.text.length() + " chars, " + this.spans.size() + " spans]";
	}

	/** A labeled span. */
	public record Span(DetectedType type, int start, int end) {
	}
}
