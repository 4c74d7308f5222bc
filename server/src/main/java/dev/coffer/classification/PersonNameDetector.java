package dev.coffer.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A person's name: capitalized words ({@code Jane Doe}, {@code Doe, Jane}, {@code JANE A. DOE},
 * {@code Dr. Jane O'Neil-Smith}). A first name from the bundled list followed by a surname from
 * it is strong, unless one of them is also a common English word; a single listed name, or a pair
 * of which only one is listed, is weak (a first-name or surname column, or a context word).
 */
final class PersonNameDetector implements Detector {

	private static final Set<String> HONORIFICS = WordSet.of(List.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"));

	private static final Set<String> SUFFIXES = WordSet.of(List.of("jr", "sr", "ii", "iii", "iv", "phd", "md"));

	@Override
	public DetectedType type() {
		return DetectedType.PERSON_NAME;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.digits == 0 && shape.upper >= 1 && shape.first >= 'A' && shape.first <= 'Z' && shape.letters() >= 2 && shape.length <= 60 && shape.spaces <= 4
				&& shape.others - shape.dots - shape.dashes - shape.commas <= 2 && shape.commas <= 1 && shape.at == 0
				&& shape.slashes == 0 && shape.colons == 0;
	}

	@Override
	public Match check(String value) {
		List<String> words = new ArrayList<>(5);
		int comma = value.indexOf(',');
		if (comma >= 0) {
			// "Doe, Jane A." is "Jane A. Doe"
			if (!split(value.substring(comma + 1).trim(), words) || !split(value.substring(0, comma).trim(), words)) {
				return Match.NONE;
			}
		}
		else if (!split(value, words)) {
			return Match.NONE;
		}
		while (!words.isEmpty() && HONORIFICS.contains(bare(words.get(0)))) {
			words.remove(0);
		}
		while (words.size() > 1 && SUFFIXES.contains(bare(words.get(words.size() - 1)))) {
			words.remove(words.size() - 1);
		}
		if (words.isEmpty() || words.size() > 4 || !shaped(words)) {
			return Match.NONE;
		}
		String first = bare(words.get(0));
		String last = bare(words.get(words.size() - 1));
		if (first.length() < 2 || last.length() < 2) {
			return Match.NONE;
		}
		if (words.size() == 1) {
			return (NameLists.FIRST.contains(first) || NameLists.LAST.contains(first)) && !NameLists.COMMON_WORDS.contains(first)
					? Match.WEAK : Match.NONE;
		}
		boolean knownFirst = NameLists.FIRST.contains(first);
		boolean knownLast = surname(last);
		if (knownFirst && knownLast && !NameLists.COMMON_WORDS.contains(first) && !NameLists.COMMON_WORDS.contains(last)) {
			return Match.STRONG;
		}
		return (knownFirst || knownLast) && !NameLists.COMMON_WORDS.contains(first) ? Match.WEAK : Match.NONE;
	}

	private static boolean surname(String last) {
		if (NameLists.LAST.contains(last) || NameLists.LAST.contains(last.replace("'", "").replace("\u2019", ""))) {
			return true;
		}
		int dash = last.indexOf('-');
		return dash > 0 && (NameLists.LAST.contains(last.substring(0, dash)) || NameLists.LAST.contains(last.substring(dash + 1)));
	}

	private static boolean split(String text, List<String> words) {
		int start = -1;
		for (int i = 0; i <= text.length(); i++) {
			boolean space = i == text.length() || text.charAt(i) == ' ';
			if (space) {
				if (start >= 0) {
					words.add(text.substring(start, i));
					start = -1;
				}
			}
			else if (start < 0) {
				start = i;
			}
		}
		return !words.isEmpty();
	}

	/** Every word capitalized (or every word upper case); an inner word may be an initial. */
	private static boolean shaped(List<String> words) {
		boolean allUpper = true;
		for (String word : words) {
			for (int i = 0; i < word.length(); i++) {
				if (Character.isLowerCase(word.charAt(i))) {
					allUpper = false;
				}
			}
		}
		for (int w = 0; w < words.size(); w++) {
			String word = words.get(w);
			boolean inner = w > 0 && w < words.size() - 1;
			if (inner && (word.length() == 1 || (word.length() == 2 && word.charAt(1) == '.'))
					&& Character.isUpperCase(word.charAt(0))) {
				continue;
			}
			if (!word(word, allUpper)) {
				return false;
			}
		}
		return true;
	}

	/** {@code Smith}, {@code O'Neil}, {@code Smith-Jones}, {@code McDonald}, {@code Mr.}; or all capitals. */
	private static boolean word(String word, boolean allUpper) {
		int n = word.length();
		if (n > 0 && word.charAt(n - 1) == '.') {
			n--;
		}
		if (n < 1 || !Character.isUpperCase(word.charAt(0))) {
			return false;
		}
		boolean afterJoin = false;
		for (int i = 1; i < n; i++) {
			char c = word.charAt(i);
			if (c == '\'' || c == '-' || c == '\u2019') {
				if (afterJoin || i == n - 1) {
					return false;
				}
				afterJoin = true;
				continue;
			}
			if (!Character.isLetter(c)) {
				return false;
			}
			if (Character.isUpperCase(c) && !allUpper && !afterJoin && !(i == 2 && word.startsWith("Mc"))
					&& !(i == 3 && word.startsWith("Mac")) && !(i == 2 && (word.startsWith("De") || word.startsWith("Di")
							|| word.startsWith("La") || word.startsWith("Le")))) {
				return false;
			}
			afterJoin = false;
		}
		return true;
	}

	/** Lower case without a trailing dot. */
	private static String bare(String word) {
		String w = word.endsWith(".") ? word.substring(0, word.length() - 1) : word;
		return w.toLowerCase(Locale.ROOT);
	}

	@Override
	public String validator() {
		return "dictionary:census_names";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("name", "names", "firstname", "lastname", "fullname", "surname", "forename", "givenname",
				"familyname", "fname", "lname", "nickname", "middlename", "maidenname", "contactname", "cardholder",
				"holder", "owner", "beneficiary", "recipient", "patient", "signatory");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("first", "last", "given", "family", "middle", "full");
	}

	@Override
	public Set<String> nameBlockers() {
		return Set.of("file", "host", "user", "username", "company", "product", "domain", "table", "column", "schema",
				"database", "db", "server", "app", "application", "brand", "item", "category", "display", "screen", "org",
				"organization", "organisation", "business", "city", "street", "country", "state", "region", "event",
				"project", "team", "key", "bucket", "queue", "topic", "service", "device", "model", "class", "type",
				"field", "tag", "role", "group", "dept", "department", "store", "shop", "merchant", "vendor", "supplier",
				"bank", "branch", "site", "page", "feature", "job", "task", "plan", "sku", "path", "dir", "folder",
				"container", "image", "cluster", "node", "metric", "test", "campaign", "course", "hotel", "venue",
				"account", "legal", "trade", "package", "module", "function", "method", "variable", "attribute", "param",
				"setting", "config", "env", "environment", "zone", "channel", "list", "report", "view", "index",
				"policy", "permission", "plugin", "theme", "template", "layer", "sheet", "doc", "document", "asset",
				"resource", "network", "interface", "component", "section", "step", "stage", "pipeline", "workflow",
				"object", "entity", "record", "label", "unit", "species", "drug", "medication");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("name", "named", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "dear", "patient", "signed",
				"sincerely", "regards", "attn", "applicant", "cardholder", "tenant", "guest", "passenger", "spoke", "met",
				"mother", "father", "wife", "husband", "daughter", "surname", "contact");
	}

	/** A single name needs its cue right before it: {@code Dr. Patel}, {@code Dear Mr. Smith}, {@code name: Smith}. */
	@Override
	public int weakContextBefore() {
		return 2;
	}

	@Override
	public double baseScore() {
		return 0.6;
	}

	@Override
	public double contextScore() {
		return 0.85;
	}

	@Override
	public int maxTokens() {
		return 4;
	}
}
