package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ErrorCode;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditRecord.Outcome;
import dev.coffer.keys.RootKey;

/**
 * Tokenizes and detokenizes in the vaultless FPE formats ({@link FpeFormats}, and custom formats in
 * mode {@code fpe}, {@link CustomFpeFormat}): nothing is stored, a token is the FF1-AES-256
 * encryption of the value.
 *
 * <p>Each format has its own 32-byte FF1 key, derived from the root key with HKDF-SHA256 and the
 * purpose {@code "coffer fpe " + format + " v1"}. A vaultless token has no room for a key version,
 * so FPE keys do not follow the {@code tokens} keyring: they change only with the root key, and a
 * new root key makes every FPE token undecryptable.
 */
@Component
class VaultlessTokens {

	private final AuditLog audit;

	private final Map<String, FpeCipher> ciphers = new HashMap<>();

	VaultlessTokens(AuditLog audit, RootKey rootKey) {
		this.audit = audit;
		for (String name : FpeFormats.names()) {
			byte[] key = rootKey.deriveKey("coffer fpe " + name + " v1", Ff1.KEY_LENGTH);
			this.ciphers.put(name, Ff1.aes256(key, Ff1.DECIMAL));
			Arrays.fill(key, (byte) 0);
		}
	}

	/** Encrypts each value, in order; a value that does not fit gets {@code null} and an error. */
	Vault.Result tokenize(FpeFormats.FpeFormat format, List<String> values) {
		Vault.Result result = apply(format, values, true);
		this.audit.record(AuditRecord.sensitive("tokens.tokenized", "format", format.name(), Outcome.SUCCESS)
			.with("count", values.size())
			.with("errors", result.errors().size())
			.with("deterministic", true)
			.with("ttl", false)
			.with("vaultless", true));
		return result;
	}

	/**
	 * Decrypts each token, in order. Any token of the format's shape decrypts: an altered token gives
	 * another value, not an error (FF1 has no integrity).
	 */
	Vault.Result detokenize(FpeFormats.FpeFormat format, List<String> tokens, String reason) {
		Vault.Result result = apply(format, tokens, false);
		this.audit.record(AuditRecord.sensitive("tokens.detokenized", "format", format.name(), Outcome.SUCCESS)
			.with("count", tokens.size())
			.with("errors", result.errors().size())
			.with("vaultless", true)
			.with("reason", reason));
		return result;
	}

	private Vault.Result apply(FpeFormats.FpeFormat format, List<String> items, boolean encrypt) {
		// a custom FPE format carries its own cipher (its key derives from a stored salt)
		FpeCipher cipher = format instanceof CustomFpeFormat custom ? custom.cipher() : this.ciphers.get(format.name());
		String[] out = new String[items.size()];
		List<ItemError> errors = new ArrayList<>();
		String what = encrypt ? "Value" : "Token";
		for (int i = 0; i < items.size(); i++) {
			String item = items.get(i);
			FpeFormats.Rejection rejection = item == null
					? new FpeFormats.Rejection(ErrorCode.INVALID_VALUE, "is null; format '" + format.name() + "' needs a string")
					: format.reject(item);
			if (rejection != null && !encrypt) {
				// a short token was never issued in the format: it is malformed, not a too-small domain
				rejection = new FpeFormats.Rejection(ErrorCode.INVALID_VALUE, rejection.reason());
			}
			if (rejection != null) {
				errors.add(ItemError.of(i, rejection.code(), what + " at index " + i + " " + rejection.reason()));
			}
			else {
				out[i] = encrypt ? format.encrypt(item, cipher) : format.decrypt(item, cipher);
			}
		}
		return new Vault.Result(Arrays.asList(out), errors);
	}

	@Override
	public String toString() {
		return "VaultlessTokens[" + String.join(", ", FpeFormats.names()) + ", keys=redacted]";
	}
}
