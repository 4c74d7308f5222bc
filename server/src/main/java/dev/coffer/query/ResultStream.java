package dev.coffer.query;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.SafeLog;
import dev.coffer.policy.AccessDecision;
import dev.coffer.policy.AsciiTextMask;
import dev.coffer.policy.ValueMask;
import dev.coffer.policy.alerts.AccessMonitor;

/**
 * Writes a governed query's result as it is read, one batch of rows at a time (never the whole
 * result in memory; a reader thread fetches the next batch while this one is masked and written): {@code {"columns": [...], "policy_revision": n, "rows": [[...], ...],
 * "row_count": n, "truncated": bool, "blocked_by_alert": id?, "error": {code, message}?}}. Each
 * batch is masked column by column ({@link ValueMask#applyAll}), its protected values are counted
 * with the access monitor, and when that blocks the caller the batch and every later one carry
 * NULL in the protected columns. A failure after the first byte cannot change the status any more:
 * it ends the document with {@code error}.
 *
 * <p>Memory is bounded in bytes, not only rows: a batch ends at {@code batchSize} rows or a quarter
 * of {@code fetchBytes}, whichever comes first; the driver's fetch size follows the largest row
 * seen (starting at one row), so one fetch stays near a quarter of {@code fetchBytes} (PostgreSQL's
 * driver refuses a fetch above {@code fetchBytes}); a row larger than {@code fetchBytes} ends the
 * result. The rows written stop before the response would pass {@code maxResponseBytes}. Both end
 * it with {@code truncated: true} and the error {@code query_result_too_large}.
 */
final class ResultStream {

	private static final Logger log = LoggerFactory.getLogger(ResultStream.class);

	/**
	 * @param rows rows written ({@code -1} when unknown)
	 * @param error the code that cut the result short, or {@code null}
	 */
	record Outcome(long rows, boolean truncated, long protectedValues, String blockedBy, String error) {
	}

	/** Room kept for what follows the rows ({@code row_count}, {@code truncated}, {@code error}, ...). */
	static final int TRAILER_BYTES = 1024;

	private final JsonGenerator json;

	private final ResultSet rs;

	private final PreparedStatement statement;

	private final List<ResultColumn> columns;

	private final int maxRows;

	private final int batchSize;

	private final long deadline;

	private final LongFunction<AccessMonitor.Decision> record;

	private final long revision;

	private final long fetchBytes;

	private final long maxResponseBytes;

	private final LongSupplier flushed;

	private final OutputStream out;

	private String blockedBy;

	/**
	 * @param fetchBytes the most bytes of rows one fetch from the database may hold
	 * @param maxResponseBytes the most bytes the response may take
	 * @param out the response under {@code json}: the rows go there directly ({@link JsonRows})
	 * @param flushed the bytes handed to the response so far
	 */
	ResultStream(JsonGenerator json, ResultSet rs, PreparedStatement statement, List<ResultColumn> columns, int maxRows,
			int batchSize, long deadline, LongFunction<AccessMonitor.Decision> record, String blockedBy, long revision,
			long fetchBytes, long maxResponseBytes, OutputStream out, LongSupplier flushed) {
		this.out = out;
		this.fetchBytes = fetchBytes;
		this.maxResponseBytes = maxResponseBytes;
		this.flushed = flushed;
		this.json = json;
		this.rs = rs;
		this.statement = statement;
		this.columns = columns;
		this.maxRows = maxRows;
		this.batchSize = batchSize;
		this.deadline = deadline;
		this.record = record;
		this.blockedBy = blockedBy;
		this.revision = revision;
	}

