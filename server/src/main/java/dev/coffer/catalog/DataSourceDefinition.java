package dev.coffer.catalog;

/**
 * What the connector needs to reach a data source, password included, in memory for the time of a
 * connection. Not a record: {@link #toString()} never prints the password.
 */
final class DataSourceDefinition {

	private final String id;

	private final JdbcUrls.Target target;

	private final String username;

	private final Secret password;

	private final int maxConnections;

	DataSourceDefinition(String id, JdbcUrls.Target target, String username, Secret password, int maxConnections) {
		this.id = id;
		this.target = target;
		this.username = username;
		this.password = password == null ? Secret.NONE : password;
		this.maxConnections = maxConnections;
	}

	/** The data source's id, or {@code null} for a definition that is only being tested. */
	String id() {
		return this.id;
	}

	DataSourceType type() {
		return this.target.type();
	}

	JdbcUrls.Target target() {
		return this.target;
	}

	String username() {
		return this.username;
	}

	Secret password() {
		return this.password;
	}

	int maxConnections() {
		return this.maxConnections;
	}

	@Override
	public String toString() {
		return "DataSourceDefinition[" + this.id + " " + this.target.type().apiName() + ", password=redacted]";
	}
}
