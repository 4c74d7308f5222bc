package dev.coffer.tokenization;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.keys.RootKey;

/**
 * Finds formats by name for tokenize, detokenize and the warehouse functions: the built-in ones and
 * the custom ones of {@link TokenFormatStore}, with each format's {@code detokenize_requires_reason}.
 *
 * <p>The hot path reads a snapshot of every definition cached for {@link #CACHE_TTL}: a change made
 * through this node is seen here at once, on other nodes within that window. Compiled formats (and
 * the FF1 keys of custom FPE formats) are kept by format id across snapshots; a format's shape
 * never changes, so only new ids are compiled.
 */
@Component
class TokenFormatRegistry {

	/** How long another node may go on using a format as it was before a change. */
	static final Duration CACHE_TTL = Duration.ofSeconds(2);

	private final TokenFormatStore store;

	private final RootKey rootKey;

	private final LoadingCache<Boolean, Snapshot> cache;

	private volatile Map<String, ResolvedFormat> compiled = Map.of();

	TokenFormatRegistry(TokenFormatStore store, RootKey rootKey) {
		this.store = store;
		this.rootKey = rootKey;
		this.cache = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).build(any -> load());
	}

	/**
	 * The format named {@code name}; {@code null} when {@code name} is null and not required.
	 * @throws ValidationFailedException {@code format}: {@code required} or {@code unknown_format}
	 */
	ResolvedFormat resolve(String name, boolean required) {
		if (name == null) {
			if (required) {
				throw ValidationFailedException.of("format", "required", "is required");
			}
			return null;
		}
		Snapshot snapshot = this.cache.get(Boolean.TRUE);
		boolean reason = Boolean.TRUE.equals(snapshot.reasons().get(name));
		TokenFormat builtin = TokenFormats.find(name).orElse(null);
		if (builtin != null) {
			return new ResolvedFormat(name, builtin, null, null, reason);
		}
		FpeFormats.FpeFormat fpe = FpeFormats.find(name).orElse(null);
		if (fpe != null) {
			return new ResolvedFormat(name, null, fpe, TokenFormatDefinition.Mode.FPE, reason);
		}
		ResolvedFormat custom = snapshot.custom().get(name);
		if (custom == null) {
			throw ValidationFailedException.of("format", "unknown_format",
					"is not a known format: a built-in one (" + String.join(", ", TokenFormats.names()) + ", "
							+ String.join(", ", FpeFormats.names()) + ") or a custom one (GET /api/v1/token-formats)");
		}
		return custom.withReason(reason);
	}

	/** Whether detokenizing a token of {@code format} needs a reason (false for an unknown format). */
	boolean requiresReason(String format) {
		return Boolean.TRUE.equals(this.cache.get(Boolean.TRUE).reasons().get(format));
	}

	/** Drops the snapshot: the next lookup reads the store (after a change through this node). */
	void invalidate() {
		this.cache.invalidateAll();
	}

	/** Whether {@code name} is a built-in format's, vaulted or vaultless. */
	static boolean isBuiltin(String name) {
		return TokenFormats.find(name).isPresent() || FpeFormats.find(name).isPresent();
	}

	private Snapshot load() {
		Map<String, Boolean> reasons = new HashMap<>();
		this.store.builtins().forEach((name, settings) -> reasons.put(name, settings.detokenizeRequiresReason()));
		Map<String, ResolvedFormat> byId = new HashMap<>();
		Map<String, ResolvedFormat> byName = new HashMap<>();
		Map<String, ResolvedFormat> previous = this.compiled;
		for (TokenFormatDefinition definition : this.store.all()) {
			ResolvedFormat format = previous.get(definition.id());
			if (format == null) {
				format = compile(definition);
				if (format == null) {
					continue; // an FPE format deleted between the two reads
				}
			}
			byId.put(definition.id(), format);
			byName.put(definition.name(), format);
			reasons.put(definition.name(), definition.detokenizeRequiresReason());
		}
		this.compiled = byId;
		return new Snapshot(byName, reasons);
	}

	private ResolvedFormat compile(TokenFormatDefinition definition) {
		CustomShape shape = new CustomShape(definition);
		if (definition.mode() != TokenFormatDefinition.Mode.FPE) {
			return new ResolvedFormat(definition.name(), new CustomVaultedFormat(shape), null, definition.mode(), false);
		}
		byte[] salt = this.store.fpeSalt(definition.id()).orElse(null);
		if (salt == null) {
			return null;
		}
		byte[] key = this.rootKey.deriveKey(fpeKeyPurpose(definition.name(), salt), Ff1.KEY_LENGTH);
		try {
			Ff1 cipher = Ff1.aes256(key, definition.alphabet());
			return new ResolvedFormat(definition.name(), null, new CustomFpeFormat(shape, cipher), definition.mode(), false);
		}
		finally {
			Arrays.fill(key, (byte) 0);
			Arrays.fill(salt, (byte) 0);
		}
	}

	/** HKDF purpose of a custom FPE format's key: its name and its random salt, so a re-created name gets a new key. */
	static String fpeKeyPurpose(String name, byte[] salt) {
		return "coffer fpe custom " + name + " " + HexFormat.of().formatHex(salt) + " v1";
	}

	@Override
	public String toString() {
		return "TokenFormatRegistry[keys=redacted]";
	}

	/** Every custom format by name, and every format's reason requirement. */
	private record Snapshot(Map<String, ResolvedFormat> custom, Map<String, Boolean> reasons) {
	}
}
