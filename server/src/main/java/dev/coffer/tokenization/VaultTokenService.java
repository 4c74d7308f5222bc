package dev.coffer.tokenization;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/** {@link TokenService} on the vault and the vaultless FPE formats. */
@Component
class VaultTokenService implements TokenService {

	private final Vault vault;

	private final VaultlessTokens vaultless;

	VaultTokenService(Vault vault, VaultlessTokens vaultless) {
		this.vault = vault;
		this.vaultless = vaultless;
	}

	@Override
	public Set<String> formats() {
		Set<String> all = new LinkedHashSet<>(TokenFormats.names());
		all.addAll(FpeFormats.names());
		return all;
	}

	@Override
	public boolean formatRequiredToDetokenize(String format) {
		return FpeFormats.find(format).isPresent();
	}

	@Override
	public List<String> tokenize(String format, List<String> values) {
		Optional<FpeFormats.FpeFormat> fpe = FpeFormats.find(format);
		if (fpe.isPresent()) {
			return this.vaultless.tokenize(fpe.get(), values).items();
		}
		TokenFormat vaulted = TokenFormats.find(format)
			.orElseThrow(() -> new IllegalArgumentException("unknown token format"));
		return this.vault.tokenize(vaulted, values, true, null, null).items();
	}

	@Override
	public List<String> detokenize(String format, List<String> tokens) {
		Optional<FpeFormats.FpeFormat> fpe = FpeFormats.find(format);
		if (fpe.isPresent()) {
			return this.vaultless.detokenize(fpe.get(), tokens, null).items();
		}
		TokenFormat vaulted = format == null ? null
				: TokenFormats.find(format).orElseThrow(() -> new IllegalArgumentException("unknown token format"));
		return this.vault.detokenize(tokens, vaulted).items();
	}
}
