package dev.coffer.classification;

/**
 * Decides the sensitive type of a database column from its name, data type and sampled values.
 * Implementations are thread-safe: the catalog calls one from several table scans at once.
 */
public interface ColumnClassifier {

	ColumnVerdict classify(ColumnSample sample);
}
