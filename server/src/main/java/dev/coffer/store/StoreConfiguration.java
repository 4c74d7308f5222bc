package dev.coffer.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The relational store. Embedded default: H2 in {@code DATA_DIR/store}, in PostgreSQL mode so that
 * one set of Flyway migrations serves both stores; every commit is written to the file before it
 * is acknowledged ({@code WRITE_DELAY=0}), so a process killed with SIGKILL loses no acknowledged
 * write (see {@code bench/README.md} for the measurement that chose H2 and this setting).
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

	static final String EMBEDDED_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
			+ ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

	@Bean
	DataDirectory dataDirectory(StoreProperties properties) {
		return DataDirectory.open(properties.getDataDir());
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(StoreProperties properties, DataDirectory dataDirectory) {
		StoreProperties.Store store = properties.getStore();
		HikariConfig config = new HikariConfig();
		config.setPoolName("coffer-store");
		config.setMaximumPoolSize(store.getMaxPoolSize());
		if (store.isEmbedded()) {
			String url = "jdbc:h2:file:" + dataDirectory.resolve("store").toString() + EMBEDDED_OPTIONS;
			config.setJdbcUrl(url);
			config.setUsername("coffer");
			config.setPassword("");
			log.info("Store: embedded H2 at {}", dataDirectory.resolve("store.mv.db"));
		}
		else {
			config.setJdbcUrl(store.getUrl());
			config.setUsername(store.getUsername());
			config.setPassword(store.getPassword());
			if (store.getUrl().toLowerCase(java.util.Locale.ROOT).contains("rewritebatchedinserts=true")) {
				// pgjdbc then answers SUCCESS_NO_INFO for every row of a batch: a taken token would look issued
				throw new IllegalStateException("coffer.store.url must not set reWriteBatchedInserts=true: "
						+ "the vault needs per-row update counts");
			}
			if (store.isPostgres()) {
				// keep row values ("Key (name)=(value) already exists") out of exception messages
				config.addDataSourceProperty("logServerErrorDetail", "false");
			}
			log.info("Store: {}", describe(store.getUrl()));
		}
		return new HikariDataSource(config);
	}

	/** The JDBC URL without its query string, which may hold credentials. */
	static String describe(String url) {
		int query = url.indexOf('?');
		return query < 0 ? url : url.substring(0, query) + "?…";
	}

	static boolean isPostgres(DataSource dataSource) {
		return dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl().startsWith("jdbc:postgresql:");
	}
}
