package dev.coffer.classification;

import java.util.Set;

/**
 * An IPv4 address in dotted-quad form (no leading zeros, each part 0..255) or an IPv6 address
 * (RFC 4291 §2.2: eight groups, one {@code ::}, an optional trailing IPv4). Parsed by hand: no
 * name resolution ever happens.
 */
final class IpAddressDetector implements Detector {

	@Override
	public DetectedType type() {
		return DetectedType.IP_ADDRESS;
	}

	@Override
	public boolean accepts(Shape shape) {
		if (shape.spaces > 0 || shape.length < 2 || shape.length > 45) {
			return false;
		}
		boolean v4 = shape.dots == 3 && shape.letters() == 0 && shape.digits >= 4 && shape.length <= 15;
		return v4 || shape.colons >= 2;
	}

	@Override
	public Match check(String value) {
		return (value.indexOf(':') >= 0 ? ipv6(value) : ipv4(value, 0, value.length())) ? Match.STRONG : Match.NONE;
	}

	static boolean ipv4(String value, int start, int end) {
		int parts = 0;
		int i = start;
		while (i <= end) {
			int partStart = i;
			int number = 0;
			while (i < end && value.charAt(i) >= '0' && value.charAt(i) <= '9' && i - partStart < 3) {
				number = number * 10 + (value.charAt(i) - '0');
				i++;
			}
			int length = i - partStart;
			if (length == 0 || number > 255 || (length > 1 && value.charAt(partStart) == '0')) {
				return false;
			}
			parts++;
			if (i == end) {
				break;
			}
			if (value.charAt(i) != '.' || parts == 4) {
				return false;
			}
			i++;
		}
		return parts == 4;
	}

	static boolean ipv6(String value) {
		int n = value.length();
		int doubleColon = value.indexOf("::");
		if (doubleColon >= 0 && value.indexOf("::", doubleColon + 1) >= 0) {
			return false;
		}
		int groups = 0;
		int hexDigits = 0;
		int i = 0;
		if (doubleColon == 0) {
			i = 2;
		}
		while (i < n) {
			int groupStart = i;
			while (i < n && i - groupStart < 5 && Character.digit(value.charAt(i), 16) >= 0) {
				i++;
			}
			int length = i - groupStart;
			if (i < n && value.charAt(i) == '.') {
				// a trailing IPv4 takes the room of two groups
				if (!ipv4(value, groupStart, n)) {
					return false;
				}
				groups += 2;
				hexDigits += 2;
				i = n;
				break;
			}
			if (length == 0 || length > 4) {
				return false;
			}
			hexDigits += length;
			groups++;
			if (i == n) {
				break;
			}
			if (value.charAt(i) != ':') {
				return false;
			}
			i++;
			if (i < n && value.charAt(i) == ':') {
				if (i - 1 != doubleColon) {
					return false;
				}
				i++;
			}
			else if (i == n) {
				return false;
			}
		}
		boolean compressed = doubleColon >= 0;
		return hexDigits >= 1 && (compressed ? groups <= 7 : groups == 8);
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("ip", "ipv4", "ipv6", "ipaddr", "ipaddress", "inet");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("address", "addr", "v4", "v6", "4", "6");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("ip", "ipv4", "ipv6", "address", "host", "client", "server", "from", "src", "dst", "remote");
	}

	@Override
	public Set<String> negativeContextWords() {
		return Set.of("version", "ver", "v", "release", "build", "firmware", "revision", "upgrade", "oid");
	}

	@Override
	public double baseScore() {
		return 0.6;
	}
}
