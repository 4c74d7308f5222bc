package dev.coffer.classification;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of strings for the detectors' large word lists, probed by hash first: most
 * lookups are of words that are not there (the capitalized words of prose checked against the
 * name lists), and a small bit array of the words' hashes (four bits per slot of the table, one set
 * per word) turns most of them away without touching the table; the others compare the hashes
 * kept in an array of their own before any string.
 */
final class WordSet extends AbstractSet<String> {

	private final String[] keys;

	private final int[] hashes;

	private final int size;

	/** Bit {@link #bit(int)} of each word's hash. */
	private final long[] filter;

	private final int filterShift;

	private WordSet(Collection<String> words) {
		int capacity = Integer.highestOneBit(Math.max(4, words.size() * 3) - 1) << 1;
		this.keys = new String[capacity];
		this.hashes = new int[capacity];
		this.filter = new long[Math.max(1, capacity / 16)];
		this.filterShift = Integer.numberOfLeadingZeros(this.filter.length * Long.SIZE - 1);
		int count = 0;
		for (String word : words) {
			int hash = word.hashCode();
			int slot = slot(hash);
			while (this.keys[slot] != null && !this.keys[slot].equals(word)) {
				slot = (slot + 1) & (capacity - 1);
			}
			if (this.keys[slot] == null) {
				this.keys[slot] = word;
				this.hashes[slot] = hash;
				int bit = bit(hash);
				this.filter[bit >>> 6] |= 1L << bit;
				count++;
			}
		}
		this.size = count;
	}

	static WordSet of(Collection<String> words) {
		return new WordSet(words);
	}

	@Override
	public boolean contains(Object o) {
		if (!(o instanceof String word)) {
			return false;
		}
		int hash = word.hashCode();
		int bit = bit(hash);
		if ((this.filter[bit >>> 6] & (1L << bit)) == 0) {
			return false;
		}
		int mask = this.keys.length - 1;
		for (int slot = slot(hash); this.keys[slot] != null; slot = (slot + 1) & mask) {
			if (this.hashes[slot] == hash && this.keys[slot].equals(word)) {
				return true;
			}
		}
		return false;
	}

	/** A bit of {@link #filter} from the high bits of a multiplicative hash (the table's slot uses the low bits). */
	private int bit(int hash) {
		return (hash * 0x9E3779B9) >>> this.filterShift;
	}

	private int slot(int hash) {
		return (hash ^ (hash >>> 16)) & (this.keys.length - 1);
	}

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public Iterator<String> iterator() {
		return new Iterator<>() {

			private int next = advance(0);

			private int advance(int from) {
				int i = from;
				while (i < WordSet.this.keys.length && WordSet.this.keys[i] == null) {
					i++;
				}
				return i;
			}

			@Override
			public boolean hasNext() {
				return this.next < WordSet.this.keys.length;
			}

			@Override
			public String next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				String word = WordSet.this.keys[this.next];
				this.next = advance(this.next + 1);
				return word;
			}
		};
	}
}
