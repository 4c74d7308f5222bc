package dev.coffer.classification;

import java.util.Arrays;

/**
 * A text cut into tokens for the {@link TextInspector}: maximal runs of non-whitespace, with
 * surrounding punctuation trimmed (brackets only when unbalanced inside the token) and a leading
 * label split off at {@code :} or {@code =} ({@code ssn:123-45-6789}, {@code key=...}) when the label
 * is letters with at least one that is not a hex digit (so IPv6 groups stay whole).
 */
final class Tokens {

	private final String text;

	private int[] starts = new int[256];

	private int[] ends = new int[256];

	/** The untrimmed extent of each token: {@code [rawStarts, rawEnds)}, the whitespace-free run it came from. */
	private int[] rawStarts = new int[256];

	private int[] rawEnds = new int[256];

	private boolean[] covered = new boolean[256];

	private final ContextWords contextWords;

	/** Per token, the bits of {@link #contextWords} its words hold, with {@link #KNOWN} once computed. */
	private long[] context;

	private int size;

	private static final long KNOWN = 1L << ContextWords.MAX_LISTS;

	private Tokens(String text, ContextWords contextWords) {
		this.text = text;
		this.contextWords = contextWords;
	}

	/** Cuts {@code text}; {@link #contextNear} asks about the lists of {@code contextWords}. */
	static Tokens of(String text, ContextWords contextWords) {
		Tokens tokens = new Tokens(text, contextWords);
		tokens.cut();
		return tokens;
	}

	private void cut() {
		String t = this.text;
		int n = t.length();
		int i = 0;
		while (i < n) {
			while (i < n && whitespace(t.charAt(i))) {
				i++;
			}
			int start = i;
			while (i < n && !whitespace(t.charAt(i))) {
				i++;
			}
			if (i > start) {
				addSplit(start, i);
			}
		}
		this.context = new long[this.size];
	}

	private static boolean whitespace(char c) {
		return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\u00a0' || c == '\f' || c == '\u000b'
				|| (c > 127 && Character.isWhitespace(c)) || c == '\u2028' || c == '\u2029';
	}

	/** Splits {@code label:value} and {@code label=value}, then trims each part. */
	private void addSplit(int start, int end) {
		String t = this.text;
		int i = start;
		boolean nonHex = false;
		// the label: letters, '_' and inner '-'; it must hold a character that is not a hex digit
		while (i < end) {
			char c = t.charAt(i);
			if (c < 128) {
				char lower = (char) (c | 0x20);
				if (lower >= 'a' && lower <= 'z') {
					nonHex |= lower > 'f';
				}
				else if (c == '_' || (c == '-' && i > start)) {
					nonHex = true;
				}
				else {
					break;
				}
			}
			else if (Character.isLetter(c)) {
				nonHex |= Character.digit(c, 16) < 0;
			}
			else {
				break;
			}
			i++;
		}
		if (nonHex && i - start >= 2 && i + 1 < end && (t.charAt(i) == ':' || t.charAt(i) == '=')
				&& t.charAt(i + 1) != '/' && t.charAt(i + 1) != ':') {
			addTrimmed(start, i, start, i);
			addTrimmed(i + 1, end, i + 1, end);
			return;
		}
		addTrimmed(start, end, start, end);
	}

	private void addTrimmed(int start, int end, int rawStart, int rawEnd) {
		String t = this.text;
		boolean open = false;
		boolean close = false;
		for (int i = start; i < end; i++) {
			char c = t.charAt(i);
			open |= c == '(';
			close |= c == ')';
		}
		while (start < end && leading(t.charAt(start), close)) {
			start++;
		}
		while (end > start && trailing(t.charAt(end - 1), open)) {
			end--;
		}
		if (end <= start) {
			return;
		}
		if (this.size == this.starts.length) {
			this.starts = Arrays.copyOf(this.starts, this.size * 2);
			this.ends = Arrays.copyOf(this.ends, this.size * 2);
			this.covered = Arrays.copyOf(this.covered, this.size * 2);
			this.rawStarts = Arrays.copyOf(this.rawStarts, this.size * 2);
			this.rawEnds = Arrays.copyOf(this.rawEnds, this.size * 2);
		}
		this.rawStarts[this.size] = rawStart;
		this.rawEnds[this.size] = rawEnd;
		this.starts[this.size] = start;
		this.ends[this.size] = end;
		this.size++;
	}

