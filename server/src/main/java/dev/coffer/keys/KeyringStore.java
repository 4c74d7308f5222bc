package dev.coffer.keys;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code keyring_versions} table: data keys arrive and leave wrapped by the root key. */
@Component
class KeyringStore {

	private final JdbcClient jdbc;

	KeyringStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts a version unless it exists (another node may have created it first). */
	void insertIfAbsent(String keyring, int version, byte[] wrappedKey, KeyStatus status, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO keyring_versions (keyring, version, wrapped_key, status, created_at)
				VALUES (:keyring, :version, :wrapped, :status, :now)
				ON CONFLICT DO NOTHING""")
			.param("keyring", keyring)
			.param("version", version)
			.param("wrapped", wrappedKey)
			.param("status", status.name())
			.param("now", now)
			.update();
	}

	/** The highest active version, if any. */
	Optional<Row> active(String keyring) {
		return this.jdbc.sql("""
				SELECT version, wrapped_key, status FROM keyring_versions
				WHERE keyring = :keyring AND status = :status ORDER BY version DESC LIMIT 1""")
			.param("keyring", keyring)
			.param("status", KeyStatus.ACTIVE.name())
			.query((rs, n) -> new Row(rs.getInt(1), rs.getBytes(2), KeyStatus.valueOf(rs.getString(3))))
			.optional();
	}

	Optional<Row> find(String keyring, int version) {
		return this.jdbc.sql("SELECT version, wrapped_key, status FROM keyring_versions WHERE keyring = :keyring AND version = :version")
			.param("keyring", keyring)
			.param("version", version)
			.query((rs, n) -> new Row(rs.getInt(1), rs.getBytes(2), KeyStatus.valueOf(rs.getString(3))))
			.optional();
	}

	/** A stored version; the key is still wrapped. Not a record, so nothing prints the bytes. */
	static final class Row {

		private final int version;

		private final byte[] wrappedKey;

		private final KeyStatus status;

		Row(int version, byte[] wrappedKey, KeyStatus status) {
			this.version = version;
			this.wrappedKey = wrappedKey;
			this.status = status;
		}

		int version() {
			return this.version;
		}

		byte[] wrappedKey() {
			return this.wrappedKey;
		}

		KeyStatus status() {
			return this.status;
		}

		@Override
		public String toString() {
			return "KeyringVersion[v" + this.version + " " + this.status + "]";
		}
	}
}
