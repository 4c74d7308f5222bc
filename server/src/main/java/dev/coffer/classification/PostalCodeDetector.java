package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A postal code. UK postcodes ({@code SW1A 1AA}, Royal Mail format) and Canadian postal codes
 * ({@code K1A 0B1}, letters Canada Post uses) are strong; US ZIP+4 ({@code 12345-6789}) is strong;
 * five-digit ZIP codes (also the German, French, Spanish, Italian format) and Dutch {@code 1234 AB}
 * are weak: counters and ids look the same, so they need the column name or a context word.
 */
final class PostalCodeDetector implements Detector {

	private static final Pattern UK = Pattern.compile("GIR ?0AA|[A-PR-UWYZ](?:\\d[A-HJKPSTUW\\d]?|[A-HK-Y]\\d[ABEHMNPRV-Y\\d]?) ?\\d[ABD-HJLNP-UW-Z]{2}");

	private static final Pattern CA = Pattern.compile("[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z] ?\\d[ABCEGHJ-NPRSTV-Z]\\d");

	private static final Pattern ZIP4 = Pattern.compile("\\d{5}-\\d{4}");

	private static final Pattern ZIP = Pattern.compile("\\d{5}");

	private static final Pattern NL = Pattern.compile("[1-9]\\d{3} ?(?!SA|SD|SS)[A-Z]{2}");

	@Override
	public DetectedType type() {
		return DetectedType.POSTAL_CODE;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length >= 5 && shape.length <= 10 && shape.digits >= 1 && shape.lower == 0 && shape.spaces <= 1
				&& shape.others == shape.dashes && shape.dashes <= 1;
	}

	@Override
	public Match check(String value) {
		if (ZIP.matcher(value).matches()) {
			return value.equals("00000") ? Match.NONE : Match.WEAK;
		}
		if (ZIP4.matcher(value).matches() || UK.matcher(value).matches() || CA.matcher(value).matches()) {
			return Match.STRONG;
		}
		return NL.matcher(value).matches() ? Match.WEAK : Match.NONE;
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("zip", "zipcode", "postal", "postcode", "postalcode", "plz", "cep", "pincode", "zip5", "zip4");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("code", "cd", "plus", "4", "5");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("zip", "zipcode", "postal", "postcode", "post", "mailing", "address");
	}

	@Override
	public double baseScore() {
		return 0.5;
	}

	@Override
	public double contextScore() {
		return 0.8;
	}

	@Override
	public int maxTokens() {
		return 2;
	}
}