	Outcome run() {
		this.json.writeStartObject();
		writeColumns();
		this.json.writeName("policy_revision");
		this.json.writeNumber(this.revision);
		this.json.writeName("rows");
		this.json.writeStartArray();
		// the rows bypass the generator: what it holds goes first, then JsonRows writes to the same stream
		this.json.flush();
		JsonRows writer = new JsonRows(this.out);
		long before = this.flushed.getAsLong();
		long rows = 0;
		long protectedValues = 0;
		boolean truncated = false;
		ApiException error = null;
		Reader reader = new Reader();
		boolean complete = false;
		Thread thread = new Thread(reader, "governed-query-reader");
		thread.setDaemon(true);
		thread.start();
		try {
			while (true) {
				Batch batch = reader.next(this.deadline);
				if (batch == null) {
					this.statement.cancel();
					error = new ApiException(ErrorCode.QUERY_TIMEOUT,
							"The query ran longer than datasources.query_timeout_seconds allows; the rows sent so far are complete");
					break;
				}
				if (batch.failure() != null) {
					throw batch.failure();
				}
				if (batch.rows() > 0) {
					protectedValues += mask(batch.values(), batch.rows());
					int written = writeRows(writer, before, batch.values(), batch.rows());
					rows += written;
					if (written < batch.rows()) {
						error = tooLarge("the response reached query.max_response_bytes");
						break;
					}
				}
				if (batch.refusal() != null) {
					error = batch.refusal();
					break;
				}
				if (batch.last()) {
					truncated = batch.truncated();
					complete = true;
					break;
				}
				if (System.nanoTime() > this.deadline) {
					this.statement.cancel();
					error = new ApiException(ErrorCode.QUERY_TIMEOUT,
							"The query ran longer than datasources.query_timeout_seconds allows; the rows sent so far are complete");
					break;
				}
			}
		}
		catch (SQLException ex) {
			error = QueryErrors.of(ex);
		}
		catch (JacksonException | UncheckedIOException ex) {
			// the client went away: GovernedQuery ends the request
			throw ex;
		}
		catch (RuntimeException ex) {
			log.error("Governed query failed while streaming: {}", SafeLog.describe(ex));
			error = new ApiException(ErrorCode.INTERNAL_ERROR, "The server failed while sending the rows; quote the request_id");
		}
		finally {
			reader.stop(thread, this.statement, complete);
		}
		if (error != null && error.code() == ErrorCode.QUERY_RESULT_TOO_LARGE) {
			truncated = true;
		}
		writer.flush();
		this.json.writeEndArray();
		this.json.writeName("row_count");
		this.json.writeNumber(rows);
		this.json.writeName("truncated");
		this.json.writeBoolean(truncated);
		if (this.blockedBy != null) {
			this.json.writeName("blocked_by_alert");
			this.json.writeString(this.blockedBy);
		}
		if (error != null) {
			this.json.writeName("error");
			this.json.writeStartObject();
			this.json.writeName("code");
			this.json.writeString(error.code().code());
			this.json.writeName("message");
			this.json.writeString(error.getMessage());
			if (error instanceof QueryErrors.Failed failed && failed.sqlState() != null) {
				this.json.writeName("sqlstate");
				this.json.writeString(failed.sqlState());
			}
			this.json.writeEndObject();
		}
		this.json.writeEndObject();
		return new Outcome(rows, truncated, protectedValues, this.blockedBy, error == null ? null : error.code().code());
	}

	private static ApiException tooLarge(String what) {
		return new ApiException(ErrorCode.QUERY_RESULT_TOO_LARGE, "The result is too large: " + what
				+ "; the rows sent so far are complete");
	}

	/**
	 * One batch handed from the reader to the writer: up to {@code batchSize} rows, or the end
	 * ({@code last}, with whether rows were left unread), or the reader's failure, or the rows
	 * before a row too large to read ({@code refusal}).
	 */
	private record Batch(Object[][] values, int rows, boolean last, boolean truncated, SQLException failure,
			ApiException refusal) {

		Batch(Object[][] values, int rows, boolean last, boolean truncated, SQLException failure) {
			this(values, rows, last, truncated, failure, null);
		}
	}

