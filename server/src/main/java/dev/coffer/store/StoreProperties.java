package dev.coffer.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Coffer keeps its state: {@code coffer.data-dir} for local files, and the relational store,
 * embedded (H2 in the data directory) unless {@code coffer.store.url} names a PostgreSQL database.
 * A class rather than a record so that {@link #toString()} never prints the password.
 */
@ConfigurationProperties("coffer")
public class StoreProperties {

	private Path dataDir = Path.of("coffer-data");

	private final Store store = new Store();

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public Store getStore() {
		return this.store;
	}

	@Override
	public String toString() {
		return "StoreProperties[dataDir=" + this.dataDir + ", store=" + this.store + "]";
	}

	/** Connection settings of the relational store. */
	public static class Store {

		private String url;

		private String username;

		private String password;

		private int maxPoolSize = 16;

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public int getMaxPoolSize() {
			return this.maxPoolSize;
		}

		public void setMaxPoolSize(int maxPoolSize) {
			this.maxPoolSize = maxPoolSize;
		}

		public boolean isEmbedded() {
			return this.url == null || this.url.isBlank();
		}

		/** Whether the store is PostgreSQL (a {@code jdbc:postgresql:} URL), where some statements take its own SQL. */
		public boolean isPostgres() {
			return !isEmbedded() && this.url.startsWith("jdbc:postgresql:");
		}

		@Override
		public String toString() {
			return "Store[url=" + (isEmbedded() ? "embedded" : StoreConfiguration.describe(this.url)) + ", username=" + this.username
					+ ", password=" + (this.password == null ? "null" : "[redacted]") + "]";
		}
	}
}
