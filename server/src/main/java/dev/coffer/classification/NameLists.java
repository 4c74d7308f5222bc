package dev.coffer.classification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The bundled name lists, lower case, one name a line: US first names and the 10,000 most
 * frequent US surnames from the 1990 Census name files (see {@code classification/README.md} in the
 * resources for source and licence), and English words that are also names.
 */
final class NameLists {

	static final Set<String> FIRST = load("classification/first-names.txt");

	static final Set<String> LAST = load("classification/last-names.txt");

	/**
	 * Common English words that are also first or last names: alone or capitalized at the start of a
	 * sentence they say little ({@code May}, {@code Will}, {@code Young}, {@code Green}).
	 */
	static final Set<String> COMMON_WORDS = words("a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "by",
			"for", "from", "with", "see", "will", "may", "june", "april", "august", "mark", "bill", "art", "rose", "long",
			"young", "white", "black", "green", "brown", "gray", "grey", "king", "park", "hall", "street", "main", "wood",
			"north", "south", "east", "west", "dear", "christian", "church", "house", "pay", "bank", "card", "love",
			"rich", "price", "early", "major", "page", "case", "bell", "cook", "hill", "lane", "ward", "chase", "miles",
			"royal", "forest", "summer", "winter", "dean", "ford", "ray", "van", "le", "la", "del", "de", "da", "son",
			"joy", "hope", "faith", "grace", "honor", "sale", "sales", "new", "best", "good", "little", "small", "large",
			"short", "strong", "sharp", "power", "money", "gold", "silver", "stone", "rock", "river", "lake", "field",
			"fields", "woods", "banks", "bishop", "pope", "judge", "officer", "read", "reading", "wells", "well",
			"booker", "hunter", "fisher", "baker", "walker", "turner", "carter", "cooper", "mason", "porter", "parker",
			"case", "frank", "guy", "man", "sky", "storm", "rain", "snow", "day", "night", "time", "land", "lord",
			"love", "joy", "star", "sun", "moon", "spring", "fall", "dawn", "easter", "christmas", "monday", "tuesday",
			"wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "july", "september",
			"october", "november", "december", "street", "road", "avenue", "drive", "court", "place", "square",
			"terrace", "way", "plaza", "city", "county", "state", "union", "service", "support", "team", "customer",
			"order", "account", "note", "notes", "total", "number", "please", "thanks", "thank", "hello", "hi", "dear",
			"regards", "best", "yes", "no", "not", "all", "any", "one", "two", "see", "call", "email", "phone", "us",
			"our", "your", "my", "his", "her", "he", "she", "it", "we", "they", "this", "that", "there", "here", "if",
			"so", "but", "as", "is", "was", "be", "do", "did", "can", "could", "would", "should", "must", "shall",
			"might", "about", "after", "before", "over", "under", "up", "down", "out", "off", "again", "then", "when",
			"where", "why", "how", "what", "who", "which", "more", "most", "some", "such", "only", "own", "same", "too",
			"very", "just", "now", "also", "well", "back", "still", "even", "ever", "never", "many", "much", "lot",
			"ask", "asked", "tell", "told", "says", "said", "sent", "send", "got", "get", "go", "went", "come", "came");

	private NameLists() {
	}

	private static Set<String> words(String... words) {
		return WordSet.of(java.util.Arrays.asList(words));
	}

	private static Set<String> load(String resource) {
		Set<String> names = new HashSet<>(16_384);
		try (InputStream in = NameLists.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("missing resource " + resource);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				String name = line.trim();
				if (!name.isEmpty() && !name.startsWith("#")) {
					names.add(name);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return WordSet.of(names);
	}
}
