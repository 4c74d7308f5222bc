package dev.coffer.tokenization;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditRecord.Outcome;
import dev.coffer.keys.DataKey;
import dev.coffer.keys.DecryptionFailedException;
import dev.coffer.keys.KeyStatus;
import dev.coffer.keys.KeyVersionUnavailableException;
import dev.coffer.keys.KeyringLifecycle;
import dev.coffer.keys.KeyVersionNotActiveException;
import dev.coffer.keys.Keyrings;
import dev.coffer.keys.RootKey;

/**
 * The token vault: issues tokens for values and reveals the values of tokens, a batch at a time.
 *
 * <p>Each value is encrypted with AES-256-GCM under the active data key of keyring
 * {@code tokens}, with {@code "vault/" + format + "/" + token + "/" + version} as associated data,
 * so a ciphertext cannot be moved to another token, format or key version. Stored ciphertext
 * layout ({@link DataKey}): {@code key version (4 bytes, big-endian) | IV (12) | ciphertext |
 * GCM tag (16)}; the stored {@code key_version} selects the key that decrypts it.
 *
 * <p>Deterministic tokens are found by HMAC-SHA256 over {@code format || 0x00 || value} under a
 * key derived from the root key; {@code vault_deterministic} holds one token per (format, HMAC),
 * so concurrent nodes agree on it. Random tokens are drawn until one is free (bounded).
 */
@Component
class Vault {

	/** Rounds of drawing fresh tokens for values whose tokens were taken. */
	static final int MAX_DRAWS = 8;

	/** Rounds of claiming a value whose claimed token is deleted meanwhile. */
	static final int MAX_CLAIMS = 3;

	private static final String HMAC_PURPOSE = "coffer tokens value hmac v1";

	/** Requests of at most this many distinct values may share a transaction ({@link #tokenizeShared}). */
	static final int SHARED_MAX_VALUES = 16;

	/** Requests per shared transaction. */
	static final int SHARED_MAX_REQUESTS = 64;

	/**
	 * Under concurrent load, how long a shared transaction waits for one more request to join (at most
	 * four times in all): each commit then serves more requests.
	 */
	static final java.time.Duration SHARED_LINGER = java.time.Duration.ofNanos(150_000);

	private final VaultStore store;

	private final Keyrings keyrings;

	private final KeyringLifecycle lifecycle;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final SecretKeySpec hmacKey;

	/** One keyed HMAC-SHA256 per thread ({@code doFinal} resets it): not a new {@code Mac} per value. */
	private final ThreadLocal<Mac> hmacs = ThreadLocal.withInitial(this::newHmac);

	private final SecureRandom random = new SecureRandom();

	private final SharedCommits<SharedTokenize> shared = new SharedCommits<>(SHARED_MAX_REQUESTS,
			SHARED_LINGER.toNanos(), this::issueShared);

	/** Requests per shared commit ({@link #tokenizeShared}). */
	private final DistributionSummary sharedRequests;

	Vault(VaultStore store, Keyrings keyrings, KeyringLifecycle lifecycle, AuditLog audit,
			TransactionTemplate transactions, RootKey rootKey, MeterRegistry meters) {
		this.sharedRequests = DistributionSummary.builder("coffer.tokenize.shared.requests")
			.description("Tokenize requests committed together in one transaction")
			.register(meters);
		this.store = store;
		this.keyrings = keyrings;
		this.lifecycle = lifecycle;
		this.audit = audit;
		this.transactions = transactions;
		byte[] key = rootKey.deriveKey(HMAC_PURPOSE, 32);
		this.hmacKey = new SecretKeySpec(key, "HmacSHA256");
		Arrays.fill(key, (byte) 0);
	}

