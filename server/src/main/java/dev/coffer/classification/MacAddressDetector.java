package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

/** A MAC (EUI-48) address: six hex pairs with {@code :} or {@code -} (one kind), or three dotted quads. */
final class MacAddressDetector implements Detector {

	private static final Pattern MAC = Pattern.compile(
			"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}");

	@Override
	public DetectedType type() {
		return DetectedType.MAC_ADDRESS;
	}

	@Override
	public boolean accepts(Shape shape) {
		return (shape.length == 17 && (shape.colons == 5 || shape.dashes == 5)) || (shape.length == 14 && shape.dots == 2);
	}

	@Override
	public Match check(String value) {
		if (!MAC.matcher(value).matches()) {
			return Match.NONE;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '0' && c != ':' && c != '-' && c != '.') {
				return Match.STRONG;
			}
		}
		return Match.NONE;
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("mac", "macaddr", "macaddress", "hwaddr", "bssid", "eui");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("address", "addr");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("mac", "hardware", "device", "wifi", "ethernet", "bssid", "adapter", "address");
	}

	@Override
	public double baseScore() {
		return 0.7;
	}
}
