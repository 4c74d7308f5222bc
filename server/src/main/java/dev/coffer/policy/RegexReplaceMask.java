package dev.coffer.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * {@code regex_replace}: every match of an RE2 pattern in text is replaced. RE2 runs in time linear
 * in the input, so no pattern can hang a node (no catastrophic backtracking); patterns are checked
 * before compiling ({@link RegexLimits}), patterns and replacements are bounded in length, and the
 * result is built against a budget of {@link #maxLength} of its input: before each replacement
 * the most it could add is counted, and a value that would pass the budget gets the full mask
 * instead (so no value can make the result grow without bound). Values that are not text get the
 * full mask.
 */
final class RegexReplaceMask extends Masks.Base {

	private final Pattern pattern;

	private final String replacement;

	/** Characters of the replacement other than group references. */
	private final int literalChars;

	/** Group references ({@code $1}, {@code ${name}}) in the replacement. */
	private final int groupRefs;

	/** With a pattern {@link MaskSpec} validated and compiled (never compiled again here). */
	RegexReplaceMask(Pattern pattern, String replacement) {
		super(MaskingType.REGEX_REPLACE);
		this.pattern = pattern;
		this.replacement = replacement;
		int[] counts = count(replacement);
		this.literalChars = counts[0];
		this.groupRefs = counts[1];
	}

	/** For tests: compiles {@code pattern} without the checks of {@link MaskSpec}. */
	RegexReplaceMask(String pattern, String replacement) {
		this(Pattern.compile(pattern), replacement);
	}

	@Override
	Object mask(Object value) {
		if (!(value instanceof String text)) {
			return MaskValues.fullMask(value);
		}
		try {
			long budget = maxLength(text);
			Matcher matcher = this.pattern.matcher(text);
			StringBuilder out = null;
			int copied = 0;
			while (matcher.find()) {
				// a group is part of the match, so no replacement adds more than this
				long most = this.literalChars + (long) this.groupRefs * (matcher.end() - matcher.start());
				long length = (out == null ? 0 : out.length()) + (matcher.start() - copied) + most;
				if (length > budget) {
					return MaskValues.fullMask(value);
				}
				if (out == null) {
					out = new StringBuilder(text.length() + 16);
				}
				matcher.appendReplacement(out, this.replacement);
				copied = matcher.end();
			}
			if (out == null) {
				return text;
			}
			matcher.appendTail(out);
			return out.length() > budget ? MaskValues.fullMask(value) : out.toString();
		}
		catch (RuntimeException ex) {
			return MaskValues.fullMask(value);
		}
	}

	/** The literal characters and the group references of a replacement (checked by {@link #checkReplacement}). */
	private static int[] count(String replacement) {
		int literal = 0;
		int refs = 0;
		for (int i = 0; i < replacement.length(); i++) {
			char c = replacement.charAt(i);
			if (c == '\\') {
				i++;
				literal++;
			}
			else if (c == '$' && i + 1 < replacement.length()) {
				refs++;
				if (replacement.charAt(i + 1) == '{') {
					int end = replacement.indexOf('}', i);
					i = end < 0 ? replacement.length() : end;
				}
				else {
					i++;
					while (i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
						i++;
						literal++; // as if a later digit were literal text: still an upper bound
					}
				}
			}
			else {
				literal++;
			}
		}
		return new int[] { literal, refs };
	}

	static long maxLength(String input) {
		return 16L * input.length() + 4096;
	}

	/**
	 * Why {@code replacement} does not fit {@code pattern} ({@code $n} beyond its groups, an unknown
	 * {@code ${name}}, a dangling {@code $} or {@code \}), or {@code null}.
	 */
	static String checkReplacement(Pattern pattern, String replacement) {
		for (int i = 0; i < replacement.length(); i++) {
			char c = replacement.charAt(i);
			if (c == '\\') {
				if (++i >= replacement.length()) {
					return "ends with a lone '\\'";
				}
			}
			else if (c == '$') {
				if (i + 1 >= replacement.length()) {
					return "ends with a lone '$' (write \\$ for a dollar sign)";
				}
				char next = replacement.charAt(i + 1);
				if (next == '{') {
					int end = replacement.indexOf('}', i);
					if (end < 0) {
						return "has an unclosed ${";
					}
					String name = replacement.substring(i + 2, end);
					if (!pattern.namedGroups().containsKey(name)) {
						return "names group '" + name + "', which the pattern does not define";
					}
					i = end;
				}
				else if (Character.isDigit(next)) {
					int end = i + 1;
					while (end < replacement.length() && Character.isDigit(replacement.charAt(end))) {
						end++;
					}
					String digits = replacement.substring(i + 1, end);
					if (digits.length() > 3 || Integer.parseInt(digits) > pattern.groupCount()) {
						return "refers to group $" + digits + "; the pattern has " + pattern.groupCount() + " groups";
					}
					i = end - 1;
				}
				else {
					return "has a '$' not followed by a group number or ${name} (write \\$ for a dollar sign)";
				}
			}
		}
		try {
			Matcher probe = pattern.matcher("");
			probe.replaceAll(replacement);
		}
		catch (RuntimeException ex) {
			return "is not a valid replacement";
		}
		return null;
	}
}
