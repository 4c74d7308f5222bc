package dev.coffer.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import com.google.re2j.PatternSyntaxException;

import dev.coffer.api.error.ValidationFailedException.FieldError;

/** A validated masking type with its parameters: what a policy rule or a preview applies. */
final class MaskSpec {

	static final int MAX_CONSTANT = 256;

	static final int MAX_PATTERN = 512;

	static final int MAX_REPLACEMENT = 256;

	/** RE2 instructions a {@code regex_replace} pattern may compile to (see {@link RegexLimits}). */
	static final int MAX_PROGRAM_SIZE = 20_000;

	static final int MAX_FIXED_SHIFT = 36_500;

	static final int MAX_KEYED_SHIFT = 3_650;

	static final BigDecimal MIN_ROUND_TO = new BigDecimal("1e-12");

	static final BigDecimal MAX_ROUND_TO = new BigDecimal("1e18");

	private final MaskingType type;

	private final String constant;

	private final LocalDate date;

	private final Integer shiftDays;

	private final Integer maxShiftDays;

	private final String pattern;

	private final String replacement;

	/** {@code pattern} compiled once, when the spec was validated. */
	private final com.google.re2j.Pattern compiledPattern;

	private final BigDecimal roundTo;

	private final String tokenFormat;

	private MaskSpec(MaskingType type, String constant, LocalDate date, Integer shiftDays, Integer maxShiftDays,
			String pattern, com.google.re2j.Pattern compiledPattern, String replacement, BigDecimal roundTo,
			String tokenFormat) {
		this.type = type;
		this.constant = constant;
		this.date = date;
		this.shiftDays = shiftDays;
		this.maxShiftDays = maxShiftDays;
		this.pattern = pattern;
		this.compiledPattern = compiledPattern;
		this.replacement = replacement;
		this.roundTo = roundTo;
		this.tokenFormat = tokenFormat;
	}

	static MaskSpec of(MaskingType type) {
		return new MaskSpec(type, null, null, null, null, null, null, null, null, null);
	}

