package dev.coffer.tokenization;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.error.ValidationFailedException.FieldError;

/**
 * Reads and checks the bodies of {@code POST} and {@code PATCH /api/v1/token-formats}, field by
 * field, listing every problem at once. Bodies are read as JSON objects so that an unknown or
 * misspelt field is refused ({@code unknown_field}) instead of ignored: a format created without
 * the {@code preserve_suffix} its author meant would keep the wrong characters in clear.
 */
final class TokenFormatRequests {

	static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}[a-z0-9]");

	static final int MAX_DESCRIPTION = 1024;

	static final int MAX_SEPARATORS = 32;

	static final Set<String> CREATE_FIELDS = Set.of("name", "description", "alphabet", "alphabet_characters", "length",
			"min_length", "max_length", "preserve_prefix", "preserve_suffix", "separators", "luhn", "mode",
			"detokenize_requires_reason");

	static final Set<String> UPDATE_FIELDS = Set.of("description", "detokenize_requires_reason");

	private TokenFormatRequests() {
	}

	/** What a PATCH changes: a field is {@code null} when absent; {@code clearDescription} for an explicit null. */
	record Update(String description, boolean clearDescription, Boolean detokenizeRequiresReason) {
	}

	/**
	 * A new format's definition, checked against every rule.
	 * @param minTokenSpace setting {@code token_formats.min_token_space}, for the vaulted modes
	 * @throws ValidationFailedException listing every problem
	 */
	static TokenFormatDefinition create(Map<String, Object> body, long minTokenSpace, String id, OffsetDateTime now,
			String actor) {
		Reader in = new Reader(body);
		in.unknown(CREATE_FIELDS, null);
		String name = in.string("name", true);
		if (name != null) {
			if (!NAME.matcher(name).matches()) {
				in.error("name", "invalid", "must be 2 to 64 characters: lower-case letters, digits, '-' and '_', "
						+ "starting with a letter and ending with a letter or digit");
			}
			else if (TokenFormatRegistry.isBuiltin(name)) {
				in.error("name", "reserved", "is the name of a built-in format");
			}
		}
		String description = in.string("description", false);
		if (description != null && description.length() > MAX_DESCRIPTION) {
			in.error("description", "too_long", "must be at most " + MAX_DESCRIPTION + " characters");
		}
		String alphabetName = in.string("alphabet", false);
		String characters = in.string("alphabet_characters", false);
		String alphabet = null;
		if (alphabetName != null && characters != null) {
			in.error("alphabet_characters", "conflict", "cannot be combined with alphabet: give a named alphabet or explicit characters");
		}
		else if (alphabetName != null) {
			alphabet = Alphabets.named(alphabetName).orElse(null);
			if (alphabet == null) {
				in.error("alphabet", "invalid", "must be one of " + String.join(", ", Alphabets.names())
						+ "; or give the characters in alphabet_characters");
			}
		}
		else if (characters != null) {
			String reason = Alphabets.reject(characters);
			if (reason != null) {
				in.error("alphabet_characters", "invalid", reason);
			}
			else {
				alphabet = characters;
			}
		}
		else if (!in.hasTypeError("alphabet") && !in.hasTypeError("alphabet_characters")) {
			in.error("alphabet", "required", "is required (a named alphabet), or give alphabet_characters");
		}
		Integer length = in.integer("length", 1, CustomShape.MAX_TEXT_LENGTH);
		Integer min = in.integer("min_length", 1, CustomShape.MAX_TEXT_LENGTH);
		Integer max = in.integer("max_length", 1, CustomShape.MAX_TEXT_LENGTH);
		if (length != null && (min != null || max != null)) {
			in.error("length", "conflict", "cannot be combined with min_length or max_length");
		}
		int minLength = length != null ? length : min != null ? min : 1;
		int maxLength = length != null ? length : max != null ? max : CustomShape.MAX_TEXT_LENGTH;
		if (minLength > maxLength) {
			in.error("min_length", "out_of_range", "must not exceed max_length (" + maxLength + ")");
		}
		Integer prefix = in.integer("preserve_prefix", 0, CustomShape.MAX_TEXT_LENGTH);
		Integer suffix = in.integer("preserve_suffix", 0, CustomShape.MAX_TEXT_LENGTH);
		int keptPrefix = prefix == null ? 0 : prefix;
		int keptSuffix = suffix == null ? 0 : suffix;
		String lengthField = length != null ? "length" : "min_length";
		if (keptPrefix + keptSuffix >= minLength) {
			in.error(lengthField, "out_of_range", "must exceed preserve_prefix + preserve_suffix (" + (keptPrefix + keptSuffix)
					+ "): the shortest value needs at least one character to tokenize");
		}
		String separators = in.string("separators", false);
		if (separators == null) {
			separators = "";
		}
		checkSeparators(in, separators, alphabet);
		Boolean luhnFlag = in.bool("luhn");
		boolean luhn = Boolean.TRUE.equals(luhnFlag);
		if (luhn && alphabet != null && !Alphabets.isDecimal(alphabet)) {
			in.error("luhn", "conflict", "needs the alphabet digits (the ten decimal digits)");
		}
		String modeName = in.string("mode", false);
		TokenFormatDefinition.Mode mode = TokenFormatDefinition.Mode.RANDOM;
		if (modeName != null) {
			mode = TokenFormatDefinition.Mode.fromValue(modeName).orElse(null);
			if (mode == null) {
				in.error("mode", "invalid", "must be random, deterministic or fpe");
			}
		}
		Boolean reasonFlag = in.bool("detokenize_requires_reason");
		if (mode != null && alphabet != null && !in.failed(lengthField)) {
			checkSpace(in, lengthField, mode, alphabet, minLength, keptPrefix, keptSuffix, luhn, minTokenSpace);
		}
		in.throwIfFailed();
		return new TokenFormatDefinition(id, name, description, alphabetName, alphabet, minLength, maxLength, keptPrefix,
				keptSuffix, separators, luhn, mode, Boolean.TRUE.equals(reasonFlag), now, actor, now, actor);
	}

	/**
	 * The changes of a PATCH. Everything that shapes tokens is refused ({@code immutable}): tokens
	 * already issued, and FF1 keys and tweaks, depend on it; create a new format instead.
	 */
	static Update update(Map<String, Object> body, boolean builtin) {
		Reader in = new Reader(body);
		for (String field : body.keySet()) {
			if (CREATE_FIELDS.contains(field) && !UPDATE_FIELDS.contains(field)) {
				in.error(field, "immutable", "cannot change after creation: tokens already issued depend on it; "
						+ "create a new format instead");
			}
		}
		in.unknown(UPDATE_FIELDS, CREATE_FIELDS);
		if (builtin && body.containsKey("description")) {
			in.error("description", "immutable", "of a built-in format cannot change; only detokenize_requires_reason can");
		}
		String description = in.string("description", false);
		if (description != null && description.length() > MAX_DESCRIPTION) {
			in.error("description", "too_long", "must be at most " + MAX_DESCRIPTION + " characters");
		}
		boolean clear = body.containsKey("description") && body.get("description") == null;
		Boolean reason = in.bool("detokenize_requires_reason");
		in.throwIfFailed();
		return new Update(description, clear, reason);
	}

	private static void checkSeparators(Reader in, String separators, String alphabet) {
		if (separators.length() > MAX_SEPARATORS) {
			in.error("separators", "too_long", "must be at most " + MAX_SEPARATORS + " characters");
			return;
		}
		Set<Character> seen = new HashSet<>();
		for (int i = 0; i < separators.length(); i++) {
			char c = separators.charAt(i);
			if (!Alphabets.printable(c) || (Character.isWhitespace(c) && c != ' ')) {
				in.error("separators", "invalid", "holds a control, formatting or surrogate character at position " + i
						+ " (printable characters and the space only)");
				return;
			}
			if (!seen.add(c)) {
				in.error("separators", "invalid", "holds the character at position " + i + " twice");
				return;
			}
			if (alphabet != null && alphabet.indexOf(c) >= 0) {
				in.error("separators", "conflict", "holds the character at position " + i
						+ ", which is also in the alphabet: a separator is kept, an alphabet character is tokenized");
				return;
			}
		}
	}

	/**
	 * The domain rule: FF1 needs radix^(tokenized length) of at least 10^6 for the shortest value
	 * (NIST SP 800-38G Rev. 1 §5.2); a vaulted format needs setting {@code token_formats.min_token_space}.
	 */
	private static void checkSpace(Reader in, String field, TokenFormatDefinition.Mode mode, String alphabet,
			int minLength, int prefix, int suffix, boolean luhn, long minTokenSpace) {
		boolean fpe = mode == TokenFormatDefinition.Mode.FPE;
		BigInteger needed = fpe ? CustomFpeFormat.MIN_DOMAIN : BigInteger.valueOf(minTokenSpace);
		int radix = alphabet.length();
		if (CustomShape.tokenSpace(radix, minLength, prefix, suffix, luhn).compareTo(needed) >= 0) {
			return;
		}
		int tokenized = 1;
		while (CustomShape.tokenSpace(radix, tokenized, 0, 0, luhn).compareTo(needed) < 0) {
			tokenized++;
		}
		String space = "the shortest value (" + minLength + " characters, " + (prefix + suffix)
				+ " kept in clear) leaves " + (minLength - prefix - suffix) + " to tokenize; with " + radix
				+ " alphabet characters" + (luhn ? " and a Luhn check digit" : "") + " that is too few: ";
		if (fpe) {
			in.error(field, "domain_too_small", space + "FF1 needs at least " + tokenized
					+ " (radix^length of at least 1,000,000, NIST SP 800-38G)");
		}
		else {
			in.error(field, "token_space_too_small", space + "a vaulted format needs at least " + tokenized
					+ " (at least " + minTokenSpace + " possible tokens, setting token_formats.min_token_space), "
					+ "or tokens collide and run out");
		}
	}

	/** Reads typed fields of a JSON object, collecting errors. */
	private static final class Reader {

		private final Map<String, Object> body;

		private final List<FieldError> errors = new ArrayList<>();

		Reader(Map<String, Object> body) {
			this.body = body;
		}

		void unknown(Set<String> known, Set<String> reported) {
			for (String field : this.body.keySet()) {
				if (!known.contains(field) && (reported == null || !reported.contains(field))) {
					error(field.length() > 64 ? field.substring(0, 64) : field, "unknown_field",
							"is not a field of this request");
				}
			}
		}

		String string(String field, boolean required) {
			Object value = this.body.get(field);
			if (value == null) {
				if (required) {
					error(field, "required", "is required");
				}
				return null;
			}
			if (!(value instanceof String text)) {
				error(field, "invalid_type", "must be a string");
				return null;
			}
			return text;
		}

		Integer integer(String field, int min, int max) {
			Object value = this.body.get(field);
			if (value == null) {
				return null;
			}
			if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger)) {
				error(field, "invalid_type", "must be an integer");
				return null;
			}
			BigInteger number = new BigInteger(value.toString());
			if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
				error(field, "out_of_range", "must be between " + min + " and " + max);
				return null;
			}
			return number.intValue();
		}

		Boolean bool(String field) {
			Object value = this.body.get(field);
			if (value == null) {
				return null;
			}
			if (!(value instanceof Boolean flag)) {
				error(field, "invalid_type", "must be true or false");
				return null;
			}
			return flag;
		}

		void error(String field, String code, String message) {
			this.errors.add(new FieldError(field, code, message));
		}

		boolean hasTypeError(String field) {
			return this.errors.stream().anyMatch(e -> e.field().equals(field) && e.code().equals("invalid_type"));
		}

		boolean failed(String field) {
			return this.errors.stream().anyMatch(e -> e.field().equals(field));
		}

		void throwIfFailed() {
			if (!this.errors.isEmpty()) {
				throw new ValidationFailedException(this.errors);
			}
		}
	}
}
