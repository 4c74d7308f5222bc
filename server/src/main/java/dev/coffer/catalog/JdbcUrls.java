package dev.coffer.catalog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.coffer.api.error.ValidationFailedException;

/**
 * Checks a data source's JDBC URL before any driver sees it. A JDBC URL is an attack surface:
 * driver properties can load classes (pgjdbc {@code socketFactory}, {@code sslfactory},
 * {@code authenticationPluginClassName}), read or write files on the Coffer server ({@code loggerFile},
 * {@code sslkey}, MariaDB {@code allowLoadLocalInfile}, {@code serverRsaPublicKeyFile}), or run code
 * in the database ({@code INIT=RUNSCRIPT} in H2). So each type accepts one URL shape and an
 * allow-list of harmless parameters; everything else is refused with field {@code jdbc_url}:
 *
 * <ul>
 * <li>{@code postgresql}: {@code jdbc:postgresql://host[:port][,host2[:port2]...]/database[?params]};
 * params {@value #PG_PARAMS_DOC}.</li>
 * <li>{@code mysql} (MariaDB and MySQL): {@code jdbc:mariadb://} or {@code jdbc:mysql://host[:port][,...][/database][?params]};
 * params {@value #MARIADB_PARAMS_DOC}. A {@code jdbc:mysql:} URL is handed to MariaDB Connector/J as
 * {@code jdbc:mariadb:}.</li>
 * <li>{@code h2}: a remote server only, {@code jdbc:h2:tcp://host[:port]/path} or {@code jdbc:h2:ssl://...},
 * without {@code ;} settings: an embedded or in-memory H2 would run inside Coffer's own process.</li>
 * <li>{@code snowflake}: {@code jdbc:snowflake://<account>.snowflakecomputing.com[:443]/?db=...};
 * params {@value #SNOWFLAKE_PARAMS_DOC}; {@code db} is required. Only password authentication.</li>
 * </ul>
 * Credentials never go in the URL ({@code user}, {@code password} are refused): they go in the
 * {@code username} and {@code password} fields, where the password is sealed.
 */
final class JdbcUrls {

	static final String PG_PARAMS_DOC = "ssl, sslmode, ApplicationName, currentSchema, targetServerType, loadBalanceHosts, tcpKeepAlive, channelBinding";

	static final String MARIADB_PARAMS_DOC = "sslMode, allowPublicKeyRetrieval, tcpKeepAlive, restrictedAuth, useCompression";

	static final String SNOWFLAKE_PARAMS_DOC = "db, schema, warehouse, role, application";

	static final int MAX_LENGTH = 2048;

	private static final Set<String> PG_PARAMS = lower(PG_PARAMS_DOC);

	private static final Set<String> MARIADB_PARAMS = lower(MARIADB_PARAMS_DOC);

	private static final Set<String> SNOWFLAKE_PARAMS = lower(SNOWFLAKE_PARAMS_DOC);

	private static final Set<String> CREDENTIAL_PARAMS = Set.of("user", "password", "username", "pwd");

	private static final Map<String, Set<String>> ENUM_VALUES = Map.of(
			"sslmode", Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full", "trust"),
			"targetservertype", Set.of("any", "primary", "secondary", "preferSecondary", "preferPrimary"),
			"channelbinding", Set.of("disable", "prefer", "require"));

	private static final String HOST = "(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}])";

	private static final Pattern HOST_PORT = Pattern.compile("(" + HOST + ")(?::([0-9]{1,5}))?");

	private static final Pattern PG = Pattern.compile("jdbc:postgresql://([^/?#]+)/([^/?#;]+)(?:\\?(.*))?");

	private static final Pattern MARIADB = Pattern.compile("jdbc:(mariadb|mysql)://([^/?#]+)(?:/([^/?#;]*))?(?:\\?(.*))?");

	private static final Pattern H2 = Pattern.compile("jdbc:h2:(tcp|ssl)://([^/?#;]+)/([A-Za-z0-9_./~-]{1,512})");

