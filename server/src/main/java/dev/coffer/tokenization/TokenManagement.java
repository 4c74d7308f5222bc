package dev.coffer.tokenization;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditRecord.Outcome;
import dev.coffer.keys.KeyStatus;
import dev.coffer.keys.KeyVersion;
import dev.coffer.keys.Keyrings;

/**
 * What can be known and done about vaulted tokens besides detokenizing them: their metadata, a
 * cheap live check (nothing is decrypted), deletion by token, and forgetting a value through its
 * deterministic token. Every call is audited with counts, never tokens, values or metadata.
 *
 * <p>A token's status is {@code expired} once its {@code expires_at} has passed (as detokenize
 * sees it), else {@code key_destroyed} or {@code key_disabled} when its key version is, else
 * {@code live}. Key statuses are read from the store on every call, so they are current on every
 * node (a node that still caches a just-disabled key detokenizes with it for up to 30 s).
 */
@Component
class TokenManagement {

	static final String LIVE = "live";

	static final String EXPIRED = "expired";

	static final String KEY_DESTROYED = "key_destroyed";

	static final String KEY_DISABLED = "key_disabled";

	static final String NOT_FOUND = "not_found";

	private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final TokenRecords records;

	private final VaultStore store;

	private final Vault vault;

	private final Keyrings keyrings;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	TokenManagement(TokenRecords records, VaultStore store, Vault vault, Keyrings keyrings, AuditLog audit,
			TransactionTemplate transactions, JsonMapper json) {
		this.records = records;
		this.store = store;
		this.vault = vault;
		this.keyrings = keyrings;
		this.audit = audit;
		this.transactions = transactions;
		this.json = json;
	}

	/** The metadata of each token, in order; a token that is not in the vault gets {@code null} and an error. */
	Batch<TokenMetadata> metadata(List<String> tokens) {
		TokenMetadata[] items = new TokenMetadata[tokens.size()];
		List<ItemError> errors = new ArrayList<>();
		Map<String, TokenRecords.Entry> found = lookUp(tokens, true, errors);
		Map<Integer, KeyStatus> keys = keyStatuses(found);
		OffsetDateTime now = Times.now();
		for (int i = 0; i < tokens.size(); i++) {
			TokenRecords.Entry entry = usable(tokens.get(i)) ? found.get(tokens.get(i)) : null;
			if (entry != null) {
				KeyStatus key = keys.get(entry.keyVersion());
				items[i] = new TokenMetadata(entry.format(), entry.deterministic() ? "deterministic" : "random",
						entry.keyVersion(), key == null ? null : key.name().toLowerCase(Locale.ROOT),
						status(entry, key, now), entry.createdAt(), entry.expiresAt(), metadataOf(entry));
			}
			else if (usable(tokens.get(i))) {
				errors.add(notFound(i));
			}
		}
		errors.sort(java.util.Comparator.comparingInt(ItemError::index));
		this.audit.record(AuditRecord.sensitive("tokens.metadata_read", "tokens", null, Outcome.SUCCESS)
			.with("count", tokens.size())
			.with("errors", errors.size()));
		return new Batch<>(Arrays.asList(items), errors);
	}

	/** Whether each string is a live token, in order; nothing is decrypted. */
	List<TokenCheck> check(List<String> tokens) {
		Map<String, TokenRecords.Entry> found = lookUp(tokens, false, null);
		Map<Integer, KeyStatus> keys = keyStatuses(found);
		OffsetDateTime now = Times.now();
		List<TokenCheck> results = new ArrayList<>(tokens.size());
		int live = 0;
		for (String token : tokens) {
			TokenRecords.Entry entry = usable(token) ? found.get(token) : null;
			String status = entry == null ? NOT_FOUND : status(entry, keys.get(entry.keyVersion()), now);
			live += LIVE.equals(status) ? 1 : 0;
			results.add(new TokenCheck(LIVE.equals(status), status));
		}
		this.audit.record(AuditRecord.sensitive("tokens.checked", "tokens", null, Outcome.SUCCESS)
			.with("count", tokens.size())
			.with("live", live));
		return results;
	}