	/** About how many bytes a value takes, read or written as JSON (text as its characters, binary as base64). */
	static long size(Object value) {
		if (value == null) {
			return 4;
		}
		if (value instanceof String text) {
			return text.length() + 3L;
		}
		if (value instanceof ResultColumn.Utf8Text text) {
			return text.ascii().length + 3L;
		}
		if (value instanceof byte[] bytes) {
			return (bytes.length + 2L) / 3 * 4 + 3;
		}
		if (value instanceof ResultColumn.NumberText number) {
			return number.ascii().length + 1L;
		}
		return 32;
	}

	/**
	 * Reads the result set on a thread of its own, one batch ahead of the writer (which masks and
	 * writes the previous one meanwhile): at most three batches exist at a time.
	 */
	private final class Reader implements Runnable {

		private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);

		private volatile boolean stopped;

		/** The fetch size the statement started with: one row, until the size of rows is known. */
		private int fetchSize = 1;

		private long largestRow;

		@Override
		public void run() {
			int width = ResultStream.this.columns.size();
			long budget = Math.max(16 * 1024, ResultStream.this.fetchBytes / 4);
			long read = 0;
			try {
				while (!this.stopped) {
					Object[][] values = new Object[ResultStream.this.batchSize][];
					int n = 0;
					long bytes = 0;
					boolean more = true;
					while (n < values.length && bytes < budget && read + n < ResultStream.this.maxRows
							&& (more = ResultStream.this.rs.next())) {
						Object[] row = new Object[width];
						long rowBytes = 2 + width;
						for (int i = 0; i < width; i++) {
							row[i] = ResultStream.this.columns.get(i).read(ResultStream.this.rs, i + 1);
							rowBytes += size(row[i]);
						}
						if (rowBytes > ResultStream.this.fetchBytes) {
							// the driver read it whole (MariaDB's has no limit); nothing after it is read
							put(new Batch(values, n, true, true, null, tooLarge("one row is larger than "
									+ ResultStream.this.fetchBytes + " bytes")));
							return;
						}
						values[n++] = row;
						bytes += rowBytes;
						if (rowBytes > this.largestRow) {
							this.largestRow = rowBytes;
							adaptFetchSize(budget);
						}
					}
					read += n;
					if (!more) {
						put(new Batch(values, n, true, false, null));
						return;
					}
					if (read >= ResultStream.this.maxRows) {
						put(new Batch(values, n, true, ResultStream.this.rs.next(), null));
						return;
					}
					put(new Batch(values, n, false, false, null));
				}
			}
			catch (SQLException ex) {
				put(new Batch(null, 0, true, false, ex));
			}
			catch (RuntimeException ex) {
				put(new Batch(null, 0, true, false, new SQLException("reading the result failed", ex)));
			}
		}

		/** Fetches as many rows at a time as fit the budget at the largest row seen, at least one, at most {@code batchSize}. */
		private void adaptFetchSize(long budget) throws SQLException {
			int wanted = (int) Math.max(1, Math.min(ResultStream.this.batchSize, budget / this.largestRow));
			if (wanted != this.fetchSize) {
				ResultStream.this.rs.setFetchSize(wanted);
				this.fetchSize = wanted;
			}
		}

