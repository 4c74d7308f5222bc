package dev.coffer.classification;

/**
 * A span of free text that the {@link TextInspector} found to hold a sensitive value. Holds the
 * offsets only, never the text: {@code start} inclusive, {@code end} exclusive, both in UTF-16
 * code units (Java and JavaScript string indexes).
 *
 * @param score 0..1, higher is more certain
 */
public record Finding(DetectedType type, int start, int end, double score) {
}