	private static final Pattern SNOWFLAKE = Pattern.compile(
			"jdbc:snowflake://([A-Za-z0-9][A-Za-z0-9_.-]{0,200}\\.snowflakecomputing\\.(?:com|cn))(?::(443))?/?(?:\\?(.*))?");

	private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$.-]{1,128}");

	private static final Pattern PARAM_VALUE = Pattern.compile("[A-Za-z0-9_.,:+ -]{0,128}");

	private JdbcUrls() {
	}

	/** Where a checked URL points. Holds no credential: they are refused in URLs. */
	record Target(DataSourceType type, String driverUrl, List<HostPort> hosts, String database,
			Map<String, String> params) {
	}

	record HostPort(String host, int port) {
	}

	/**
	 * @return the URL as the driver gets it, and where it points
	 * @throws ValidationFailedException with field {@code jdbc_url} if the URL is not acceptable for {@code type}
	 */
	static Target check(DataSourceType type, String url) {
		if (url == null || url.isBlank()) {
			throw refused("required", "is required");
		}
		if (url.length() > MAX_LENGTH || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
			throw refused("invalid_format", "must be at most " + MAX_LENGTH + " printable ASCII characters without spaces");
		}
		return switch (type) {
			case POSTGRESQL -> postgres(url);
			case MYSQL -> mariadb(url);
			case H2 -> h2(url);
			case SNOWFLAKE -> snowflake(url);
		};
	}

	private static Target postgres(String url) {
		Matcher m = PG.matcher(url);
		if (!m.matches()) {
			throw refused("invalid_format",
					"must look like jdbc:postgresql://host[:port]/database[?params] for type postgresql");
		}
		List<HostPort> hosts = hosts(m.group(1), 5432);
		String database = database(m.group(2));
		Map<String, String> params = params(m.group(3), '&', PG_PARAMS, "postgresql", PG_PARAMS_DOC);
		return new Target(DataSourceType.POSTGRESQL, url, hosts, database, params);
	}

	private static Target mariadb(String url) {
		Matcher m = MARIADB.matcher(url);
		if (!m.matches()) {
			throw refused("invalid_format",
					"must look like jdbc:mariadb://host[:port][/database][?params] or jdbc:mysql://... for type mysql");
		}
		List<HostPort> hosts = hosts(m.group(2), 3306);
		String database = m.group(3) == null || m.group(3).isEmpty() ? null : database(m.group(3));
		Map<String, String> params = params(m.group(4), '&', MARIADB_PARAMS, "mysql", MARIADB_PARAMS_DOC);
		String driverUrl = "jdbc:mariadb:" + url.substring(("jdbc:" + m.group(1) + ":").length());
		return new Target(DataSourceType.MYSQL, driverUrl, hosts, database, params);
	}

	private static Target h2(String url) {
		if (url.startsWith("jdbc:h2:") && url.indexOf(';') >= 0) {
			throw refused("forbidden_parameter",
					"must not carry ';' settings: H2 settings such as INIT run code on the database server");
		}
		Matcher m = H2.matcher(url);
		if (!m.matches()) {
			throw refused("invalid_format", "must be a remote H2 server, jdbc:h2:tcp://host[:port]/path or "
					+ "jdbc:h2:ssl://host[:port]/path: an embedded or in-memory H2 would run inside Coffer's own process");
		}
		List<HostPort> hosts = hosts(m.group(2), 9092);
		if (hosts.size() != 1) {
			throw refused("invalid_format", "must name one H2 server");
		}
		if (m.group(3).contains("..")) {
			throw refused("invalid_format", "must not contain '..' in the database path");
		}
		return new Target(DataSourceType.H2, url, hosts, m.group(3), Map.of());
	}

	private static Target snowflake(String url) {
		Matcher m = SNOWFLAKE.matcher(url);
		if (!m.matches()) {
			throw refused("invalid_format",
					"must look like jdbc:snowflake://<account>.snowflakecomputing.com/?db=DATABASE&warehouse=... for type snowflake");
		}
		Map<String, String> params = params(m.group(3), '&', SNOWFLAKE_PARAMS, "snowflake", SNOWFLAKE_PARAMS_DOC);
		String db = params.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("db")).map(Map.Entry::getValue)
			.findFirst().orElse(null);
		if (db == null || db.isBlank()) {
			throw refused("required_parameter", "must name the database to catalog with the db parameter");
		}
		return new Target(DataSourceType.SNOWFLAKE, url, List.of(new HostPort(m.group(1).toLowerCase(Locale.ROOT), 443)),
				db, params);
	}

	private static List<HostPort> hosts(String list, int defaultPort) {
		List<HostPort> hosts = new ArrayList<>();
		for (String part : list.split(",", -1)) {
			Matcher m = HOST_PORT.matcher(part);
			if (!m.matches()) {
				throw refused("invalid_host", "must name hosts as host[:port] (names, IPv4 or [IPv6] addresses only)");
			}
			int port = defaultPort;
			if (m.group(2) != null) {
				port = Integer.parseInt(m.group(2));
				if (port < 1 || port > 65535) {
					throw refused("invalid_host", "has a port outside 1..65535");
				}
			}
			String host = m.group(1);
			if (host.startsWith("[")) {
				host = host.substring(1, host.length() - 1);
			}
			hosts.add(new HostPort(host.toLowerCase(Locale.ROOT), port));
		}
		if (hosts.size() > 8) {
			throw refused("invalid_host", "names more than 8 hosts");
		}
		return hosts;
	}

	private static String database(String raw) {
		if (!DATABASE.matcher(raw).matches()) {
			throw refused("invalid_format", "has a database name that is not 1 to 128 of A-Z a-z 0-9 _ $ . -");
		}
		return raw;
	}

	private static Map<String, String> params(String query, char separator, Set<String> allowed, String type,
			String allowedDoc) {
		Map<String, String> params = new LinkedHashMap<>();
		if (query == null || query.isEmpty()) {
			return params;
		}
		for (String pair : query.split(Pattern.quote(String.valueOf(separator)), -1)) {
			int eq = pair.indexOf('=');
			String name = decode(eq < 0 ? pair : pair.substring(0, eq));
			String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
			String folded = name.toLowerCase(Locale.ROOT);
			if (CREDENTIAL_PARAMS.contains(folded)) {
				throw refused("credentials_in_url",
						"must not carry credentials: give them in the username and password fields, where the password is sealed");
			}
			if (!allowed.contains(folded)) {
				throw refused("forbidden_parameter", "has a parameter that is not allowed for type " + type
						+ " (allowed: " + allowedDoc + "); parameters that load classes, touch files or run code are refused");
			}
			if (params.keySet().stream().anyMatch(existing -> existing.equalsIgnoreCase(name))) {
				throw refused("forbidden_parameter", "repeats a parameter");
			}
			if (!PARAM_VALUE.matcher(value).matches()) {
				throw refused("invalid_parameter_value", "has a parameter value that is not up to 128 of A-Z a-z 0-9 _ . , : + - and space");
			}
			Set<String> values = ENUM_VALUES.get(folded);
			if (values != null && !values.contains(value)) {
				throw refused("invalid_parameter_value", "has a value for " + name + " that is not one of " + String.join(", ", values));
			}
			params.put(name, value);
		}
		return params;
	}

	private static String decode(String raw) {
		try {
			return URLDecoder.decode(raw, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw refused("invalid_format", "has a badly encoded parameter");
		}
	}

	private static Set<String> lower(String doc) {
		Set<String> names = new java.util.HashSet<>();
		for (String name : doc.split(",")) {
			names.add(name.trim().toLowerCase(Locale.ROOT));
		}
		return Set.copyOf(names);
	}

	static ValidationFailedException refused(String code, String message) {
		return ValidationFailedException.of("jdbc_url", code, message);
	}
}
