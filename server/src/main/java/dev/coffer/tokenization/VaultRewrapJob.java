package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.jobs.JobContext;
import dev.coffer.jobs.JobHandler;
import dev.coffer.keys.DataKey;
import dev.coffer.keys.KeyStatus;
import dev.coffer.keys.KeyVersion;
import dev.coffer.keys.Keyrings;

/**
 * {@code keyring.rewrap}: re-encrypts every vault entry held under an older version of keyring
 * {@code tokens} with its newest version, {@value #BATCH} entries per transaction. Entries of
 * disabled or destroyed versions are skipped and counted. Resumable: rewrapped entries leave the
 * set the job reads, so a later attempt simply continues; the checkpoint keeps the count.
 */
@Component
class VaultRewrapJob implements JobHandler {

	static final int BATCH = 500;

	private final Vault vault;

	private final VaultStore store;

	private final Keyrings keyrings;

	VaultRewrapJob(Vault vault, VaultStore store, Keyrings keyrings) {
		this.vault = vault;
		this.store = store;
		this.keyrings = keyrings;
	}

	@Override
	public String type() {
		return "keyring.rewrap";
	}

	@Override
	public void run(JobContext context) {
		Object keyring = context.params().get("keyring");
		if (!Keyrings.TOKENS.equals(keyring)) {
			throw new ApiException(ErrorCode.BAD_REQUEST, "Only keyring 'tokens' holds data to rewrap");
		}
		// read from the store, not a node's cache: the newest version is the target on every node
		List<KeyVersion> versions = this.keyrings.versions(Keyrings.TOKENS);
		KeyVersion newest = versions.stream()
			.filter(version -> version.status() == KeyStatus.ACTIVE)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("keyring 'tokens' has no active version"));
		DataKey target = this.keyrings.version(Keyrings.TOKENS, newest.version());
		List<Integer> readable = new ArrayList<>();
		List<Integer> disabled = new ArrayList<>();
		List<Integer> destroyed = new ArrayList<>();
		for (KeyVersion version : versions) {
			if (version.version() == newest.version()) {
				continue;
			}
			switch (version.status()) {
				case DISABLED -> disabled.add(version.version());
				case DESTROYED -> destroyed.add(version.version());
				default -> readable.add(version.version());
			}
		}
		Object saved = context.checkpoint().get("rewrapped");
		long rewrapped = saved instanceof Number number ? number.longValue() : 0;
		long failed = 0;
		long total = rewrapped + this.store.countHeldUnder(readable);
		context.progress(rewrapped, total);
		String after = "";
		while (!context.cancelled()) {
			List<VaultStore.StoredToken> batch = this.store.heldUnder(readable, after, BATCH);
			if (batch.isEmpty()) {
				break;
			}
			Vault.Rewrapped done = this.vault.rewrap(batch, target);
			rewrapped += done.rewrapped();
			failed += done.failed();
			after = batch.get(batch.size() - 1).token();
			context.progress(rewrapped + failed, total);
			context.checkpoint(Map.of("rewrapped", rewrapped));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("keyring", Keyrings.TOKENS);
		result.put("version", newest.version());
		result.put("rewrapped", rewrapped);
		result.put("skipped_disabled", this.store.countHeldUnder(disabled));
		result.put("skipped_destroyed", this.store.countHeldUnder(destroyed));
		result.put("failed", failed);
		context.result(result);
	}
}