	private static boolean leading(char c, boolean closeInToken) {
		return c == '"' || c == '\'' || c == '[' || c == '{' || c == '<' || c == '\u201c' || c == '\u2018' || c == '*'
				|| c == '\u00bf' || c == '\u00a1' || c == ',' || c == ';' || (c == '(' && !closeInToken);
	}

	private static boolean trailing(char c, boolean openInToken) {
		return c == '"' || c == '\'' || c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ']'
				|| c == '}' || c == '>' || c == '\u201d' || c == '\u2019' || c == '*' || (c == ')' && !openInToken);
	}

	int size() {
		return this.size;
	}

	int start(int i) {
		return this.starts[i];
	}

	int end(int i) {
		return this.ends[i];
	}

	boolean covered(int i) {
		return this.covered[i];
	}

	/** Marks the tokens inside [start, end) as taken by a finding found before tokenizing (a PEM block). */
	void cover(int start, int end) {
		int i = Arrays.binarySearch(this.starts, 0, this.size, start);
		if (i < 0) {
			i = -i - 1;
		}
		while (i > 0 && this.ends[i - 1] > start) {
			i--;
		}
		for (; i < this.size && this.starts[i] < end; i++) {
			this.covered[i] = true;
		}
	}

	/**
	 * Whether token {@code b} follows token {@code a} after exactly one space, with nothing trimmed
	 * between them but a comma ({@code 40.7128, -74.0060}, {@code March 12, 1985}).
	 */
	boolean joinedBySpace(int a, int b) {
		if (this.rawStarts[b] - this.rawEnds[a] != 1 || this.text.charAt(this.rawEnds[a]) != ' '
				|| this.starts[b] != this.rawStarts[b]) {
			return false;
		}
		int trimmed = this.rawEnds[a] - this.ends[a];
		return trimmed == 0 || (trimmed == 1 && this.text.charAt(this.ends[a]) == ',');
	}

	/**
	 * Whether a run of several tokens may start here: numbers ({@code 4111 1111 ...}, {@code +1 (415)
	 * ...}, {@code -33.86, 151.2}) and capitalized words (names, {@code GB82 WEST ...}, {@code AB 12 34 56 C}).
	 */
	boolean mayStartRun(int i) {
		char c = this.text.charAt(this.starts[i]);
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '+' || c == '(' || c == '-'
				|| (c > 127 && Character.isUpperCase(c));
	}

	/** Whether the token starts with a lower-case letter: prose, which no multi-token value continues with. */
	boolean lowerCaseWord(int i) {
		char c = this.text.charAt(this.starts[i]);
		return (c >= 'a' && c <= 'z') || (c > 127 && Character.isLowerCase(c));
	}

	/**
	 * Whether a word of one of the context word lists in {@code lists} (bits of {@link ContextWords})
	 * is a whole word of the {@code before} tokens before or the {@link TextInspector#CONTEXT_AFTER}
	 * tokens after [first, last], within the same sentence: the search stops at a line break and at a
	 * word of four letters or more ending a sentence.
	 */
	boolean contextNear(int first, int last, long lists, int before) {
		for (int i = first - 1; i >= 0 && i >= first - before; i--) {
			if (endsSentence(i) || lineBreakBetween(i, i + 1)) {
				break;
			}
			if ((context(i) & lists) != 0) {
				return true;
			}
		}
		if (endsSentence(last)) {
			return false;
		}
		for (int i = last + 1; i < this.size && i <= last + TextInspector.CONTEXT_AFTER; i++) {
			if (lineBreakBetween(i - 1, i)) {
				break;
			}
			if ((context(i) & lists) != 0) {
				return true;
			}
			if (endsSentence(i)) {
				break;
			}
		}
		return false;
	}

	/** A token like {@code tomorrow.} ends a sentence; {@code Tel.}, {@code No.}, {@code Dr.} do not. */
	private boolean endsSentence(int i) {
		int rawEnd = this.rawEnds[i];
		char c = this.text.charAt(rawEnd - 1);
		if (c != '.' && c != '!' && c != '?') {
			return false;
		}
		return this.ends[i] - this.starts[i] >= 4;
	}

	private boolean lineBreakBetween(int a, int b) {
		for (int i = this.rawEnds[a]; i < this.rawStarts[b]; i++) {
			if (this.text.charAt(i) == '\n') {
				return true;
			}
		}
		return false;
	}

	/** The context word lists token {@code i} has a word of; looked up once per token. */
	private long context(int i) {
		long bits = this.context[i];
		if (bits == 0) {
			bits = this.contextWords.of(this.text, this.starts[i], this.ends[i]) | KNOWN;
			this.context[i] = bits;
		}
		return bits;
	}
}
