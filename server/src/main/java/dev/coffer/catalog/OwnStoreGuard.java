package dev.coffer.catalog;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.coffer.store.StoreProperties;

/**
 * Refuses a data source that points at Coffer's own store: sampling it would read the vault, the
 * audit log and sealed secrets. Compares the database name and the hosts, resolved: two names of
 * one machine (localhost, 127.0.0.1, the host's own addresses) are the same host. The embedded
 * store is never served over the network, and embedded H2 URLs are refused anyway.
 */
@Component
class OwnStoreGuard {

	private static final Pattern PG = Pattern.compile("jdbc:postgresql://([^/?#]+)/([^/?#;]+).*");

	private static final Pattern H2_REMOTE = Pattern.compile("jdbc:h2:(?:tcp|ssl)://([^/?#;]+)/([^;?#]+).*");

	private final StoreProperties properties;

	OwnStoreGuard(StoreProperties properties) {
		this.properties = properties;
	}

	/** @throws dev.coffer.api.error.ValidationFailedException if {@code target} is Coffer's own store */
	void check(JdbcUrls.Target target) {
		String storeUrl = this.properties.getStore().getUrl();
		if (storeUrl == null || storeUrl.isBlank()) {
			return;
		}
		Pattern pattern = switch (target.type()) {
			case POSTGRESQL -> PG;
			case H2 -> H2_REMOTE;
			default -> null;
		};
		Matcher m = pattern == null ? null : pattern.matcher(storeUrl);
		if (m == null || !m.matches()) {
			return;
		}
		if (!m.group(2).equals(target.database())) {
			return;
		}
		int defaultPort = target.type() == DataSourceType.POSTGRESQL ? 5432 : 9092;
		for (String storeHost : m.group(1).split(",")) {
			String host = storeHost;
			int port = defaultPort;
			int colon = storeHost.lastIndexOf(':');
			if (colon > 0 && !storeHost.endsWith("]") && storeHost.indexOf(':') == colon) {
				host = storeHost.substring(0, colon);
				try {
					port = Integer.parseInt(storeHost.substring(colon + 1));
				}
				catch (NumberFormatException ex) {
					continue;
				}
			}
			host = host.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
			for (JdbcUrls.HostPort candidate : target.hosts()) {
				if (candidate.port() == port && sameHost(candidate.host(), host)) {
					throw JdbcUrls.refused("own_store",
							"points at Coffer's own store; a data source can never read Coffer's database");
				}
			}
		}
	}

	static boolean sameHost(String a, String b) {
		if (a.equals(b)) {
			return true;
		}
		List<InetAddress> left = resolve(a);
		List<InetAddress> right = resolve(b);
		for (InetAddress x : left) {
			for (InetAddress y : right) {
				if (x.equals(y) || (local(x) && local(y))) {
					return true;
				}
			}
		}
		return false;
	}

	private static List<InetAddress> resolve(String host) {
		try {
			return List.of(InetAddress.getAllByName(host));
		}
		catch (UnknownHostException | SecurityException ex) {
			return List.of();
		}
	}

	private static boolean local(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
			return true;
		}
		try {
			return NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}
}
