package dev.coffer.classification;

import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * Up to 63 lists of context words in one lookup: a word maps to the bits of the lists that hold
 * it, so that a token's words are looked up once, and what each detector asks of that token ("is
 * one of my context words here?") is a bit test. ASCII tokens are looked up without building their
 * lower-case words as strings. Immutable and thread-safe.
 */
final class ContextWords {

	/** At most 63 lists: {@link Tokens} marks a token's bits as computed with the 64th. */
	static final int MAX_LISTS = Long.SIZE - 1;

	/** Never changed after construction. */
	private final HashMap<String, Long> bits;

	/** The same words in an open-addressing table probed with the hash of a word's lower-case characters. */
	private final String[] keys;

	private final int[] hashes;

	private final long[] values;

	private ContextWords(HashMap<String, Long> bits) {
		this.bits = bits;
		int capacity = Integer.highestOneBit(Math.max(4, bits.size() * 4) - 1) << 1;
		this.keys = new String[capacity];
		this.hashes = new int[capacity];
		this.values = new long[capacity];
		bits.forEach((word, value) -> {
			int slot = slot(word.hashCode());
			while (this.keys[slot] != null) {
				slot = (slot + 1) & (capacity - 1);
			}
			this.keys[slot] = word;
			this.hashes[slot] = word.hashCode();
			this.values[slot] = value;
		});
	}

	/** List {@code i} of {@code lists} gets bit {@code 1L << i}. */
	static ContextWords of(List<Set<String>> lists) {
		if (lists.size() > MAX_LISTS) {
			throw new IllegalArgumentException("at most " + MAX_LISTS + " word lists, got " + lists.size());
		}
		HashMap<String, Long> bits = new HashMap<>();
		for (int i = 0; i < lists.size(); i++) {
			long bit = 1L << i;
			for (String word : lists.get(i)) {
				bits.merge(word, bit, (a, b) -> a | b);
			}
		}
		return new ContextWords(bits);
	}

	/** The bits of the lists that hold a word of {@code text[start, end)}, a token (words as {@link TextInspector#words} cuts them). */
	long of(String text, int start, int end) {
		boolean ascii = true;
		for (int i = start; i < end && ascii; i++) {
			ascii = text.charAt(i) < 128;
		}
		long found = 0;
		if (!ascii || TextInspector.initials(text, start, end)) {
			for (String word : TextInspector.words(text, start, end)) {
				Long bit = this.bits.get(word);
				if (bit != null) {
					found |= bit;
				}
			}
			return found;
		}
		// ASCII: the words are the runs of letters and digits, lower-cased character by character
		int i = start;
		while (i < end) {
			while (i < end && !letterOrDigit(text.charAt(i))) {
				i++;
			}
			int from = i;
			while (i < end && letterOrDigit(text.charAt(i))) {
				i++;
			}
			if (i > from) {
				found |= lookup(text, from, i);
			}
		}
		return found;
	}

	private static boolean letterOrDigit(char c) {
		char lower = (char) (c | 0x20);
		return (lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9');
	}

	private static char lower(char c) {
		return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
	}

	/** The bits of the lower-case form of the ASCII word {@code text[from, to)}. */
	private long lookup(String text, int from, int to) {
		int hash = 0;
		for (int i = from; i < to; i++) {
			hash = 31 * hash + lower(text.charAt(i));
		}
		int length = to - from;
		int mask = this.keys.length - 1;
		for (int slot = slot(hash); this.keys[slot] != null; slot = (slot + 1) & mask) {
			String key = this.keys[slot];
			if (this.hashes[slot] == hash && key.length() == length && sameLowerCase(key, text, from)) {
				return this.values[slot];
			}
		}
		return 0;
	}

	private static boolean sameLowerCase(String key, String text, int from) {
		for (int k = 0; k < key.length(); k++) {
			if (key.charAt(k) != lower(text.charAt(from + k))) {
				return false;
			}
		}
		return true;
	}

	private int slot(int hash) {
		return (hash ^ (hash >>> 16)) & (this.keys.length - 1);
	}
}
