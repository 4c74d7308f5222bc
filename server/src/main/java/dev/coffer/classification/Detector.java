package dev.coffer.classification;

import java.util.Set;

/**
 * Recognises one {@link DetectedType} in a whole value: a database cell, or a candidate span of
 * free text that the {@link TextInspector} cut out. A detector is stateless and thread-safe; a new
 * one plugs in by being listed in {@link Detectors}.
 */
interface Detector {

	DetectedType type();

	/**
	 * Checks {@code value} as a whole (anchored: no part of it may be left over). The value is
	 * trimmed and not empty.
	 */
	Match check(String value);

	/**
	 * Whether {@link #check} is worth calling on a candidate with this character profile; a cheap
	 * filter that must accept every value {@link #check} could accept.
	 */
	boolean accepts(Shape shape);

	/** The validator applied beyond the pattern, for evidence (e.g. {@code checksum:luhn}), or null. */
	default String validator() {
		return null;
	}

	/** Whole words of a column name that say the column holds this type (e.g. {@code email}). */
	Set<String> nameWords();

	/**
	 * Words of a column name that may follow a {@link #nameWords() name word} and keep its meaning,
	 * beyond {@link ColumnName#GENERIC_SUFFIXES} (e.g. {@code address} after {@code email}).
	 */
	default Set<String> nameSuffixes() {
		return Set.of();
	}

	/**
	 * Words that cancel a name word when they come right before it ({@code file} in
	 * {@code file_name}, {@code email} in {@code email_address} for street addresses).
	 */
	default Set<String> nameBlockers() {
		return Set.of();
	}

	/** Whole words near a span of free text that make this type more likely. */
	Set<String> contextWords();

	/** Whole words near a span of free text that say it is something else ({@code version} before {@code 1.2.3.4}). */
	default Set<String> negativeContextWords() {
		return Set.of();
	}

	/** How many tokens before a weak match its context word may be (after: {@link TextInspector#CONTEXT_AFTER}). */
	default int weakContextBefore() {
		return TextInspector.CONTEXT_BEFORE;
	}

	/** Score of a strong match in free text without context words. */
	double baseScore();

	/** Score of a match in free text with a context word near it (a weak match needs one). */
	default double contextScore() {
		return Math.min(1.0, baseScore() + 0.3);
	}

	/** The most whitespace-separated tokens a match can span in free text (1 for single tokens). */
	default int maxTokens() {
		return 1;
	}
}
