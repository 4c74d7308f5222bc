package dev.coffer.policy;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** A masking type with its parameters, as requests send it and responses show it. */
@Schema(name = "Masking", description = "A masking type and the parameters it needs. Types, most permissive first: "
		+ "`no_mask` (ALTR 10000), `detokenize`, `date_shift`, `round`, `year_only`, `regex_replace`, `email` (10002), "
		+ "`last_four` (10003), `first_four`, `tokenize`, `email_hash` (10007), `last_four_hash` (10008), "
		+ "`full_mask_hash` (10006), `constant_date` (10009), `constant` (10004), `full_mask` (10001), `null`.")
@JsonInclude(JsonInclude.Include.NON_NULL)
record Masking(
		@Schema(description = "The type: its name, or ALTR's numeric id (a number or its digits as text). Responses give the name.",
				example = "last_four", oneOf = { String.class, Integer.class },
				requiredMode = Schema.RequiredMode.REQUIRED) Object type,
		@Schema(description = "Responses: ALTR's id of the type, absent for types ALTR does not have.", example = "10003",
				accessMode = Schema.AccessMode.READ_ONLY) Integer altrId,
		@Schema(description = "`constant`: the text that replaces every value (at most 256 characters); on number, date "
				+ "and timestamp columns it is used when it parses as that type, else the value becomes NULL.",
				example = "REDACTED") String constant,
		@Schema(description = "`constant_date`: the date that replaces every value (ISO 8601; default 1970-01-01).",
				example = "1900-01-01") String date,
		@Schema(description = "`date_shift`: a fixed shift in days (-36500 to 36500, not 0). Give this or `max_shift_days`.",
				example = "-30") Integer shiftDays,
		@Schema(description = "`date_shift`: each value is shifted by its own offset of 1 to this many days, forward or back, "
				+ "derived from the value with a keyed HMAC (the same value always shifts the same way; 1 to 3650).",
				example = "30") Integer maxShiftDays,
		@Schema(description = "`regex_replace`: an RE2 regular expression (linear-time; no backreferences or lookaround), "
				+ "at most 512 characters. Refused as `invalid_pattern` besides syntax errors: a pattern that can match the "
				+ "empty string, groups nested more than 20 deep, counted repeats whose nested bounds multiply past 1000 "
				+ "(`(a{100}){100}`) or that expand past 5000 steps. A value whose result would pass 16 times its length "
				+ "plus 4096 characters gets `full_mask`.", example = "[0-9]") String pattern,
		@Schema(description = "`regex_replace`: the replacement of every match; `$1` or `${name}` insert groups. At most 256 characters.",
				example = "#") String replacement,
		@Schema(description = "`round`: numbers are rounded (half up) to the nearest multiple of this positive number.",
				example = "1000") BigDecimal roundTo,
		@Schema(description = "`tokenize` (required) and `detokenize` (required for the vaultless `digits-fpe` and "
				+ "`card-fpe`): the token format, e.g. `card`, `email`, `uuid`.", example = "card") String tokenFormat) {

	static Masking of(MaskingType type) {
		return new Masking(type.value(), type.altrId(), null, null, null, null, null, null, null, null);
	}
}
