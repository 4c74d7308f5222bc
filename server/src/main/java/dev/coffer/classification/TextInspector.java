package dev.coffer.classification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.springframework.stereotype.Component;

/**
 * Finds sensitive values in free text. The text is cut once into whitespace-separated tokens
 * (surrounding punctuation trimmed, {@code ssn:} and {@code key=} split off); each token, and each
 * run of up to nine tokens joined by single spaces, is a candidate that the {@link Detector}s check
 * as a whole, after a cheap filter on its {@link Shape}. A match scores the detector's base score,
 * or its context score when one of its context words is within six tokens before or three after
 * (whole words only); weak matches need a context word and score 0.1 less. Overlapping findings keep the highest
 * score, then the longest span. PEM blocks are found first, by their armor lines. Offsets are
 * UTF-16 code units. Thread-safe.
 */
@Component
public final class TextInspector {

	/** The longest text inspected in one call, in UTF-16 code units (1 MiB of ASCII). */
	public static final int MAX_CHARS = 1 << 20;

	public static final double DEFAULT_MIN_SCORE = 0.5;

	static final int CONTEXT_BEFORE = 6;

	static final int CONTEXT_AFTER = 3;

	/** The detectors in {@link Detectors} order, and what the candidate loop asks of each, read once. */
	private static final Detector[] DETECTORS = Detectors.ALL.toArray(new Detector[0]);

	private static final int[] MAX_TOKENS_OF = new int[DETECTORS.length];

	private static final int MAX_TOKENS = Detectors.ALL.stream().mapToInt(Detector::maxTokens).max().orElse(1);

	/**
	 * Context words of detector {@code d} are list {@code 2d} of {@link #CONTEXT_WORDS}, its negative
	 * context words list {@code 2d + 1}: each token's words are looked up once, whatever the number of
	 * detectors asking about them.
	 */
	private static final ContextWords CONTEXT_WORDS;

	private static final boolean[] HAS_NEGATIVE = new boolean[DETECTORS.length];

	private static final int[] WEAK_CONTEXT_BEFORE = new int[DETECTORS.length];

	private static final double[] BASE_SCORE = new double[DETECTORS.length];

	private static final double[] CONTEXT_SCORE = new double[DETECTORS.length];

	/** {@link Detectors#priority} by {@link DetectedType#ordinal()}. */
	private static final int[] PRIORITY = new int[DetectedType.values().length];

	private static final int TYPE_COUNT = DetectedType.values().length;

	/**
	 * Candidates of ASCII lower-case letters only (the words of prose, half the candidates of running
	 * text) of at most this many characters are offered only to the detectors known to accept their
	 * shape, which is just a length, a first and a last letter; longer ones to all.
	 */
	static final int LOWER_CASE_WORD_LIMIT = DETECTORS.length < Integer.SIZE ? 64 : 0;

	/**
	 * Per lower-case shape (length, first letter, last letter): bit d set when detector d accepts it,
	 * with {@link #KNOWN}; asked of the detectors the first time the shape comes up (a few hundred
	 * shapes in practice).
	 */
	private static final AtomicIntegerArray LOWER_CASE_WORDS = new AtomicIntegerArray((LOWER_CASE_WORD_LIMIT + 1) * 26 * 26);

	private static final int KNOWN = Integer.MIN_VALUE;

	private static final Plan ALL_TYPES;

	/** Groups of overlapping findings up to this size are resolved finding against finding; larger ones through a sorted map. */
	static final int SMALL_GROUP = 16;

	static {
		List<Set<String>> lists = new ArrayList<>();
		for (int d = 0; d < DETECTORS.length; d++) {
			Detector detector = DETECTORS[d];
			MAX_TOKENS_OF[d] = detector.maxTokens();
			lists.add(Set.copyOf(detector.contextWords()));
			lists.add(Set.copyOf(detector.negativeContextWords()));
			HAS_NEGATIVE[d] = !detector.negativeContextWords().isEmpty();
			WEAK_CONTEXT_BEFORE[d] = detector.weakContextBefore();
			BASE_SCORE[d] = detector.baseScore();
			CONTEXT_SCORE[d] = detector.contextScore();
		}
		CONTEXT_WORDS = ContextWords.of(lists);
		ALL_TYPES = plan(EnumSet.allOf(DetectedType.class));
		for (DetectedType type : DetectedType.values()) {
			PRIORITY[type.ordinal()] = Detectors.priority(type);
		}
	}

	public TextInspector() {
	}

	/** Every type, at {@link #DEFAULT_MIN_SCORE}. */
	public List<Finding> inspect(String text) {
		return inspect(text, EnumSet.allOf(DetectedType.class), DEFAULT_MIN_SCORE);
	}

