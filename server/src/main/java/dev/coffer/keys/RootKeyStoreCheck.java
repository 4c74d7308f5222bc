package dev.coffer.keys;

import dev.coffer.api.Times;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a root key that is not the store's: the first node seals a check value
 * into {@code store_meta}; every later start must open it. Without this, a wrong key would surface
 * only later as unreadable secrets.
 */
@Component
class RootKeyStoreCheck implements InitializingBean {

	private static final String META_NAME = "root_key_check";

	private static final byte[] CHECK_PLAINTEXT = "coffer root key check".getBytes(StandardCharsets.UTF_8);

	private static final byte[] CHECK_AD = "store_meta/root_key_check".getBytes(StandardCharsets.UTF_8);

	private final JdbcClient jdbc;

	private final RootKey rootKey;

	RootKeyStoreCheck(JdbcClient jdbc, RootKey rootKey) {
		this.jdbc = jdbc;
		this.rootKey = rootKey;
	}

	@Override
	public void afterPropertiesSet() {
		Optional<String> stored = read();
		if (stored.isEmpty()) {
			String sealed = Base64.getEncoder().encodeToString(this.rootKey.encrypt(CHECK_PLAINTEXT, CHECK_AD));
			try {
				this.jdbc.sql("INSERT INTO store_meta (name, meta_value, created_at) VALUES (:name, :value, :now)")
					.param("name", META_NAME)
					.param("value", sealed)
					.param("now", Times.now())
					.update();
				return;
			}
			catch (DuplicateKeyException raced) {
				stored = read();
			}
		}
		try {
			this.rootKey.decrypt(Base64.getDecoder().decode(stored.orElseThrow()), CHECK_AD);
		}
		catch (DecryptionFailedException | IllegalArgumentException ex) {
			throw new IllegalStateException("The root key (source '" + this.rootKey.sourceName()
					+ "') is not the key this store was created with; refusing to start.");
		}
	}

	private Optional<String> read() {
		return this.jdbc.sql("SELECT meta_value FROM store_meta WHERE name = :name")
			.param("name", META_NAME)
			.query(String.class)
			.optional();
	}
}