		private void put(Batch batch) {
			try {
				while (!this.stopped && !this.queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
					// the writer is busy: wait, unless it stopped
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** The next batch, or {@code null} when the deadline passed first. */
		Batch next(long deadline) {
			try {
				long wait = deadline - System.nanoTime();
				return wait <= 0 ? this.queue.poll() : this.queue.poll(wait, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while streaming");
			}
		}

		/** Stops the reader (cancelling the statement unless it read to the end) and waits for it. */
		void stop(Thread thread, PreparedStatement statement, boolean complete) {
			this.stopped = true;
			this.queue.clear();
			if (!complete) {
				try {
					statement.cancel();
				}
				catch (SQLException ex) {
					// it is closed next anyway
				}
			}
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Masks one batch in place; counts the protected values it reveals and NULLs them if that blocks the caller. */
	private long mask(Object[][] batch, int n) {
		for (int c = 0; c < this.columns.size(); c++) {
			ValueMask mask = this.columns.get(c).mask();
			if (mask instanceof AsciiTextMask ascii) {
				// text read as bytes: ASCII masked in place (the bytes are this row's own, read once from the
				// driver), anything else (decoded text, NULL) as it always is
				for (int r = 0; r < n; r++) {
					Object value = batch[r][c];
					if (value instanceof ResultColumn.Utf8Text text) {
						ascii.maskAsciiInPlace(text.ascii());
					}
					else {
						batch[r][c] = mask.apply(value);
					}
				}
			}
			else if (mask != null) {
				List<Object> values = new ArrayList<>(n);
				for (int r = 0; r < n; r++) {
					values.add(batch[r][c]);
				}
				List<Object> masked = mask.applyAll(values);
				for (int r = 0; r < n; r++) {
					batch[r][c] = masked.get(r);
				}
			}
		}
		long count = 0;
		for (int c = 0; c < this.columns.size(); c++) {
			if (this.columns.get(c).countsAsProtected()) {
				for (int r = 0; r < n; r++) {
					if (batch[r][c] != null) {
						count++;
					}
				}
			}
		}
		if (count > 0) {
			AccessMonitor.Decision decision = this.record.apply(count);
			if (decision.blocked()) {
				if (this.blockedBy == null) {
					this.blockedBy = decision.alertId();
				}
				for (int c = 0; c < this.columns.size(); c++) {
					ResultColumn column = this.columns.get(c);
					if (column.origin.protectedSource()) {
						column.block();
						for (int r = 0; r < n; r++) {
							batch[r][c] = null;
						}
					}
				}
			}
		}
		return count;
	}

	private void writeColumns() {
		this.json.writeName("columns");
		this.json.writeStartArray();
		for (ResultColumn column : this.columns) {
			AccessDecision decision = column.decision();
			this.json.writeStartObject();
			this.json.writeName("name");
			this.json.writeString(column.name);
			this.json.writeName("type");
			this.json.writeString(column.type);
			this.json.writeName("disposition");
			this.json.writeString(decision == null ? "clear" : decision.disposition());
			this.json.writeName("masking_type");
			this.json.writeString(decision == null ? "no_mask" : decision.maskingType().value());
			this.json.writeName("reason");
			this.json.writeString(decision == null ? (column.origin.protectedSource() ? "computed_from_protected" : "computed")
					: decision.reason());
			this.json.writeName("policy");
			if (decision == null || decision.policy() == null) {
				this.json.writeNull();
			}
			else {
				this.json.writeStartObject();
				this.json.writeName("kind");
				this.json.writeString(decision.policy().kind());
				this.json.writeName("id");
				this.json.writeString(decision.policy().id());
				this.json.writeName("name");
				this.json.writeString(decision.policy().name());
				this.json.writeEndObject();
			}
			this.json.writeName("source");
			if (column.origin.table() == null) {
				this.json.writeNull();
			}
			else {
				this.json.writeStartObject();
				this.json.writeName("schema");
				this.json.writeString(column.origin.table().schema());
				this.json.writeName("table");
				this.json.writeString(column.origin.table().name());
				this.json.writeName("column");
				this.json.writeString(column.origin.column());
				this.json.writeEndObject();
			}
			this.json.writeEndObject();
		}
		this.json.writeEndArray();
	}

	/**
	 * Writes the rows while the response, with room for its end, stays within {@code maxResponseBytes};
	 * answers how many it wrote.
	 */
	private int writeRows(JsonRows writer, long before, Object[][] batch, int n) {
		for (int r = 0; r < n; r++) {
			if (!writer.row(batch[r], before, TRAILER_BYTES, this.maxResponseBytes)) {
				return r;
			}
			batch[r] = null;
		}
		return n;
	}
}