	/**
	 * The findings of {@code types} scoring at least {@code minScore}, in text order, none
	 * overlapping another.
	 */
	public List<Finding> inspect(String text, Set<DetectedType> types, double minScore) {
		Plan plan = types.size() == TYPE_COUNT ? ALL_TYPES : plan(types);
		List<Finding> found = new ArrayList<>();
		Tokens tokens = Tokens.of(text, CONTEXT_WORDS);
		if (types.contains(DetectedType.PRIVATE_KEY)) {
			findPemBlocks(text, tokens, minScore, found);
		}
		Shape shape = new Shape();
		int count = tokens.size();
		for (int i = 0; i < count; i++) {
			if (tokens.covered(i)) {
				continue;
			}
			int start = tokens.start(i);
			boolean multi = tokens.mayStartRun(i);
			for (int j = i; j < count && j - i < MAX_TOKENS; j++) {
				if (j > i && (!multi || !tokens.joinedBySpace(j - 1, j) || tokens.covered(j) || tokens.lowerCaseWord(j))) {
					break;
				}
				int end = tokens.end(j);
				if (j == i) {
					shape.reset(text, start, end);
				}
				else {
					shape.extend(text, tokens.end(j - 1), end);
				}
				String candidate = null;
				int lowerCaseWord = shape.lower == shape.length && shape.length <= LOWER_CASE_WORD_LIMIT
						? lowerCaseWordDetectors(shape) & plan.mask : -1;
				if (lowerCaseWord == 0) {
					continue;
				}
				for (int d : plan.byRunLength[j - i + 1]) {
					Detector detector = DETECTORS[d];
					if (lowerCaseWord == -1 ? !detector.accepts(shape) : (lowerCaseWord & (1 << d)) == 0) {
						continue;
					}
					if (candidate == null) {
						candidate = text.substring(start, end);
					}
					Match match = detector.check(candidate);
					if (match == Match.NONE) {
						continue;
					}
					double score = score(d, match, tokens, i, j);
					if (score >= minScore && score > 0) {
						found.add(new Finding(detector.type(), start, end, score));
					}
				}
			}
		}
		return resolve(found);
	}

	/**
	 * Which detectors to ask, by index in {@link #DETECTORS}, in order.
	 *
	 * @param byRunLength at [n], those that may match a run of n tokens, n from 1 to {@link #MAX_TOKENS}
	 * @param mask bit d for each detector d of the types asked for (when there are fewer than 32)
	 */
	private record Plan(int[][] byRunLength, int mask) {
	}

	/** The detectors that accept {@code shape}, all ASCII lower-case letters, as bits. */
	private static int lowerCaseWordDetectors(Shape shape) {
		int index = (shape.length * 26 + (shape.first - 'a')) * 26 + (shape.last - 'a');
		int bits = LOWER_CASE_WORDS.get(index);
		if (bits == 0) {
			bits = KNOWN;
			for (int d = 0; d < DETECTORS.length; d++) {
				bits |= DETECTORS[d].accepts(shape) ? 1 << d : 0;
			}
			LOWER_CASE_WORDS.set(index, bits);
		}
		return bits & ~KNOWN;
	}

	private static Plan plan(Set<DetectedType> types) {
		int[][] byRunLength = new int[MAX_TOKENS + 1][];
		for (int n = 1; n <= MAX_TOKENS; n++) {
			int[] indexes = new int[DETECTORS.length];
			int k = 0;
			for (int d = 0; d < DETECTORS.length; d++) {
				if (MAX_TOKENS_OF[d] >= n && types.contains(DETECTORS[d].type())) {
					indexes[k++] = d;
				}
			}
			byRunLength[n] = Arrays.copyOf(indexes, k);
		}
		int mask = 0;
		for (int d : byRunLength[1]) {
			mask |= d < Integer.SIZE - 1 ? 1 << d : 0;
		}
		return new Plan(byRunLength, mask);
	}

	private static double score(int d, Match match, Tokens tokens, int first, int last) {
		long context = 1L << (2 * d);
		long negative = 1L << (2 * d + 1);
		if (HAS_NEGATIVE[d] && tokens.contextNear(first, last, negative, CONTEXT_BEFORE)) {
			return 0;
		}
		if (match == Match.STRONG) {
			boolean near = tokens.contextNear(first, last, context, CONTEXT_BEFORE);
			return near ? Math.max(BASE_SCORE[d], CONTEXT_SCORE[d]) : BASE_SCORE[d];
		}
		// a weak match with context stays below a validated match with context (nine digits after "routing number")
		return tokens.contextNear(first, last, context, WEAK_CONTEXT_BEFORE[d]) ? CONTEXT_SCORE[d] - 0.1 : 0;
	}

	private static void findPemBlocks(String text, Tokens tokens, double minScore, List<Finding> found) {
		Detector pem = Detectors.ALL.get(0);
		int from = 0;
		while (true) {
			int begin = text.indexOf("-----BEGIN ", from);
			if (begin < 0) {
				return;
			}
			int end = PrivateKeyDetector.blockEnd(text, begin, Math.min(text.length(), begin + 64 * 1024));
			if (end >= 0) {
				double score = pem.baseScore();
				if (score >= minScore) {
					found.add(new Finding(DetectedType.PRIVATE_KEY, begin, end, score));
				}
				tokens.cover(begin, end);
				from = end;
			}
			else {
				from = begin + 11;
			}
		}
	}

