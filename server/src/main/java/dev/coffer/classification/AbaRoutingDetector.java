package dev.coffer.classification;

import java.util.Set;

/**
 * An ABA routing transit number: nine digits whose first two are a Federal Reserve routing
 * symbol (00-12, 21-32, 61-72, 80) and whose weighted sum (3, 7, 1, ...) is a multiple of 10.
 */
final class AbaRoutingDetector implements Detector {

	@Override
	public DetectedType type() {
		return DetectedType.ABA_ROUTING_NUMBER;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length == 9 && shape.digits == 9;
	}

	@Override
	public Match check(String value) {
		if (value.length() != 9 || !Checksums.aba(value)) {
			return Match.NONE;
		}
		int prefix = Integer.parseInt(value.substring(0, 2));
		boolean assigned = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix == 80;
		return assigned && !value.equals("000000000") ? Match.STRONG : Match.NONE;
	}

	@Override
	public String validator() {
		return "checksum:aba";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("aba", "routing", "rtn", "routingnumber", "abanumber", "transit");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("transit", "routing");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("aba", "routing", "rtn", "transit", "ach", "wire", "bank");
	}

	@Override
	public double baseScore() {
		return 0.3;
	}

	@Override
	public double contextScore() {
		return 0.9;
	}
}
