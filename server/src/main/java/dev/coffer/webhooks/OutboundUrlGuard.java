package dev.coffer.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * Refuses outbound HTTP targets (webhooks, {@code notify_url}) that could reach inside the
 * deployment: loopback, link-local (including cloud metadata at 169.254.169.254), private,
 * unique-local, carrier-grade NAT, unspecified and multicast addresses, and internal IPv4
 * addresses inside IPv6 ones (IPv4-mapped and -compatible, NAT64, 6to4). Every address a host
 * resolves to must pass, and the check runs again before each delivery, so a name that later
 * resolves inward is caught. Hosts or addresses listed in {@code coffer.webhooks.allowed-hosts}
 * are allowed (a listed address also allows names that resolve only to listed or public addresses).
 */
@Component
public class OutboundUrlGuard {

	private final Set<String> allowedHosts;

	OutboundUrlGuard(@Value("${coffer.webhooks.allowed-hosts:}") List<String> allowedHosts) {
		this.allowedHosts = allowedHosts.stream()
			.map(host -> host.trim().toLowerCase(Locale.ROOT))
			.filter(host -> !host.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * @return the URL, parsed
	 * @throws ApiException {@code webhook_target_forbidden} if the target is not allowed
	 */
	public URI check(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw forbidden("The URL is not valid");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw forbidden("The URL must use http or https");
		}
		if (uri.getRawUserInfo() != null) {
			throw forbidden("The URL must not carry credentials");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw forbidden("The URL has no host");
		}
		String normalized = host.toLowerCase(Locale.ROOT);
		if (normalized.startsWith("[") && normalized.endsWith("]")) {
			normalized = normalized.substring(1, normalized.length() - 1);
		}
		if (this.allowedHosts.contains(normalized)) {
			return uri;
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(normalized);
		}
		catch (UnknownHostException ex) {
			throw forbidden("The host does not resolve");
		}
		for (InetAddress address : addresses) {
			if (!this.allowedHosts.contains(address.getHostAddress().toLowerCase(Locale.ROOT)) && isInternal(address)) {
				throw forbidden("The host resolves to a loopback, link-local, private or metadata address; "
						+ "list it in coffer.webhooks.allowed-hosts to allow it");
			}
		}
		return uri;
	}

	static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			return first == 0 // "this network"
					|| (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
					|| (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
					|| (first == 198 && (second == 18 || second == 19)) // benchmarking
					|| first >= 240; // reserved, broadcast
		}
		if (address instanceof Inet6Address) {
			if ((bytes[0] & 0xfe) == 0xfc) {
				return true; // unique local fc00::/7 (includes fd00:ec2::254, a metadata address)
			}
			boolean zeroPrefix = true;
			for (int i = 0; i < 10; i++) {
				zeroPrefix &= bytes[i] == 0;
			}
			boolean mapped = zeroPrefix && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff; // ::ffff:a.b.c.d
			boolean compatible = zeroPrefix && bytes[10] == 0 && bytes[11] == 0; // ::a.b.c.d (deprecated)
			boolean nat64 = bytes[0] == 0 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
					&& (bytes[3] & 0xff) == 0x9b; // 64:ff9b::/96 (RFC 6052), 64:ff9b:1::/48 (RFC 8215, local use)
			if (nat64 && (bytes[4] != 0 || bytes[5] != 0)) {
				return true;
			}
			if (mapped || compatible || nat64) {
				return isInternal(embeddedIpv4(bytes, 12));
			}
			if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
				return isInternal(embeddedIpv4(bytes, 2)); // 6to4 2002::/16 carries an IPv4 address
			}
		}
		return false;
	}

	private static InetAddress embeddedIpv4(byte[] bytes, int offset) {
		try {
			return InetAddress.getByAddress(new byte[] { bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3] });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ApiException forbidden(String message) {
		return new ApiException(ErrorCode.WEBHOOK_TARGET_FORBIDDEN, message);
	}
}
