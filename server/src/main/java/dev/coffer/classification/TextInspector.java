package dev.coffer.classification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

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

	private static final int MAX_TOKENS = Detectors.ALL.stream().mapToInt(Detector::maxTokens).max().orElse(1);

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
		List<Detector> detectors = new ArrayList<>();
		for (Detector detector : Detectors.ALL) {
			if (types.contains(detector.type())) {
				detectors.add(detector);
			}
		}
		List<Finding> found = new ArrayList<>();
		Tokens tokens = Tokens.of(text);
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
				int length = j - i + 1;
				int end = tokens.end(j);
				if (j == i) {
					shape.reset(text, start, end);
				}
				else {
					shape.extend(text, tokens.end(j - 1), end);
				}
				String candidate = null;
				for (Detector detector : detectors) {
					if (detector.maxTokens() < length || !detector.accepts(shape)) {
						continue;
					}
					if (candidate == null) {
						candidate = text.substring(start, end);
					}
					Match match = detector.check(candidate);
					if (match == Match.NONE) {
						continue;
					}
					double score = score(detector, match, tokens, i, j);
					if (score >= minScore && score > 0) {
						found.add(new Finding(detector.type(), start, end, score));
					}
				}
			}
		}
		return resolve(found);
	}

	private static double score(Detector detector, Match match, Tokens tokens, int first, int last) {
		if (!detector.negativeContextWords().isEmpty()
				&& tokens.contextNear(first, last, detector.negativeContextWords(), CONTEXT_BEFORE)) {
			return 0;
		}
		if (match == Match.STRONG) {
			boolean context = tokens.contextNear(first, last, detector.contextWords(), CONTEXT_BEFORE);
			return context ? Math.max(detector.baseScore(), detector.contextScore()) : detector.baseScore();
		}
		// a weak match with context stays below a validated match with context (nine digits after "routing number")
		return tokens.contextNear(first, last, detector.contextWords(), detector.weakContextBefore())
				? detector.contextScore() - 0.1 : 0;
	}

	private static void findPemBlocks(String text, Tokens tokens, double minScore, List<Finding> found) {
		Detector pem = Detectors.ALL.get(0);
		int from = 0;
		while (true) {
			int begin = text.indexOf("-----BEGIN ", from);
			if (begin < 0) {
				return;
			}
			Matcher matcher = PrivateKeyDetector.PEM.matcher(text);
			matcher.region(begin, Math.min(text.length(), begin + 64 * 1024));
			if (matcher.lookingAt()) {
				double score = pem.baseScore();
				if (score >= minScore) {
					found.add(new Finding(DetectedType.PRIVATE_KEY, begin, matcher.end(), score));
				}
				tokens.cover(begin, matcher.end());
				from = matcher.end();
			}
			else {
				from = begin + 11;
			}
		}
	}

	/** Keeps the best of overlapping findings (score, then length, then the more specific type); text order. */
	private static List<Finding> resolve(List<Finding> found) {
		if (found.size() <= 1) {
			return found;
		}
		found.sort(Comparator.comparingDouble(Finding::score)
			.reversed()
			.thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed())
			.thenComparingInt(f -> Detectors.priority(f.type()))
			.thenComparingInt(Finding::start));
		TreeMap<Integer, Integer> taken = new TreeMap<>();
		List<Finding> kept = new ArrayList<>();
		for (Finding finding : found) {
			Map.Entry<Integer, Integer> before = taken.floorEntry(finding.end() - 1);
			if (before != null && before.getValue() > finding.start()) {
				continue;
			}
			taken.put(finding.start(), finding.end());
			kept.add(finding);
		}
		kept.sort(Comparator.comparingInt(Finding::start));
		return kept;
	}

	/** Lower-case words of a token for context matching: {@code "(SSN):"} gives {@code ssn}, {@code D.O.B.} gives {@code dob}. */
	static List<String> words(String token) {
		List<String> words = new ArrayList<>(2);
		if (initials(token)) {
			StringBuilder joined = new StringBuilder();
			for (int i = 0; i < token.length(); i++) {
				if (Character.isLetter(token.charAt(i))) {
					joined.append(Character.toLowerCase(token.charAt(i)));
				}
			}
			words.add(joined.toString());
			return words;
		}
		StringBuilder word = new StringBuilder();
		for (int i = 0; i <= token.length(); i++) {
			char c = i < token.length() ? token.charAt(i) : ' ';
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
	private static boolean initials(String token) {
		int letters = 0;
		int i = 0;
		int n = token.length();
		while (i < n && !Character.isLetter(token.charAt(i))) {
			i++;
		}
		while (i + 1 < n && Character.isLetter(token.charAt(i)) && token.charAt(i + 1) == '.') {
			letters++;
			i += 2;
		}
		if (i < n && Character.isLetter(token.charAt(i))) {
			letters++;
			i++;
		}
		while (i < n && !Character.isLetterOrDigit(token.charAt(i))) {
			i++;
		}
		return letters >= 2 && i == n && token.indexOf('.') >= 0;
	}
}