	/**
	 * Keeps the best of overlapping findings: the one with the highest score, then the longest, then
	 * the more specific type ({@link Detectors} order), then the first; then the best of those that
	 * do not overlap it, and so on; in text order. Findings that overlap nothing (most) are kept as
	 * they come: one pass over the findings in text order cuts them into groups linked by overlaps,
	 * and the ranking runs within each group only, which gives the same result as ranking them all,
	 * since findings of different groups never overlap.
	 */
	static List<Finding> resolve(List<Finding> found) {
		int n = found.size();
		if (n <= 1) {
			return found;
		}
		if (!byStart(found)) {
			// PEM blocks are found first, the rest in text order
			found.sort(Comparator.comparingInt(Finding::start));
		}
		List<Finding> kept = new ArrayList<>(n);
		int i = 0;
		while (i < n) {
			Finding first = found.get(i);
			int end = first.end();
			int j = i + 1;
			while (j < n && found.get(j).start() < end) {
				end = Math.max(end, found.get(j).end());
				j++;
			}
			if (j == i + 1) {
				kept.add(first);
			}
			else {
				keepBest(found.subList(i, j), kept);
			}
			i = j;
		}
		return kept;
	}

	private static boolean byStart(List<Finding> found) {
		for (int i = 1; i < found.size(); i++) {
			if (found.get(i).start() < found.get(i - 1).start()) {
				return false;
			}
		}
		return true;
	}

	/** Ranks a group of findings linked by overlaps and adds the ones it keeps to {@code kept}, in text order. */
	private static void keepBest(List<Finding> group, List<Finding> kept) {
		Finding[] ranked = group.toArray(new Finding[0]);
		Arrays.sort(ranked, TextInspector::rank);
		List<Finding> chosen = new ArrayList<>();
		if (ranked.length <= SMALL_GROUP) {
			for (Finding finding : ranked) {
				if (!overlapsAny(finding, chosen)) {
					chosen.add(finding);
				}
			}
		}
		else {
			// kept spans do not overlap: the one starting last before this one ends is the only one to check
			TreeMap<Integer, Integer> taken = new TreeMap<>();
			for (Finding finding : ranked) {
				Map.Entry<Integer, Integer> before = taken.floorEntry(finding.end() - 1);
				if (before == null || before.getValue() <= finding.start()) {
					taken.put(finding.start(), finding.end());
					chosen.add(finding);
				}
			}
		}
		chosen.sort(Comparator.comparingInt(Finding::start));
		kept.addAll(chosen);
	}

	private static boolean overlapsAny(Finding finding, List<Finding> chosen) {
		for (Finding other : chosen) {
			if (other.start() < finding.end() && finding.start() < other.end()) {
				return true;
			}
		}
		return false;
	}

	/** Best first: higher score, then longer, then the more specific type, then earlier. */
	static int rank(Finding a, Finding b) {
		int c = Double.compare(b.score(), a.score());
		if (c != 0) {
			return c;
		}
		c = Integer.compare(b.end() - b.start(), a.end() - a.start());
		if (c != 0) {
			return c;
		}
		c = Integer.compare(PRIORITY[a.type().ordinal()], PRIORITY[b.type().ordinal()]);
		return c != 0 ? c : Integer.compare(a.start(), b.start());
	}

	/** Lower-case words of a token for context matching: {@code "(SSN):"} gives {@code ssn}, {@code D.O.B.} gives {@code dob}. */
	static List<String> words(String token) {
		return words(token, 0, token.length());
	}

	/** {@link #words(String)} of the token {@code text[start, end)}. */
	static List<String> words(String text, int start, int end) {
		List<String> words = new ArrayList<>(2);
		if (initials(text, start, end)) {
			StringBuilder joined = new StringBuilder();
			for (int i = start; i < end; i++) {
				if (Character.isLetter(text.charAt(i))) {
					joined.append(Character.toLowerCase(text.charAt(i)));
				}
			}
			words.add(joined.toString());
			return words;
		}
		StringBuilder word = new StringBuilder();
		for (int i = start; i <= end; i++) {
			char c = i < end ? text.charAt(i) : ' ';
			if (Character.isLetterOrDigit(c)) {
				word.append(c);
			}
			else if (!word.isEmpty()) {
				words.add(word.toString().toLowerCase(Locale.ROOT));
				word.setLength(0);
			}
		}
		return words;
	}

	/** {@code D.O.B.}, {@code e.g.}: single letters each followed by a dot. */
	static boolean initials(String text, int start, int end) {
		int letters = 0;
		int i = start;
		while (i < end && !Character.isLetter(text.charAt(i))) {
			i++;
		}
		while (i + 1 < end && Character.isLetter(text.charAt(i)) && text.charAt(i + 1) == '.') {
			letters++;
			i += 2;
		}
		if (i < end && Character.isLetter(text.charAt(i))) {
			letters++;
			i++;
		}
		while (i < end && !Character.isLetterOrDigit(text.charAt(i))) {
			i++;
		}
		int dot = text.indexOf('.', start);
		return letters >= 2 && i == end && dot >= 0 && dot < end;
	}
}
