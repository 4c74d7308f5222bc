package dev.coffer.policy;

import java.util.Arrays;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import dev.coffer.keys.RootKey;
import dev.coffer.tokenization.TokenService;

/** Turns a validated {@link MaskSpec} into its {@link ValueMask}. */
@Component
class MaskCompiler {

	private static final String DATE_SHIFT_PURPOSE = "coffer policy date shift v1";

	private final TokenService tokens;

	private final SecretKeySpec dateShiftKey;

	MaskCompiler(TokenService tokens, RootKey rootKey) {
		this.tokens = tokens;
		byte[] key = rootKey.deriveKey(DATE_SHIFT_PURPOSE, 32);
		this.dateShiftKey = new SecretKeySpec(key, "HmacSHA256");
		Arrays.fill(key, (byte) 0);
	}

	/** The token formats {@code tokenize} and {@code detokenize} accept. */
	Set<String> tokenFormats() {
		return this.tokens.formats();
	}

	ValueMask compile(MaskSpec spec) {
		return switch (spec.type()) {
			case NO_MASK -> new Masks.NoMask();
			case NULL -> new Masks.NullMask();
			case FULL_MASK -> new Masks.FullMask();
			case EMAIL -> new Masks.EmailMask();
			case LAST_FOUR -> new Masks.LastFour();
			case FIRST_FOUR -> new Masks.FirstFour();
			case CONSTANT -> new Masks.Constant(spec.constant());
			case CONSTANT_DATE -> new Masks.ConstantDate(spec.date());
			case FULL_MASK_HASH -> new Masks.FullMaskHash();
			case EMAIL_HASH -> new Masks.EmailHash();
			case LAST_FOUR_HASH -> new Masks.LastFourHash();
			case YEAR_ONLY -> new Masks.YearOnly();
			case ROUND -> new Masks.Round(spec.roundTo());
			case DATE_SHIFT -> new Masks.DateShiftMask(spec.shiftDays() != null ? DateShift.fixed(spec.shiftDays())
					: DateShift.keyed(spec.maxShiftDays(), this.dateShiftKey));
			case REGEX_REPLACE -> new RegexReplaceMask(spec.compiledPattern(), spec.replacement());
			case TOKENIZE -> new TokenMasks.Tokenize(this.tokens, spec.tokenFormat());
			case DETOKENIZE -> new TokenMasks.Detokenize(this.tokens, spec.tokenFormat());
		};
	}

	@Override
	public String toString() {
		return "MaskCompiler[date shift key redacted]";
	}
}
