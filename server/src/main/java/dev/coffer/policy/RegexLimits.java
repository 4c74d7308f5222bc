package dev.coffer.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks an RE2 pattern before it is compiled. RE2/J bounds each counted repeat ({@code {n}},
 * {@code {n,m}}) at 1000 but not their product, and compiles a repeat into that many copies of
 * its operand: {@code ((a{1000}){1000}){1000}} (24 characters) runs out of memory while compiling
 * and {@code (a{1000}){1000}} compiles to a million instructions that every match step then walks.
 * This scanner follows RE2's syntax far enough to see groups, alternatives, repeats and zero-width
 * assertions, and refuses a pattern whose nested repeat bounds multiply past
 * {@link #MAX_REPEAT_PRODUCT}, whose size with its repeats expanded passes {@link #MAX_WEIGHT},
 * whose groups nest deeper than {@link #MAX_NESTING}, or that can match the empty string (which
 * {@code regex_replace} would insert its replacement around every character). Syntax errors are
 * left to the compiler.
 */
final class RegexLimits {

	static final int MAX_REPEAT_PRODUCT = 1000;

	static final int MAX_WEIGHT = 5000;

	static final int MAX_NESTING = 20;

	private RegexLimits() {
	}

	/** Why {@code pattern} is refused, or {@code null} when these limits allow it. */
	static String problem(String pattern) {
		Deque<Frame> stack = new ArrayDeque<>();
		Frame frame = new Frame();
		int i = 0;
		int n = pattern.length();
		while (i < n) {
			char c = pattern.charAt(i);
			switch (c) {
				case '\\' -> {
					if (i + 1 >= n) {
						return null; // trailing backslash: a syntax error
					}
					char e = pattern.charAt(i + 1);
					if (e == 'Q') {
						int end = pattern.indexOf("\\E", i + 2);
						int stop = end < 0 ? n : end;
						for (int k = i + 2; k < stop; k++) {
							frame.atom(1, 1, false);
						}
						i = end < 0 ? n : end + 2;
						continue;
					}
					boolean zeroWidth = e == 'b' || e == 'B' || e == 'A' || e == 'z';
					i = skipEscape(pattern, i);
					frame.atom(1, 1, zeroWidth);
					continue;
				}
				case '[' -> {
					i = skipClass(pattern, i);
					frame.atom(1, 1, false);
					continue;
				}
				case '(' -> {
					int body = i + 1;
					if (body < n && pattern.charAt(body) == '?') {
						int k = body + 1;
						if (k < n && (pattern.charAt(k) == '<' || pattern.startsWith("P<", k))) {
							int close = pattern.indexOf('>', k);
							body = close < 0 ? n : close + 1; // (?P<name>...) or (?<name>...)
						}
						else {
							while (k < n && "imsU-".indexOf(pattern.charAt(k)) >= 0) {
								k++;
							}
							if (k < n && pattern.charAt(k) == ')') {
								i = k + 1; // (?flags): no group, matches nothing
								continue;
							}
							if (k < n && pattern.charAt(k) == ':') {
								body = k + 1; // (?flags:...)
							}
						}
					}
					if (stack.size() + 1 > MAX_NESTING) {
						return "nests groups more than " + MAX_NESTING + " deep";
					}
					stack.push(frame);
					frame = new Frame();
					i = body;
					continue;
				}
				case ')' -> {
					if (stack.isEmpty()) {
						return null; // unmatched: a syntax error
					}
					Frame group = frame;
					group.endAlternative();
					frame = stack.pop();
					frame.atom(group.total, group.maxProduct, group.nullable);
					i++;
					continue;
				}
				case '|' -> {
					frame.endAlternative();
					i++;
					continue;
				}
				case '*', '?' -> {
					frame.repeat(1, true);
					i = skipLazy(pattern, i + 1);
					continue;
				}
				case '+' -> {
					frame.repeat(1, false);
					i = skipLazy(pattern, i + 1);
					continue;
				}
				case '{' -> {
					int[] bounds = new int[2];
					int end = repeatEnd(pattern, i, bounds);
					if (end < 0) {
						frame.atom(1, 1, false); // not a repeat: a literal '{'
						i++;
						continue;
					}
					if (!frame.repeat(Math.max(1, Math.max(bounds[0], bounds[1])), bounds[0] == 0)) {
						return "nests counted repeats whose bounds multiply to more than " + MAX_REPEAT_PRODUCT
								+ " (such as (a{100}){100}); use smaller counts";
					}
					i = skipLazy(pattern, end);
					continue;
				}
				case '^', '$' -> {
					frame.atom(1, 1, true);
					i++;
					continue;
				}
				default -> {
					frame.atom(1, 1, false);
					i += Character.isHighSurrogate(c) && i + 1 < n ? 2 : 1;
					continue;
				}
			}
		}
		if (!stack.isEmpty()) {
			return null; // unclosed group: a syntax error
		}
		frame.endAlternative();
		if (frame.total > MAX_WEIGHT) {
			return "is too large with its counted repeats expanded (more than " + MAX_WEIGHT
					+ " steps); use smaller repeat counts";
		}
		if (frame.nullable) {
			return "can match the empty string (such as x*, ^ or \\b alone, or an empty alternative); "
					+ "every match must consume at least one character";
		}
		return null;
	}

	/** After an escape starting at {@code at} (the backslash). */
	private static int skipEscape(String pattern, int at) {
		int n = pattern.length();
		char e = pattern.charAt(at + 1);
		int next = at + 2;
		if ((e == 'p' || e == 'P' || e == 'x') && next < n && pattern.charAt(next) == '{') {
			int close = pattern.indexOf('}', next);
			return close < 0 ? n : close + 1;
		}
		if (e == 'p' || e == 'P') {
			return Math.min(n, next + 1);
		}
		if (e == 'x') {
			return Math.min(n, next + 2);
		}
		return next;
	}

	/** After the character class starting at {@code at} (the {@code [}). */
	private static int skipClass(String pattern, int at) {
		int n = pattern.length();
		int i = at + 1;
		if (i < n && pattern.charAt(i) == '^') {
			i++;
		}
		if (i < n && pattern.charAt(i) == ']') {
			i++; // a leading ']' is a member
		}
		while (i < n) {
			char c = pattern.charAt(i);
			if (c == ']') {
				return i + 1;
			}
			if (c == '\\' && i + 1 < n) {
				i = skipEscape(pattern, i);
				continue;
			}
			if (c == '[' && i + 1 < n && pattern.charAt(i + 1) == ':') {
				int close = pattern.indexOf(":]", i + 2);
				if (close >= 0) {
					i = close + 2;
					continue;
				}
			}
			i++;
		}
		return n;
	}

	private static int skipLazy(String pattern, int at) {
		return at < pattern.length() && pattern.charAt(at) == '?' ? at + 1 : at;
	}

	/**
	 * The index after {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}, with n and m (or -1)
	 * in {@code bounds}; -1 when the brace starts no repeat (RE2 then reads it as a literal).
	 * Counts beyond four digits are read as 10000, which the product check refuses.
	 */
	private static int repeatEnd(String pattern, int at, int[] bounds) {
		int n = pattern.length();
		int i = at + 1;
		int start = i;
		while (i < n && Character.isDigit(pattern.charAt(i))) {
			i++;
		}
		if (i == start || i >= n) {
			return -1;
		}
		bounds[0] = count(pattern, start, i);
		bounds[1] = -1;
		if (pattern.charAt(i) == '}') {
			return i + 1;
		}
		if (pattern.charAt(i) != ',') {
			return -1;
		}
		i++;
		int maxStart = i;
		while (i < n && Character.isDigit(pattern.charAt(i))) {
			i++;
		}
		if (i >= n || pattern.charAt(i) != '}') {
			return -1;
		}
		if (i > maxStart) {
			bounds[1] = count(pattern, maxStart, i);
		}
		return i + 1;
	}

	private static int count(String pattern, int from, int to) {
		return to - from > 4 ? 10_000 : Integer.parseInt(pattern.substring(from, to));
	}

	/** One group (or the whole pattern) being scanned. */
	private static final class Frame {

		/** Expanded size of the finished items, over every alternative. */
		long total;

		/** The largest product of repeat bounds inside the finished items. */
		long maxProduct = 1;

		/** Whether the whole group can match empty (known after {@link #endAlternative}). */
		boolean nullable;

		/** Whether every finished item of the current alternative can match empty. */
		private boolean alternativeNullable = true;

		private boolean hasLast;

		private long lastWeight;

		private long lastProduct;

		private boolean lastNullable;

		void atom(long weight, long product, boolean canBeEmpty) {
			finishLast();
			this.hasLast = true;
			this.lastWeight = weight;
			this.lastProduct = product;
			this.lastNullable = canBeEmpty;
		}

		/** Applies a repeat to the last item; false when the product of nested bounds gets too large. */
		boolean repeat(int bound, boolean zeroMinimum) {
			if (!this.hasLast) {
				return true; // nothing to repeat: a syntax error the compiler reports
			}
			this.lastWeight *= bound;
			this.lastProduct *= bound;
			this.lastNullable |= zeroMinimum;
			return this.lastProduct <= MAX_REPEAT_PRODUCT;
		}

		void endAlternative() {
			finishLast();
			this.nullable |= this.alternativeNullable;
			this.alternativeNullable = true;
		}

		private void finishLast() {
			if (this.hasLast) {
				this.total += this.lastWeight;
				this.maxProduct = Math.max(this.maxProduct, this.lastProduct);
				this.alternativeNullable &= this.lastNullable;
				this.hasLast = false;
			}
		}
	}
}
