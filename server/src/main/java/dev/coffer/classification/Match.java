package dev.coffer.classification;

/** How well a value fits a detector. */
enum Match {

	/** Not this type. */
	NONE,

	/**
	 * Fits the pattern, and the validator where there is one, but the pattern alone is common in
	 * data that is not sensitive (a five-digit postal code, a date, a single first name): it counts
	 * only with a column name (columns) or a context word (free text) that says so.
	 */
	WEAK,

	/** Fits the pattern and the validator: enough on its own. */
	STRONG;

	boolean matched() {
		return this != NONE;
	}
}
