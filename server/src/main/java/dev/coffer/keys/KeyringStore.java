package dev.coffer.keys;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.store.StoreProperties;

/** The {@code keyring_versions} table: data keys arrive and leave wrapped by the root key. */
@Component
class KeyringStore {

	private final JdbcClient jdbc;

	/** H2 has no {@code FOR SHARE}: on the embedded store (one process) {@link Keyrings} guards in memory. */
	private final boolean embedded;

	KeyringStore(JdbcClient jdbc, StoreProperties properties) {
		this.jdbc = jdbc;
		this.embedded = properties.getStore().isEmbedded();
	}

	boolean embedded() {
		return this.embedded;
	}

	/** Inserts a version unless it exists (another node may have created it first). */
	boolean insertIfAbsent(String keyring, int version, byte[] wrappedKey, KeyStatus status, OffsetDateTime now) {
		return this.jdbc.sql("""
				INSERT INTO keyring_versions (keyring, version, wrapped_key, status, created_at)
				VALUES (:keyring, :version, :wrapped, :status, :now)
				ON CONFLICT DO NOTHING""")
			.param("keyring", keyring)
			.param("version", version)
			.param("wrapped", wrappedKey)
			.param("status", status.name())
			.param("now", now)
			.update() == 1;
	}

	/** The highest active version, if any. */
	Optional<Row> active(String keyring) {
		return this.jdbc.sql("""
				SELECT version, wrapped_key, status, encryptions FROM keyring_versions
				WHERE keyring = :keyring AND status = :status ORDER BY version DESC LIMIT 1""")
			.param("keyring", keyring)
			.param("status", KeyStatus.ACTIVE.name())
			.query((rs, n) -> new Row(rs.getInt(1), rs.getBytes(2), KeyStatus.valueOf(rs.getString(3)), rs.getLong(4)))
			.optional();
	}

	Optional<Row> find(String keyring, int version) {
		return this.jdbc.sql("SELECT version, wrapped_key, status, encryptions FROM keyring_versions WHERE keyring = :keyring AND version = :version")
			.param("keyring", keyring)
			.param("version", version)
			.query((rs, n) -> new Row(rs.getInt(1), rs.getBytes(2), KeyStatus.valueOf(rs.getString(3)), rs.getLong(4)))
			.optional();
	}

	/** The keyrings that have at least one version, by name. */
	List<String> keyrings() {
		return this.jdbc.sql("SELECT DISTINCT keyring FROM keyring_versions ORDER BY keyring").query(String.class).list();
	}

	/** Every version of a keyring, newest first, without key material. */
	List<KeyVersion> versions(String keyring) {
		return this.jdbc.sql("""
				SELECT version, status, created_at, encryptions, status_changed_at FROM keyring_versions
				WHERE keyring = :keyring ORDER BY version DESC""")
			.param("keyring", keyring)
			.query((rs, n) -> new KeyVersion(rs.getInt(1), KeyStatus.valueOf(rs.getString(2)),
					rs.getObject(3, OffsetDateTime.class), rs.getLong(4), rs.getObject(5, OffsetDateTime.class)))
			.list();
	}

	/**
	 * Moves a version from {@code from} to {@code to} if it is still in {@code from}; a version moved
	 * to {@link KeyStatus#DESTROYED} loses its key material in the same statement.
	 * @return whether the version changed
	 */
	boolean transition(String keyring, int version, KeyStatus from, KeyStatus to, OffsetDateTime now) {
		String material = to == KeyStatus.DESTROYED ? ", wrapped_key = NULL" : "";
		return this.jdbc.sql("UPDATE keyring_versions SET status = :to, status_changed_at = :now" + material
				+ " WHERE keyring = :keyring AND version = :version AND status = :from")
			.param("to", to.name())
			.param("now", now)
			.param("keyring", keyring)
			.param("version", version)
			.param("from", from.name())
			.update() == 1;
	}

	int maxVersion(String keyring) {
		Integer max = this.jdbc.sql("SELECT MAX(version) FROM keyring_versions WHERE keyring = :keyring")
			.param("keyring", keyring)
			.query(Integer.class)
			.single();
		return max == null ? 0 : max;
	}

	/**
	 * Whether the version is still ACTIVE, and on PostgreSQL keeps it so until the caller's
	 * transaction ends: a shared row lock ({@code FOR SHARE}), which concurrent tokenize transactions
	 * all hold at once and which a rotation's {@code UPDATE} waits for (and a check after a rotation
	 * committed reads the new status). On the embedded store the caller holds {@link Keyrings}'
	 * in-memory status lock instead.
	 */
	boolean holdActive(String keyring, int version) {
		return !this.jdbc.sql("SELECT version FROM keyring_versions"
				+ " WHERE keyring = :keyring AND version = :version AND status = 'ACTIVE'" + (this.embedded ? "" : " FOR SHARE"))
			.param("keyring", keyring)
			.param("version", version)
			.query(Integer.class)
			.list()
			.isEmpty();
	}

	/** Adds {@code count} to the version's encryptions, whatever its status; answers the new total. */
	long addEncryptions(String keyring, int version, long count) {
		this.jdbc.sql("UPDATE keyring_versions SET encryptions = encryptions + :count"
				+ " WHERE keyring = :keyring AND version = :version")
			.param("count", count)
			.param("keyring", keyring)
			.param("version", version)
			.update();
		return this.jdbc.sql("SELECT encryptions FROM keyring_versions WHERE keyring = :keyring AND version = :version")
			.param("keyring", keyring)
			.param("version", version)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/** A stored version; the key is still wrapped. Not a record, so nothing prints the bytes. */
	static final class Row {

		private final int version;

		private final byte[] wrappedKey;

		private final KeyStatus status;

		private final long encryptions;

		Row(int version, byte[] wrappedKey, KeyStatus status, long encryptions) {
			this.version = version;
			this.wrappedKey = wrappedKey;
			this.status = status;
			this.encryptions = encryptions;
		}

		long encryptions() {
			return this.encryptions;
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
