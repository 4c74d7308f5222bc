package dev.coffer.classification;

import java.util.Map;
import java.util.Set;

/**
 * An IBAN (ISO 13616): country code, two check digits, the country's BBAN, at the length the
 * SWIFT IBAN registry sets for that country, with the MOD 97-10 checksum; printed in groups of
 * four or compact.
 */
final class IbanDetector implements Detector {

	/** IBAN lengths by country, from the SWIFT IBAN registry. */
	static final Map<String, Integer> LENGTHS = Map.ofEntries(Map.entry("AD", 24), Map.entry("AE", 23),
			Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16),
			Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21),
			Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18),
			Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18),
			Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
			Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28),
			Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26), Map.entry("IT", 27),
			Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LC", 32),
			Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27),
			Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31),
			Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28),
			Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22),
			Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24),
			Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24),
			Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20));

	@Override
	public DetectedType type() {
		return DetectedType.IBAN;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length >= 15 && shape.length <= 42 && shape.digits >= 8 && shape.letters() >= 2 && shape.others == 0;
	}

	@Override
	public Match check(String value) {
		StringBuilder compact = new StringBuilder(34);
		int group = 0;
		boolean spaced = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ' ') {
				if (group != 4) {
					return Match.NONE;
				}
				spaced = true;
				group = 0;
			}
			else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
				compact.append(c);
				group++;
				if (spaced && group > 4) {
					return Match.NONE;
				}
			}
			else if (c >= 'a' && c <= 'z') {
				compact.append((char) (c - 32));
				group++;
			}
			else {
				return Match.NONE;
			}
		}
		String iban = compact.toString();
		if (iban.length() < 15 || !Character.isLetter(iban.charAt(0)) || !Character.isLetter(iban.charAt(1))
				|| !Character.isDigit(iban.charAt(2)) || !Character.isDigit(iban.charAt(3))) {
			return Match.NONE;
		}
		Integer length = LENGTHS.get(iban.substring(0, 2));
		return length != null && length == iban.length() && Checksums.ibanMod97(iban) ? Match.STRONG : Match.NONE;
	}

	@Override
	public String validator() {
		return "checksum:iban_mod97";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("iban", "ibans");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("code", "account");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("iban", "account", "bank", "transfer", "wire", "sepa", "beneficiary", "pay", "payment");
	}

	@Override
	public double baseScore() {
		return 0.85;
	}

	@Override
	public int maxTokens() {
		return 9;
	}
}
