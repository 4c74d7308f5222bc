package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableRef;
import dev.coffer.classification.ColumnClassifier;
import dev.coffer.classification.ColumnSample;
import dev.coffer.classification.ColumnVerdict;

/**
 * Samples one table with a single query and classifies each of its columns. Sampled values are
 * read as text, live only in this method's lists and are never stored, logged or returned.
 */
final class TableScanner {

	private final Dialect dialect;

	private final ColumnClassifier classifier;

	private final int sampleSize;

	private final int queryTimeoutSeconds;

	TableScanner(Dialect dialect, ColumnClassifier classifier, int sampleSize, int queryTimeoutSeconds) {
		this.dialect = dialect;
		this.classifier = classifier;
		this.sampleSize = sampleSize;
		this.queryTimeoutSeconds = queryTimeoutSeconds;
	}

	/** A column's verdict and how many sampled rows were NULL in it. */
	record Classified(ColumnInfo column, ColumnVerdict verdict, int nullCount) {
	}

	/** Thrown when the classifier fails on a column: the table is reported, the job goes on. */
	static final class ClassifierFailed extends RuntimeException {

		ClassifierFailed(Throwable cause) {
			super("classifier failed", cause, false, false);
		}
	}

	/**
	 * @param running receives the statement while it runs, so that a cancellation can stop it
	 * @throws SQLException if the database refuses the sampling query
	 */
	List<Classified> scan(Connection connection, TableRef table, List<ColumnInfo> columns,
			AtomicReference<Statement> running) throws SQLException {
		List<ColumnInfo> sampled = columns.stream().filter(column -> !column.binary()).toList();
		List<List<String>> values = new ArrayList<>();
		int[] nulls = new int[sampled.size()];
		for (int i = 0; i < sampled.size(); i++) {
			values.add(new ArrayList<>());
		}
		if (!sampled.isEmpty()) {
			long estimate = estimate(connection, table);
			int rows = sample(connection, this.dialect.sampleSql(table, sampled, estimate, this.sampleSize), values, nulls,
					running);
			if (estimate > this.sampleSize && rows < Math.min(this.sampleSize, estimate) / 10) {
				// a stale estimate made the sample far too small: read the first rows instead
				values.forEach(List::clear);
				java.util.Arrays.fill(nulls, 0);
				sample(connection, this.dialect.firstRowsSql(table, sampled, this.sampleSize), values, nulls, running);
			}
		}
		List<Classified> results = new ArrayList<>();
		for (ColumnInfo column : columns) {
			int index = sampled.indexOf(column);
			List<String> columnValues = index < 0 ? List.of() : values.get(index);
			int nullCount = index < 0 ? 0 : nulls[index];
			ColumnVerdict verdict;
			try {
				verdict = this.classifier.classify(
						ColumnSample.of(table.schema(), table.table(), column.name(), column.dataType(), columnValues, nullCount));
			}
			catch (RuntimeException ex) {
				throw new ClassifierFailed(ex);
			}
			if (index >= 0) {
				values.set(index, List.of()); // let the values go as soon as they are classified
			}
			results.add(new Classified(column, verdict, nullCount));
		}
		return results;
	}

	private long estimate(Connection connection, TableRef table) {
		try {
			return this.dialect.rowEstimate(connection, table);
		}
		catch (SQLException ex) {
			rollback(connection);
			return -1;
		}
	}

	private int sample(Connection connection, String sql, List<List<String>> values, int[] nulls,
			AtomicReference<Statement> running) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(this.queryTimeoutSeconds);
			statement.setFetchSize(Math.min(this.sampleSize, 1000));
			statement.setMaxRows(this.sampleSize);
			running.set(statement);
			int rows = 0;
			try (ResultSet rs = statement.executeQuery(sql)) {
				while (rs.next() && rows < this.sampleSize) {
					rows++;
					for (int i = 0; i < values.size(); i++) {
						String value = rs.getString(i + 1);
						if (value == null) {
							nulls[i]++;
						}
						else {
							values.get(i).add(value);
						}
					}
				}
			}
			return rows;
		}
		finally {
			running.set(null);
		}
	}

	static void rollback(Connection connection) {
		try {
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			// the next query reports a broken connection
		}
	}
}
