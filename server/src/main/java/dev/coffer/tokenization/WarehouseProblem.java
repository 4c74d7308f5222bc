package dev.coffer.tokenization;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.coffer.api.error.ApiException;

/**
 * A problem that also carries the error members a warehouse reads, so one body serves both the
 * warehouse and anyone reading RFC 9457: BigQuery's {@code errorMessage}, Redshift's
 * {@code success: false} and {@code error_msg}. Same code, status and message as the original.
 */
final class WarehouseProblem extends ApiException {

	private final Map<String, Object> extensions;

	private WarehouseProblem(ApiException cause, Map<String, Object> members) {
		super(cause.code(), cause.getMessage());
		Map<String, Object> all = new LinkedHashMap<>(cause.extensions());
		all.putAll(members);
		this.extensions = Map.copyOf(all);
	}

	/** {@code errorMessage}: BigQuery shows it in the failed query's error. */
	static WarehouseProblem bigQuery(ApiException cause) {
		return new WarehouseProblem(cause, Map.of("errorMessage", cause.getMessage()));
	}

	/** {@code success: false} and {@code error_msg}: what a Redshift Lambda UDF answers on failure. */
	static WarehouseProblem redshift(ApiException cause) {
		return new WarehouseProblem(cause, Map.of("success", false, "error_msg", cause.getMessage()));
	}

	@Override
	public Map<String, Object> extensions() {
		return this.extensions;
	}
}
