package dev.coffer.tokenization;

import java.util.List;
import java.util.Set;

/**
 * Tokenization for other features (masking policies tokenize or detokenize a column's values): a
 * batch in one format, in order, with {@code null} where an item fails. Tokens are deterministic
 * (one token per value and format, so a masked column still joins and groups), never expire and
 * carry no metadata. Every batch is audited like the REST endpoints ({@code tokens.tokenized},
 * {@code tokens.detokenized}); nothing here checks the caller's permissions.
 */
public interface TokenService {

	/** The format names: the vaulted formats and the vaultless FPE formats. */
	Set<String> formats();

	/** Whether detokenizing in {@code format} needs the format named (the vaultless FPE formats). */
	boolean formatRequiredToDetokenize(String format);

	/** One deterministic token per value, in order; {@code null} where the value does not fit the format. */
	List<String> tokenize(String format, List<String> values);

	/**
	 * The value of each token, in order; {@code null} where the token is unknown, expired, of
	 * another format or undecryptable. {@code format} may be {@code null} for vaulted tokens.
	 */
	List<String> detokenize(String format, List<String> tokens);
}
