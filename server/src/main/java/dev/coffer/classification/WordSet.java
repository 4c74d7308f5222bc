package dev.coffer.classification;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of strings for the detectors' large word lists, probed by hash first: the hash
 * of each word sits in an array of its own, so that looking up a word that is not there (most
 * lookups: the capitalized words of prose checked against the name lists) reads one array slot or
 * two instead of the string objects of a chain of neighbours.
 */
final class WordSet extends AbstractSet<String> {

	private final String[] keys;

	private final int[] hashes;

	private final int size;

	private WordSet(Collection<String> words) {
		int capacity = Integer.highestOneBit(Math.max(4, words.size() * 3) - 1) << 1;
		this.keys = new String[capacity];
		this.hashes = new int[capacity];
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
		int mask = this.keys.length - 1;
		for (int slot = slot(hash); this.keys[slot] != null; slot = (slot + 1) & mask) {
			if (this.hashes[slot] == hash && this.keys[slot].equals(word)) {
				return true;
			}
		}
		return false;
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