	/**
	 * Deletes each token, in order; one that is not in the vault gets {@code false} and an error.
	 * Deleting a deterministic token frees its value: the next deterministic tokenize issues a new token.
	 */
	Batch<Boolean> delete(List<String> tokens) {
		Map<String, List<Integer>> indexes = new LinkedHashMap<>();
		Boolean[] deleted = new Boolean[tokens.size()];
		List<ItemError> errors = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			deleted[i] = false;
			if (usable(tokens.get(i))) {
				indexes.computeIfAbsent(tokens.get(i), t -> new ArrayList<>()).add(i);
			}
			else {
				errors.add(notAToken(i));
			}
		}
		List<String> distinct = new ArrayList<>(indexes.keySet());
		boolean[] gone = this.transactions.execute(tx -> {
			boolean[] result = this.records.delete(distinct);
			int count = 0;
			for (boolean one : result) {
				count += one ? 1 : 0;
			}
			this.audit.record(AuditRecord.sensitive("tokens.deleted", "tokens", null, Outcome.SUCCESS)
				.with("count", tokens.size())
				.with("deleted", count)
				.with("not_found", distinct.size() - count)
				.with("invalid", errors.size()));
			return result;
		});
		for (int d = 0; d < distinct.size(); d++) {
			for (int i : indexes.get(distinct.get(d))) {
				deleted[i] = gone[d];
				if (!gone[d]) {
					errors.add(notFound(i));
				}
			}
		}
		errors.sort(java.util.Comparator.comparingInt(ItemError::index));
		return new Batch<>(Arrays.asList(deleted), errors);
	}

	/**
	 * Deletes the deterministic token of each value in {@code format}, found through the value's
	 * HMAC (right to be forgotten); in order, {@code true} where one was deleted. Random tokens carry
	 * no HMAC and cannot be found by value: they are deleted by token.
	 */
	Batch<Boolean> forget(TokenFormat format, List<String> values) {
		Boolean[] forgotten = new Boolean[values.size()];
		List<ItemError> errors = new ArrayList<>();
		Map<String, List<Integer>> byHmac = new LinkedHashMap<>();
		for (int i = 0; i < values.size(); i++) {
			forgotten[i] = false;
			String value = values.get(i);
			String reason = value == null ? "is null; format '" + format.name() + "' needs a string" : format.reject(value);
			if (reason != null) {
				errors.add(ItemError.of(i, ErrorCode.INVALID_VALUE, "Value at index " + i + " " + reason));
			}
			else {
				byHmac.computeIfAbsent(this.vault.hmac(format.name(), value), h -> new ArrayList<>()).add(i);
			}
		}
		Map<String, Boolean> done = this.transactions.execute(tx -> {
			Map<String, String> tokens = byHmac.isEmpty() ? Map.of()
					: this.store.deterministicTokens(format.name(), byHmac.keySet());
			List<String> hmacs = new ArrayList<>(tokens.keySet());
			boolean[] gone = this.records.delete(hmacs.stream().map(tokens::get).toList());
			Map<String, Boolean> result = new HashMap<>();
			int count = 0;
			for (int h = 0; h < hmacs.size(); h++) {
				result.put(hmacs.get(h), gone[h]);
				count += gone[h] ? 1 : 0;
			}
			this.audit.record(AuditRecord.sensitive("tokens.forgotten", "format", format.name(), Outcome.SUCCESS)
				.with("count", values.size())
				.with("forgotten", count)
				.with("not_found", byHmac.size() - count)
				.with("invalid", errors.size()));
			return result;
		});
		byHmac.forEach((hmac, at) -> {
			boolean gone = Boolean.TRUE.equals(done.get(hmac));
			for (int i : at) {
				forgotten[i] = gone;
				if (!gone) {
					errors.add(ItemError.of(i, ErrorCode.TOKEN_NOT_FOUND, "No deterministic token of format '"
							+ format.name() + "' exists for the value at index " + i
							+ " (random tokens cannot be found by value: delete them by token)"));
				}
			}
		});
		errors.sort(java.util.Comparator.comparingInt(ItemError::index));
		return new Batch<>(Arrays.asList(forgotten), errors);
	}

	/** The status of a stored token: expiry first (as detokenize checks it), then its key version. */
	static String status(TokenRecords.Entry entry, KeyStatus key, OffsetDateTime now) {
		if (entry.expiresAt() != null && !entry.expiresAt().isAfter(now)) {
			return EXPIRED;
		}
		if (key == null || key == KeyStatus.DESTROYED) {
			return KEY_DESTROYED; // a version missing from the keyring decrypts nothing either
		}
		return key == KeyStatus.DISABLED ? KEY_DISABLED : LIVE;
	}

	private Map<String, TokenRecords.Entry> lookUp(List<String> tokens, boolean withMetadata, List<ItemError> errors) {
		List<String> wanted = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			if (usable(tokens.get(i))) {
				wanted.add(tokens.get(i));
			}
			else if (errors != null) {
				errors.add(notAToken(i));
			}
		}
		return wanted.isEmpty() ? Map.of() : this.records.find(new java.util.LinkedHashSet<>(wanted), withMetadata);
	}

	private Map<Integer, KeyStatus> keyStatuses(Map<String, TokenRecords.Entry> found) {
		if (found.isEmpty()) {
			return Map.of();
		}
		Map<Integer, KeyStatus> statuses = new HashMap<>();
		for (KeyVersion version : this.keyrings.versions(Keyrings.TOKENS)) {
			statuses.put(version.version(), version.status());
		}
		return statuses;
	}

	private Map<String, Object> metadataOf(TokenRecords.Entry entry) {
		return entry.metadata() == null ? null : this.json.readValue(entry.metadata(), JSON_OBJECT);
	}

	private static boolean usable(String token) {
		return token != null && !token.isEmpty();
	}

	private static ItemError notAToken(int index) {
		return ItemError.of(index, ErrorCode.INVALID_VALUE, "Item at index " + index + " is not a token (null or empty)");
	}

	private static ItemError notFound(int index) {
		return ItemError.of(index, ErrorCode.TOKEN_NOT_FOUND, "No token like the one at index " + index + " exists");
	}

	/** One result per item, in order, and the items that failed. */
	record Batch<T>(List<T> items, List<ItemError> errors) {

		@Override
		public String toString() {
			return "Batch[" + this.items.size() + " items, " + this.errors.size() + " errors, redacted]";
		}
	}
}