	/**
	 * The valid values' indexes by value (each distinct value once, in order of first appearance); each
	 * invalid one adds its per-item error to {@code errors}.
	 */
	private static Map<String, List<Integer>> distinctValid(TokenFormat format, List<String> values, List<ItemError> errors) {
		Map<String, List<Integer>> indexes = new LinkedHashMap<>();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			String reason = value == null ? "is null; format '" + format.name() + "' needs a string" : format.reject(value);
			if (reason != null) {
				errors.add(ItemError.of(i, ErrorCode.INVALID_VALUE, "Value at index " + i + " " + reason));
			}
			else {
				indexes.computeIfAbsent(value, v -> new ArrayList<>()).add(i);
			}
		}
		return indexes;
	}

	/** Tokenizes {@code values} in order; per-item failures are listed, the rest is stored. */
	Result tokenize(TokenFormat format, List<String> values, boolean deterministic, OffsetDateTime expiresAt,
			String metadata) {
		String[] tokens = new String[values.size()];
		List<ItemError> errors = new ArrayList<>();
		Map<String, List<Integer>> indexes = distinctValid(format, values, errors);
		DataKey key = null;
		long[] encryptions = { 0 };
		Map<String, String> issued = null;
		for (int attempt = 0; issued == null; attempt++) {
			key = indexes.isEmpty() ? null : this.keyrings.active(Keyrings.TOKENS);
			try {
				issued = issueAndRecord(format, values.size(), errors, indexes, deterministic, expiresAt, metadata, key,
						encryptions);
			}
			catch (KeyVersionNotActiveException rotated) {
				// the key was rotated meanwhile: nothing was stored; encrypt again under the new active version
				this.keyrings.forget(Keyrings.TOKENS, key.version());
				if (attempt >= 2) {
					throw new ApiException(ErrorCode.CONFLICT, "The tokens keyring rotated during the request; retry");
				}
			}
		}
		if (key != null && this.lifecycle.encryptionLimitReached(encryptions[0])) {
			this.lifecycle.rotateAutomatically(Keyrings.TOKENS, key.version(), "max_encryptions");
		}
		Map<String, String> done = issued;
		return finish(done, values.size(), tokens, errors, indexes, format);
	}

	/**
	 * As {@link #tokenize} in random mode, for a request of a few values (at most
	 * {@link #SHARED_MAX_VALUES} distinct ones; more go to {@link #tokenize}): requests that arrive
	 * together are committed in one transaction ({@link SharedCommits}), each with its own tokens and
	 * its own audit event (its caller, address and request id), so a commit serves many single-value
	 * requests. Each request is answered only after that commit; a failure of the shared transaction
	 * (the audit log unavailable, the store down) fails every request in it and stores nothing of
	 * them, as it would have failed each alone.
	 */
	Result tokenizeShared(TokenFormat format, List<String> values, OffsetDateTime expiresAt, String metadata) {
		if (values.size() > SHARED_MAX_VALUES) {
			// too many to share a commit: checked once, by tokenize
			return tokenize(format, values, false, expiresAt, metadata);
		}
		List<ItemError> errors = new ArrayList<>();
		Map<String, List<Integer>> indexes = distinctValid(format, values, errors);
		if (indexes.isEmpty() || indexes.size() > SHARED_MAX_VALUES) {
			return tokenize(format, values, false, expiresAt, metadata);
		}
		SharedTokenize work = new SharedTokenize(format, values.size(), errors.size(), indexes, expiresAt, metadata,
				AuditLog.Origin.current());
		this.shared.submit(work);
		work.rethrow();
		this.audit.awaitChained(work.origin);
		return finish(work.issued, values.size(), new String[values.size()], errors, indexes, format);
	}

	/** One request's part of a shared tokenize transaction. */
	private static final class SharedTokenize extends SharedCommits.Work {

		final TokenFormat format;

		final int count;

		final int invalid;

		/** The distinct values, and where each occurs in the request. */
		final List<String> values;

		final Map<String, List<Integer>> indexes;

		final OffsetDateTime expiresAt;

		final String metadata;

		final AuditLog.Origin origin;

		/** The tokens issued, by value (set by the thread that ran the transaction). */
		Map<String, String> issued = Map.of();

		SharedTokenize(TokenFormat format, int count, int invalid, Map<String, List<Integer>> indexes,
				OffsetDateTime expiresAt, String metadata, AuditLog.Origin origin) {
			this.format = format;
			this.count = count;
			this.invalid = invalid;
			this.indexes = indexes;
			this.values = new ArrayList<>(indexes.keySet());
			this.expiresAt = expiresAt;
			this.metadata = metadata;
			this.origin = origin;
		}

		@Override
		public String toString() {
			return "SharedTokenize[" + this.format.name() + ", " + this.values.size() + " values, redacted]";
		}
	}

	/**
	 * Runs the requests of one shared transaction: draws and inserts every request's tokens (one batch
	 * a round), audits each request, records the encryptions last (which also checks that the key is
	 * still the active version: if not, nothing is stored and the whole batch is encrypted again).
	 */
	private void issueShared(List<SharedTokenize> works) {
		this.sharedRequests.record(works.size());
		DataKey key = null;
		long[] encryptions = { 0 };
		List<Map<String, String>> issued = null;
		for (int attempt = 0; issued == null; attempt++) {
			DataKey active = this.keyrings.active(Keyrings.TOKENS);
			key = active;
			try {
				issued = this.transactions.execute(status -> issueSharedOnce(works, active, encryptions));
			}
			catch (KeyVersionNotActiveException rotated) {
				this.keyrings.forget(Keyrings.TOKENS, active.version());
				if (attempt >= 2) {
					throw new ApiException(ErrorCode.CONFLICT, "The tokens keyring rotated during the request; retry");
				}
			}
		}
		for (int i = 0; i < works.size(); i++) {
			works.get(i).issued = issued.get(i);
			works.get(i).succeed();
		}
		if (this.lifecycle.encryptionLimitReached(encryptions[0])) {
			this.lifecycle.rotateAutomatically(Keyrings.TOKENS, key.version(), "max_encryptions");
		}
	}

	private List<Map<String, String>> issueSharedOnce(List<SharedTokenize> works, DataKey key, long[] encryptions) {
		OffsetDateTime now = Times.now();
		List<Map<String, String>> issued = new ArrayList<>(works.size());
		// pending (request, value) pairs, as indexes into works and their values
		List<int[]> pending = new ArrayList<>();
		for (int w = 0; w < works.size(); w++) {
			issued.add(new HashMap<>());
			for (int v = 0; v < works.get(w).values.size(); v++) {
				pending.add(new int[] { w, v });
			}
		}
		int sealed = 0;
		for (int round = 0; round < MAX_DRAWS && !pending.isEmpty(); round++) {
			Set<String> drawn = new HashSet<>();
			List<int[]> drawnFor = new ArrayList<>();
			List<VaultStore.NewToken> rows = new ArrayList<>();
			for (int[] at : pending) {
				SharedTokenize work = works.get(at[0]);
				String value = work.values.get(at[1]);
				String token = work.format.draw(value, this.random);
				if (!drawn.add(token)) {
					continue; // the same token twice in this batch: the value draws again next round
				}
				drawnFor.add(at);
				rows.add(new VaultStore.NewToken(token, work.format.name(), key.version(), null, false,
						seal(key, work.format.name(), token, value), work.metadata, now, work.expiresAt));
			}
			sealed += rows.size();
			boolean[] inserted = this.store.insertTokens(rows);
			List<int[]> left = new ArrayList<>();
			for (int i = 0; i < rows.size(); i++) {
				int[] at = drawnFor.get(i);
				if (inserted[i]) {
					issued.get(at[0]).put(works.get(at[0]).values.get(at[1]), rows.get(i).token());
				}
			}
			for (int[] at : pending) {
				if (!issued.get(at[0]).containsKey(works.get(at[0]).values.get(at[1]))) {
					left.add(at);
				}
			}
			pending = left;
		}
		for (int w = 0; w < works.size(); w++) {
			SharedTokenize work = works.get(w);
			Map<String, String> mine = issued.get(w);
			int failed = work.invalid + work.indexes.entrySet().stream()
				.filter(entry -> !mine.containsKey(entry.getKey()))
				.mapToInt(entry -> entry.getValue().size())
				.sum();
			this.audit.record(work.origin, AuditRecord.sensitive("tokens.tokenized", "format", work.format.name(),
					Outcome.SUCCESS)
				.with("count", work.count)
				.with("errors", failed)
				.with("deterministic", false)
				.with("ttl", work.expiresAt != null));
		}
		// last statement: fails if the version was rotated meanwhile (the whole batch rolls back)
		encryptions[0] = this.keyrings.recordEncryptions(Keyrings.TOKENS, key.version(), sealed);
		return issued;
	}

	/**
	 * Issues and audits in one transaction; the encryptions are recorded last, which also checks that
	 * the key is still the active version (else the whole batch rolls back).
	 */
	private Map<String, String> issueAndRecord(TokenFormat format, int count, List<ItemError> errors,
			Map<String, List<Integer>> indexes, boolean deterministic, OffsetDateTime expiresAt, String metadata,
			DataKey key, long[] encryptions) {
		return this.transactions.execute(status -> {
			Map<String, String> byValue = indexes.isEmpty() ? Map.of()
					: issue(format, new ArrayList<>(indexes.keySet()), deterministic, expiresAt, metadata, key, encryptions);
			this.audit.record(AuditRecord.sensitive("tokens.tokenized", "format", format.name(), Outcome.SUCCESS)
				.with("count", count)
				.with("errors", errors.size() + indexes.entrySet().stream()
					.filter(entry -> !byValue.containsKey(entry.getKey()))
					.mapToInt(entry -> entry.getValue().size())
					.sum())
				.with("deterministic", deterministic)
				.with("ttl", expiresAt != null));
			if (key != null && encryptions[0] > 0) {
				// last statement: holds the version row's lock only until commit, and fails if rotated meanwhile
				encryptions[0] = this.keyrings.recordEncryptions(Keyrings.TOKENS, key.version(), (int) encryptions[0]);
			}
			return byValue;
		});
	}

	private Result finish(Map<String, String> issued, int count, String[] tokens, List<ItemError> errors,
			Map<String, List<Integer>> indexes, TokenFormat format) {
		indexes.forEach((value, at) -> {
			String token = issued.get(value);
			for (int i : at) {
				if (token != null) {
					tokens[i] = token;
				}
				else {
					errors.add(ItemError.of(i, ErrorCode.TOKEN_SPACE_EXHAUSTED, "No free token of format '"
							+ format.name() + "' was found for the value at index " + i));
				}
			}
		});
		errors.sort(Comparator.comparingInt(ItemError::index));
		return new Result(Arrays.asList(tokens), errors);
	}

	/** Reveals the values of {@code tokens} in order; per-item failures are listed. */
	Result detokenize(List<String> tokens, TokenFormat format) {
		return detokenize(tokens, format, null, name -> false);
	}

	/**
	 * As {@link #detokenize(List, TokenFormat)}; a token whose format is in {@code withheld} (it needs
	 * a reason and the call gave none) fails with {@code reason_required}. The caller's {@code reason}
	 * goes into the audit event.
	 */
	Result detokenize(List<String> tokens, TokenFormat format, String reason, Predicate<String> withheld) {
		String[] values = new String[tokens.size()];
		List<ItemError> errors = new ArrayList<>();
		Map<String, List<Integer>> indexes = new LinkedHashMap<>();
		for (int i = 0; i < tokens.size(); i++) {
			String token = tokens.get(i);
			if (token == null || token.isEmpty()) {
				errors.add(ItemError.of(i, ErrorCode.INVALID_VALUE, "Item at index " + i + " is not a token (null or empty)"));
			}
			else {
				indexes.computeIfAbsent(token, t -> new ArrayList<>()).add(i);
			}
		}
		Map<String, VaultStore.StoredToken> rows = indexes.isEmpty() ? Map.of() : this.store.find(indexes.keySet());
		OffsetDateTime now = Times.now();
		indexes.forEach((token, at) -> {
			VaultStore.StoredToken row = rows.get(token);
			ErrorCode failure = null;
			String message = null;
			String value = null;
			if (row == null) {
				failure = ErrorCode.TOKEN_NOT_FOUND;
				message = "No token like the one at index %d exists";
			}
			else if (format != null && !format.name().equals(row.format())) {
				failure = ErrorCode.FORMAT_MISMATCH;
				message = "The token at index %d was not issued in format '" + format.name() + "'";
			}
			else if (withheld.test(row.format())) {
				failure = ErrorCode.REASON_REQUIRED;
				message = "The token at index %d is of format '" + row.format() + "', which needs a reason to detokenize";
			}
			else if (row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
				failure = ErrorCode.TOKEN_EXPIRED;
				message = "The token at index %d has expired";
			}
			else {
				try {
					value = open(row);
				}
				catch (KeyVersionUnavailableException ex) {
					boolean destroyed = ex.status() == KeyStatus.DESTROYED;
					failure = destroyed ? ErrorCode.KEY_DESTROYED : ErrorCode.KEY_DISABLED;
					message = "The key version of the token at index %d is " + (destroyed ? "destroyed" : "disabled");
				}
				catch (DecryptionFailedException ex) {
					failure = ErrorCode.DECRYPTION_FAILED;
					message = "The value of the token at index %d could not be decrypted";
				}
			}
			for (int i : at) {
				if (failure == null) {
					values[i] = value;
				}
				else {
					errors.add(ItemError.of(i, failure, message.formatted(i)));
				}
			}
		});
		errors.sort(Comparator.comparingInt(ItemError::index));
		this.audit.record(AuditRecord.sensitive("tokens.detokenized", "format", format == null ? null : format.name(),
				Outcome.SUCCESS)
			.with("count", tokens.size())
			.with("errors", errors.size())
			.with("reason", reason));
		return new Result(Arrays.asList(values), errors);
	}

	/**
	 * Issues a token for each distinct value; a value left out found no free token. Puts the key
	 * version's encryptions so far, after this batch, into {@code encryptions[0]}.
	 */
	private Map<String, String> issue(TokenFormat format, List<String> values, boolean deterministic,
			OffsetDateTime expiresAt, String metadata, DataKey key, long[] encryptions) {
		// only deterministic tokens carry the value's HMAC: random tokens of one value must not be linkable
		Map<String, String> hmacs = new HashMap<>();
		if (deterministic) {
			for (String value : values) {
				hmacs.put(value, hmac(format.name(), value));
			}
		}
		Map<String, String> issued = new HashMap<>();
		List<String> pending = new ArrayList<>(values);
		if (deterministic) {
			Map<String, String> existing = this.store.deterministicTokens(format.name(), hmacs.values());
			pending.removeIf(value -> {
				String token = existing.get(hmacs.get(value));
				if (token != null) {
					issued.put(value, token);
				}
				return token != null;
			});
		}
		OffsetDateTime now = Times.now();
		Map<String, String> fresh = new HashMap<>();
		int sealed = 0;
		for (int round = 0; round < MAX_DRAWS && !pending.isEmpty(); round++) {
			Set<String> drawn = new HashSet<>();
			List<String> drawnFor = new ArrayList<>();
			List<VaultStore.NewToken> rows = new ArrayList<>();
			for (String value : pending) {
				String token = format.draw(value, this.random);
				if (!drawn.add(token)) {
					continue; // the same token twice in this batch: the value draws again next round
				}
				drawnFor.add(value);
				rows.add(new VaultStore.NewToken(token, format.name(), key.version(), hmacs.get(value), deterministic,
						seal(key, format.name(), token, value), metadata, now, expiresAt));
			}
			sealed += rows.size();
			boolean[] inserted = this.store.insertTokens(rows);
			for (int i = 0; i < rows.size(); i++) {
				if (inserted[i]) {
					fresh.put(drawnFor.get(i), rows.get(i).token());
				}
			}
			pending.removeAll(fresh.keySet());
		}
		// every seal counts (a token drawn twice encrypted twice); recorded last in the transaction
		encryptions[0] = sealed;
		if (deterministic && !fresh.isEmpty()) {
			claimDeterministic(format, fresh, hmacs);
		}
		issued.putAll(fresh);
		return issued;
	}

	/**
	 * Records each fresh deterministic token as the one for its value. Where another request
	 * claimed the value first, its token is used and ours is deleted; where that token was deleted
	 * meanwhile (a delete or forget), ours claims the value again.
	 */
	private void claimDeterministic(TokenFormat format, Map<String, String> fresh, Map<String, String> hmacs) {
		List<String> values = new ArrayList<>(fresh.keySet());
		// one lock order for every request: concurrent overlapping batches cannot deadlock
		values.sort(java.util.Comparator.comparing(hmacs::get));
		List<String> superseded = new ArrayList<>();
		for (int round = 0; round < MAX_CLAIMS && !values.isEmpty(); round++) {
			boolean[] claimed = this.store.claimDeterministic(format.name(), values.stream().map(hmacs::get).toList(),
					values.stream().map(fresh::get).toList());
			List<String> lost = new ArrayList<>();
			for (int i = 0; i < values.size(); i++) {
				if (!claimed[i]) {
					lost.add(values.get(i));
				}
			}
			Map<String, String> winners = lost.isEmpty() ? Map.of()
					: this.store.deterministicTokens(format.name(), lost.stream().map(hmacs::get).toList());
			values = new ArrayList<>();
			for (String value : lost) {
				String winner = winners.get(hmacs.get(value));
				if (winner == null) {
					values.add(value); // the winner's token was deleted since: claim again
				}
				else {
					superseded.add(fresh.put(value, winner));
				}
			}
		}
		for (String value : values) {
			superseded.add(fresh.remove(value)); // still contended after every round: reported, not issued
		}
		if (!superseded.isEmpty()) {
			this.store.delete(superseded);
		}
	}

	/**
	 * Re-encrypts a batch of stored tokens under {@code target}, in one transaction; a token whose
	 * value does not decrypt is left as it is.
	 * @return how many were rewrapped and how many failed to decrypt
	 */
	Rewrapped rewrap(List<VaultStore.StoredToken> rows, DataKey target) {
		List<VaultStore.StoredToken> opened = new ArrayList<>();
		List<byte[]> ciphertexts = new ArrayList<>();
		int failed = 0;
		for (VaultStore.StoredToken row : rows) {
			try {
				String value = open(row);
				ciphertexts.add(seal(target, row.format(), row.token(), value));
				opened.add(row);
			}
			catch (DecryptionFailedException | KeyVersionUnavailableException ex) {
				failed++;
			}
		}
		if (opened.isEmpty()) {
			return new Rewrapped(0, failed);
		}
		Integer replaced = this.transactions.execute(status -> {
			int count = this.store.rewrap(opened, ciphertexts, target.version());
			this.keyrings.recordEncryptions(Keyrings.TOKENS, target.version(), opened.size());
			return count;
		});
		return new Rewrapped(replaced == null ? 0 : replaced, failed);
	}

	/** The outcome of rewrapping one batch. */
	record Rewrapped(int rewrapped, int failed) {
	}

	private String open(VaultStore.StoredToken row) {
		DataKey key = this.keyrings.version(Keyrings.TOKENS, row.keyVersion());
		byte[] plaintext = key.decrypt(row.ciphertext(), associatedData(row.format(), row.token(), row.keyVersion()));
		try {
			return new String(plaintext, StandardCharsets.UTF_8);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private static byte[] seal(DataKey key, String format, String token, String value) {
		byte[] plaintext = value.getBytes(StandardCharsets.UTF_8);
		try {
			return key.encrypt(plaintext, associatedData(format, token, key.version()));
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private static byte[] associatedData(String format, String token, int version) {
		return ("vault/" + format + "/" + token + "/" + version).getBytes(StandardCharsets.UTF_8);
	}

	/** HMAC-SHA256 (hex) over {@code format || 0x00 || value}: the key of a deterministic token's slot. */
	String hmac(String format, String value) {
		Mac mac = this.hmacs.get();
		mac.reset(); // in case an earlier call on this thread stopped half-way
		mac.update(format.getBytes(StandardCharsets.UTF_8));
		mac.update((byte) 0);
		return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
	}

	private Mac newHmac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.hmacKey);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
		}
	}

	/** The outcome of a batch: one entry per item ({@code null} where it failed) and the failures. */
	record Result(List<String> items, List<ItemError> errors) {

		@Override
		public String toString() {
			return "Result[" + this.items.size() + " items, " + this.errors.size() + " errors, redacted]";
		}
	}
}
