package dev.coffer.tokenization;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Issues vaulted tokens for other features (redaction replaces findings by tokens): one format
 * per call, one token per value in order, {@code null} where the format refuses the value or no
 * token was free. Each call is audited by the vault ({@code tokens.tokenized}), like the tokenize
 * endpoint; the caller checks {@code tokens:tokenize} first.
 */
public interface TokenIssuer {

	/** The vaulted format names ({@code uuid}, {@code alphanumeric}, {@code card}, ...). */
	Set<String> formats();

	/**
	 * @param format a name from {@link #formats()}
	 * @throws IllegalArgumentException for another name
	 */
	List<String> tokenize(String format, List<String> values, boolean deterministic);
}

/** The {@link TokenIssuer} of the vault; batches above the tokenize limit are split. */
@Component
final class VaultTokenIssuer implements TokenIssuer {

	private final Vault vault;

	VaultTokenIssuer(Vault vault) {
		this.vault = vault;
	}

	@Override
	public Set<String> formats() {
		return TokenFormats.names();
	}

	@Override
	public List<String> tokenize(String format, List<String> values, boolean deterministic) {
		TokenFormat tokenFormat = TokenFormats.find(format)
			.orElseThrow(() -> new IllegalArgumentException("not a vaulted token format"));
		List<String> tokens = new ArrayList<>(values.size());
		for (int from = 0; from < values.size(); from += Batches.MAX_ITEMS) {
			List<String> part = values.subList(from, Math.min(values.size(), from + Batches.MAX_ITEMS));
			tokens.addAll(this.vault.tokenize(tokenFormat, part, deterministic, null, null).items());
		}
		return tokens;
	}
}
