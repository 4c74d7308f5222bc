package dev.coffer.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * One tokenize or detokenize call over any number of items: splits the items into batches of at
 * most {@code maxBatchSize}, sends each (in turn, or up to {@code concurrency} at once), and puts
 * the answers back together in the caller's order, with each batch's item error indices moved to
 * the item's index in the whole list. A batch that fails for good fails the call, and batches not
 * yet sent are not sent.
 */
final class BatchCall {

	private final Transport transport;

	private final int maxBatchSize;

	private final ExecutorService executor;

	BatchCall(Transport transport, int maxBatchSize, ExecutorService executor) {
		this.transport = transport;
		this.maxBatchSize = maxBatchSize;
		this.executor = executor;
	}

	/** The items' outputs (the {@code outputField} array of each answer) and their errors, in order. */
	record Outcome(List<String> outputs, List<ItemError> errors) {

		@Override
		public String toString() {
			return "Outcome[" + this.outputs.size() + " outputs, " + this.errors.size() + " errors, redacted]";
		}
	}

	/**
	 * @param bodyOf the JSON request for one batch of items
	 * @param outputField the answer's array with one output per item: {@code tokens} or {@code values}
	 */
	Outcome run(String path, List<String> items, Function<List<String>, String> bodyOf, String outputField) {
		int count = items.size();
		String[] outputs = new String[count];
		List<ItemError> errors = new ArrayList<>();
		if (count == 0) {
			return new Outcome(Collections.emptyList(), Collections.emptyList());
		}
		int batches = (count - 1) / this.maxBatchSize + 1;
		if (this.executor == null || batches == 1) {
			for (int batch = 0; batch < batches; batch++) {
				errors.addAll(send(path, items, batch, bodyOf, outputField, outputs));
			}
		}
		else {
			List<Future<List<ItemError>>> futures = new ArrayList<>(batches);
			try {
				for (int batch = 0; batch < batches; batch++) {
					int index = batch;
					futures.add(this.executor.submit(() -> send(path, items, index, bodyOf, outputField, outputs)));
				}
			}
			catch (RejectedExecutionException ex) {
				futures.forEach(future -> future.cancel(true));
				throw new IllegalStateException("This CofferClient is closed");
			}
			errors.addAll(await(futures));
		}
		errors.sort(Comparator.comparingInt(ItemError::index));
		return new Outcome(Collections.unmodifiableList(Arrays.asList(outputs)), Collections.unmodifiableList(errors));
	}

	/** Sends batch {@code batch}, writes its outputs into place and answers its errors with global indices. */
	private List<ItemError> send(String path, List<String> items, int batch, Function<List<String>, String> bodyOf,
			String outputField, String[] outputs) {
		int from = batch * this.maxBatchSize;
		int to = Math.min(items.size(), from + this.maxBatchSize);
		List<String> slice = items.subList(from, to);
		Map<String, Object> answer = this.transport.post(path, bodyOf.apply(slice));
		if (!(answer.get(outputField) instanceof List<?> results) || results.size() != slice.size()) {
			throw malformed(path);
		}
		for (int i = 0; i < results.size(); i++) {
			Object result = results.get(i);
			if (result != null && !(result instanceof String)) {
				throw malformed(path);
			}
			outputs[from + i] = (String) result;
		}
		Object errorList = answer.getOrDefault("errors", List.of());
		if (!(errorList instanceof List<?> batchErrors)) {
			throw malformed(path);
		}
		List<ItemError> errors = new ArrayList<>(batchErrors.size());
		for (Object item : batchErrors) {
			if (!(item instanceof Map<?, ?> error) || !(error.get("index") instanceof Long index) || index < 0
					|| index >= slice.size() || !(error.get("code") instanceof String code)) {
				throw malformed(path);
			}
			String message = error.get("message") instanceof String text ? text : code;
			errors.add(new ItemError(from + index.intValue(), code, message));
		}
		return errors;
	}

	private static List<ItemError> await(List<Future<List<ItemError>>> futures) {
		List<ItemError> errors = new ArrayList<>();
		try {
			for (Future<List<ItemError>> future : futures) {
				errors.addAll(future.get());
			}
			return errors;
		}
		catch (ExecutionException ex) {
			futures.forEach(future -> future.cancel(true));
			if (ex.getCause() instanceof CofferException coffer) {
				throw coffer;
			}
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new CofferException(0, null, "A batch failed", null, ex.getCause());
		}
		catch (InterruptedException ex) {
			futures.forEach(future -> future.cancel(true));
			Thread.currentThread().interrupt();
			throw new CofferException(0, null, "Interrupted while calling Coffer", null, ex);
		}
		catch (CancellationException ex) {
			throw new CofferException(0, null, "A batch was cancelled", null, ex);
		}
	}

	private static CofferServerException malformed(String path) {
		return new CofferServerException(200, null,
				"Coffer answered POST " + path + " with a body that does not match the request", null);
	}
}