	/**
	 * Validates {@code in}; adds each problem to {@code errors} under {@code field} and answers
	 * {@code null} when there is one.
	 */
	static MaskSpec parse(String field, Masking in, Set<String> tokenFormats, List<FieldError> errors) {
		if (in == null) {
			errors.add(new FieldError(field, "required", "is required"));
			return null;
		}
		int before = errors.size();
		MaskingType type = null;
		Object raw = in.type();
		if (raw == null) {
			errors.add(new FieldError(field + ".type", "required", "is required: a masking type name or ALTR id"));
		}
		else if (raw instanceof String || raw instanceof Integer || raw instanceof Long) {
			type = MaskingType.find(raw.toString()).orElse(null);
			if (type == null) {
				errors.add(new FieldError(field + ".type", "unknown_masking_type",
						"is not a masking type; one of no_mask, detokenize, date_shift, round, year_only, regex_replace, "
								+ "email, last_four, first_four, tokenize, email_hash, last_four_hash, full_mask_hash, "
								+ "constant_date, constant, full_mask, null, or an ALTR id (10000-10004, 10006-10009)"));
			}
		}
		else {
			errors.add(new FieldError(field + ".type", "invalid_type", "must be a type name (text) or an ALTR id (number)"));
		}
		if (type == null) {
			return null;
		}
		String constant = param(field, "constant", in.constant(), type == MaskingType.CONSTANT, true, errors);
		String dateText = param(field, "date", in.date(), type == MaskingType.CONSTANT_DATE, false, errors);
		Integer shiftDays = param(field, "shift_days", in.shiftDays(), type == MaskingType.DATE_SHIFT, false, errors);
		Integer maxShiftDays = param(field, "max_shift_days", in.maxShiftDays(), type == MaskingType.DATE_SHIFT, false,
				errors);
		String pattern = param(field, "pattern", in.pattern(), type == MaskingType.REGEX_REPLACE, true, errors);
		String replacement = param(field, "replacement", in.replacement(), type == MaskingType.REGEX_REPLACE, true, errors);
		BigDecimal roundTo = param(field, "round_to", in.roundTo(), type == MaskingType.ROUND, true, errors);
		String tokenFormat = param(field, "token_format", in.tokenFormat(),
				type == MaskingType.TOKENIZE || type == MaskingType.DETOKENIZE, type == MaskingType.TOKENIZE, errors);
		if (constant != null && constant.length() > MAX_CONSTANT) {
			errors.add(new FieldError(field + ".constant", "too_long", "must be at most " + MAX_CONSTANT + " characters"));
		}
		LocalDate date = null;
		if (type == MaskingType.CONSTANT_DATE) {
			date = MaskValues.EPOCH_DATE;
			if (dateText != null) {
				try {
					date = LocalDate.parse(dateText);
				}
				catch (DateTimeParseException ex) {
					errors.add(new FieldError(field + ".date", "invalid_format", "must be an ISO 8601 date such as 1900-01-01"));
				}
			}
		}
		if (type == MaskingType.DATE_SHIFT) {
			if ((shiftDays == null) == (maxShiftDays == null)) {
				errors.add(new FieldError(field + ".shift_days", "required",
						"give exactly one of shift_days (a fixed shift) and max_shift_days (a keyed shift per value)"));
			}
			else if (shiftDays != null && (shiftDays == 0 || Math.abs((long) shiftDays) > MAX_FIXED_SHIFT)) {
				errors.add(new FieldError(field + ".shift_days", "out_of_range",
						"must be between -" + MAX_FIXED_SHIFT + " and " + MAX_FIXED_SHIFT + ", not 0"));
			}
			else if (maxShiftDays != null && (maxShiftDays < 1 || maxShiftDays > MAX_KEYED_SHIFT)) {
				errors.add(new FieldError(field + ".max_shift_days", "out_of_range",
						"must be between 1 and " + MAX_KEYED_SHIFT));
			}
		}
		com.google.re2j.Pattern compiled = null;
		if (pattern != null) {
			String tooComplex = pattern.length() > MAX_PATTERN ? null : RegexLimits.problem(pattern);
			if (pattern.length() > MAX_PATTERN) {
				errors.add(new FieldError(field + ".pattern", "too_long", "must be at most " + MAX_PATTERN + " characters"));
			}
			else if (tooComplex != null) {
				errors.add(new FieldError(field + ".pattern", "invalid_pattern", tooComplex));
			}
			else {
				try {
					compiled = com.google.re2j.Pattern.compile(pattern);
					if (compiled.matcher("").programSize() > MAX_PROGRAM_SIZE) {
						errors.add(new FieldError(field + ".pattern", "invalid_pattern",
								"compiles to more than " + MAX_PROGRAM_SIZE + " instructions; simplify it"));
					}
					if (replacement != null && replacement.length() <= MAX_REPLACEMENT) {
						String problem = RegexReplaceMask.checkReplacement(compiled, replacement);
						if (problem != null) {
							errors.add(new FieldError(field + ".replacement", "invalid_format", problem));
						}
					}
				}
				catch (PatternSyntaxException ex) {
					errors.add(new FieldError(field + ".pattern", "invalid_pattern",
							"is not a valid RE2 regular expression (RE2 has no backreferences or lookaround): "
									+ ex.getDescription()));
				}
			}
		}
		if (replacement != null && replacement.length() > MAX_REPLACEMENT) {
			errors.add(new FieldError(field + ".replacement", "too_long",
					"must be at most " + MAX_REPLACEMENT + " characters"));
		}
		if (roundTo != null && (roundTo.compareTo(MIN_ROUND_TO) < 0 || roundTo.compareTo(MAX_ROUND_TO) > 0)) {
			errors.add(new FieldError(field + ".round_to", "out_of_range", "must be between 1e-12 and 1e18"));
		}
		if (tokenFormat != null && !tokenFormats.contains(tokenFormat)) {
			errors.add(new FieldError(field + ".token_format", "unknown_format",
					"is not a token format; one of " + String.join(", ", tokenFormats)));
		}
		if (errors.size() > before) {
			return null;
		}
		return new MaskSpec(type, constant, date, shiftDays, maxShiftDays, pattern, compiled, replacement,
				roundTo == null ? null : roundTo.stripTrailingZeros(), tokenFormat);
	}

	private static <T> T param(String field, String name, T value, boolean applies, boolean required,
			List<FieldError> errors) {
		if (value != null && !applies) {
			errors.add(new FieldError(field + "." + name, "not_applicable", "is not a parameter of this masking type"));
			return null;
		}
		if (value == null && applies && required) {
			errors.add(new FieldError(field + "." + name, "required", "is required by this masking type"));
		}
		return value;
	}

	/** As the API shows it (and the store keeps it). */
	Masking view() {
		return new Masking(this.type.value(), this.type.altrId(), this.constant,
				this.date == null ? null : this.date.toString(), this.shiftDays, this.maxShiftDays, this.pattern,
				this.replacement, this.roundTo == null ? null : new BigDecimal(this.roundTo.toPlainString()), this.tokenFormat);
	}

	MaskingType type() {
		return this.type;
	}

	String constant() {
		return this.constant;
	}

	LocalDate date() {
		return this.date;
	}

	Integer shiftDays() {
		return this.shiftDays;
	}

	Integer maxShiftDays() {
		return this.maxShiftDays;
	}

	String pattern() {
		return this.pattern;
	}

	String replacement() {
		return this.replacement;
	}

	com.google.re2j.Pattern compiledPattern() {
		return this.compiledPattern;
	}

	BigDecimal roundTo() {
		return this.roundTo;
	}

	String tokenFormat() {
		return this.tokenFormat;
	}

	@Override
	public String toString() {
		return "MaskSpec[" + this.type.value() + "]";
	}
}
