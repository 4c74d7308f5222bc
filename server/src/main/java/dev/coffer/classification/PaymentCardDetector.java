package dev.coffer.classification;

import java.util.Set;

/**
 * A payment card number (PAN): 12 to 19 digits, optionally in groups separated by one kind of
 * separator (space or dash), passing Luhn (ISO/IEC 7812-1) and starting with an issuer
 * identification number of a card network at a length that network issues.
 */
final class PaymentCardDetector implements Detector {

	@Override
	public DetectedType type() {
		return DetectedType.PAYMENT_CARD;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.digits >= 12 && shape.digits <= 19 && shape.letters() == 0 && shape.length <= 23
				&& shape.others == shape.dashes;
	}

	@Override
	public Match check(String value) {
		char separator = 0;
		int group = 0;
		int groups = 0;
		StringBuilder digits = new StringBuilder(19);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
				group++;
			}
			else if ((c == ' ' || c == '-') && (separator == 0 || separator == c) && group >= 3) {
				separator = c;
				groups++;
				group = 0;
			}
			else {
				return Match.NONE;
			}
		}
		if (group == 0 || (separator != 0 && groups < 2)) {
			return Match.NONE;
		}
		String pan = digits.toString();
		return issued(pan) && !repetitive(pan) && Checksums.luhn(pan) ? Match.STRONG : Match.NONE;
	}

	/** Whether a network issues cards of this length with this prefix (ISO/IEC 7812 IIN ranges). */
	static boolean issued(String pan) {
		int n = pan.length();
		int two = Integer.parseInt(pan.substring(0, 2));
		int four = Integer.parseInt(pan.substring(0, 4));
		int six = Integer.parseInt(pan.substring(0, 6));
		char first = pan.charAt(0);
		if (first == '4') {
			return n == 13 || n == 16 || n == 19; // Visa
		}
		if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
			return n == 16; // Mastercard
		}
		if (two == 34 || two == 37) {
			return n == 15; // American Express
		}
		if (four == 6011 || (six >= 622126 && six <= 622925) || (two == 64 && pan.charAt(2) >= '4') || two == 65) {
			return n >= 16 && n <= 19; // Discover
		}
		if (four >= 3528 && four <= 3589) {
			return n >= 16 && n <= 19; // JCB
		}
		if ((four >= 3000 && four <= 3059) || two == 36 || two == 38 || two == 39) {
			return n >= 14 && n <= 19; // Diners Club
		}
		if (two == 62) {
			return n >= 16 && n <= 19; // UnionPay
		}
		if (four >= 2200 && four <= 2204) {
			return n >= 16 && n <= 19; // Mir
		}
		if (two == 50 || (two >= 56 && two <= 69)) {
			return n >= 12 && n <= 19; // Maestro
		}
		return false;
	}

	private static boolean repetitive(String pan) {
		for (int i = 1; i < pan.length(); i++) {
			if (pan.charAt(i) != pan.charAt(0)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String validator() {
		return "checksum:luhn";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("card", "cards", "cc", "pan", "creditcard", "debitcard", "cardnumber", "cardno", "ccnumber",
				"ccnum", "ccn", "credit", "debit");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("card");
	}

	@Override
	public Set<String> nameBlockers() {
		return Set.of("gift", "loyalty", "library", "id", "sim", "report", "business", "key", "membership");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("card", "credit", "debit", "visa", "mastercard", "amex", "discover", "cc", "pan", "payment",
				"pay", "paid", "charge", "charged", "cardholder", "cardnumber");
	}

	@Override
	public double baseScore() {
		return 0.8;
	}

	@Override
	public int maxTokens() {
		return 5;
	}
}
