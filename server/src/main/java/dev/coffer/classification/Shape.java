package dev.coffer.classification;

/**
 * The character profile of a candidate value, computed in one pass, so that detectors can refuse
 * most candidates before any pattern runs. Holds counts, never characters.
 */
final class Shape {

	int length;

	int digits;

	int upper;

	int lower;

	int spaces;

	/** Characters other than ASCII letters, digits and spaces. */
	int others;

	int at;

	int dots;

	int colons;

	int slashes;

	int dashes;

	int commas;

	/** Letters outside ASCII (accented names, other scripts). */
	int otherLetters;

	char first;

	char last;

	int letters() {
		return this.upper + this.lower + this.otherLetters;
	}

	boolean onlyDigits() {
		return this.digits == this.length;
	}

	/** Digits plus the separators phone numbers, cards and ids use ({@code space - . ( ) / +}). */
	boolean digitsAndSeparators() {
		return this.letters() == 0 && this.digits > 0;
	}

	static Shape of(CharSequence text) {
		return of(text, 0, text.length());
	}

	static Shape of(CharSequence text, int start, int end) {
		Shape shape = new Shape();
		shape.reset(text, start, end);
		return shape;
	}

	void reset(CharSequence text, int start, int end) {
		this.length = end - start;
		this.digits = 0;
		this.upper = 0;
		this.lower = 0;
		this.spaces = 0;
		this.others = 0;
		this.at = 0;
		this.dots = 0;
		this.colons = 0;
		this.slashes = 0;
		this.dashes = 0;
		this.commas = 0;
		this.otherLetters = 0;
		this.first = this.length == 0 ? 0 : text.charAt(start);
		this.last = this.length == 0 ? 0 : text.charAt(end - 1);
		for (int i = start; i < end; i++) {
			add(text.charAt(i));
		}
	}

	/** Grows the candidate to {@code end}: adds the characters of [from, end), which follow the current ones. */
	void extend(CharSequence text, int from, int end) {
		for (int i = from; i < end; i++) {
			add(text.charAt(i));
		}
		this.length += end - from;
		this.last = text.charAt(end - 1);
	}

	private void add(char c) {
		if (c >= '0' && c <= '9') {
			this.digits++;
		}
		else if (c >= 'a' && c <= 'z') {
			this.lower++;
		}
		else if (c >= 'A' && c <= 'Z') {
			this.upper++;
		}
		else if (c == ' ' || c == '\t') {
			this.spaces++;
		}
		else {
			this.others++;
			switch (c) {
				case '@' -> this.at++;
				case '.' -> this.dots++;
				case ':' -> this.colons++;
				case '/' -> this.slashes++;
				case '-' -> this.dashes++;
				case ',' -> this.commas++;
				default -> {
					if (c > 127 && Character.isLetter(c)) {
						this.otherLetters++;
						this.others--;
					}
				}
			}
		}
	}
}
