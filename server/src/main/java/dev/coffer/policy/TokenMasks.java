package dev.coffer.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.coffer.tokenization.TokenService;

/**
 * {@code tokenize} and {@code detokenize}: a column's values go to the vault in one batch
 * ({@link TokenService}, audited there). {@code tokenize} gives deterministic tokens of the
 * configured format (so masked values still join and group); a value that does not fit the format
 * gets the full mask. {@code detokenize} reveals the originals of a tokenized column; a value that
 * is no token of the format gets the full mask. Both give text (a number is tokenized as its
 * plain text).
 */
final class TokenMasks {

	private TokenMasks() {
	}

	/** Base: batches the non-null values, passes NULL through, full-masks the failures. */
	abstract static class Batched implements ValueMask {

		private final MaskingType type;

		final TokenService tokens;

		final String format;

		Batched(MaskingType type, TokenService tokens, String format) {
			this.type = type;
			this.tokens = tokens;
			this.format = format;
		}

		@Override
		public MaskingType type() {
			return this.type;
		}

		@Override
		public Object apply(Object value) {
			return applyAll(Arrays.asList(value)).get(0);
		}

		@Override
		public List<Object> applyAll(List<?> values) {
			List<Object> normalized = new ArrayList<>(values.size());
			List<String> texts = new ArrayList<>();
			for (Object value : values) {
				Object one = MaskValues.normalize(value);
				normalized.add(one);
				if (one != null) {
					texts.add(MaskValues.text(one));
				}
			}
			List<String> results = texts.isEmpty() ? List.of() : call(texts);
			List<Object> out = new ArrayList<>(values.size());
			int next = 0;
			for (Object one : normalized) {
				if (one == null) {
					out.add(null);
					continue;
				}
				String result = results.get(next++);
				out.add(result != null ? result : MaskValues.fullMask(one));
			}
			return out;
		}

		abstract List<String> call(List<String> texts);

		@Override
		public String toString() {
			return "ValueMask[" + this.type.value() + " " + this.format + "]";
		}
	}

	static final class Tokenize extends Batched {

		Tokenize(TokenService tokens, String format) {
			super(MaskingType.TOKENIZE, tokens, format);
		}

		@Override
		List<String> call(List<String> texts) {
			return this.tokens.tokenize(this.format, texts);
		}
	}

	static final class Detokenize extends Batched {

		Detokenize(TokenService tokens, String format) {
			super(MaskingType.DETOKENIZE, tokens, format);
		}

		@Override
		List<String> call(List<String> texts) {
			return this.tokens.detokenize(this.format, texts);
		}
	}
}
