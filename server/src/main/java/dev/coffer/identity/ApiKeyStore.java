package dev.coffer.identity;

import dev.coffer.api.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.Ids;
import dev.coffer.api.paging.Paging;

/** The {@code api_keys} and {@code api_key_secrets} tables. */
@Component
class ApiKeyStore {

	static final String ACTIVE = "active";

	static final String DISABLED = "disabled";

	static final String REVOKED = "revoked";

	private static final String SELECT = """
			SELECT id, name, principal_id, description, roles, status, expires_at, created_at, updated_at, last_used_at,
			       revoked_at,
			       (SELECT max(s.expires_at) FROM api_key_secrets s WHERE s.api_key_id = api_keys.id) AS previous_expiry,
			       data_roles
			FROM api_keys""";

	private final JdbcClient jdbc;

	ApiKeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String principalId, String name, String description, List<String> roles,
			List<String> dataRoles, OffsetDateTime expiresAt, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO api_keys (id, principal_id, name, description, roles, data_roles, status, expires_at,
				                      created_at, updated_at)
				VALUES (:id, :principalId, :name, :description, :roles, :dataRoles, :status, :expiresAt, :now, :now)""")
			.param("id", id)
			.param("principalId", principalId)
			.param("name", name)
			.param("description", description)
			.param("roles", String.join(",", roles))
			.param("dataRoles", String.join(",", dataRoles))
			.param("status", ACTIVE)
			.param("expiresAt", expiresAt)
			.param("now", now)
			.update();
	}

	void insertSecret(String keyId, String secretHash, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO api_key_secrets (id, api_key_id, secret_hash, created_at)
				VALUES (:id, :keyId, :hash, :now)""")
			.param("id", Ids.next())
			.param("keyId", keyId)
			.param("hash", secretHash)
			.param("now", now)
			.update();
	}

	/** Locks the key's row for the rest of the transaction (serializes rotations across nodes); false if gone. */
	boolean lock(String id) {
		return this.jdbc.sql("SELECT id FROM api_keys WHERE id = :id FOR UPDATE").param("id", id).query(String.class)
			.optional().isPresent();
	}

	/** Ends every current secret of the key at {@code until}, and drops secrets already ended. */
	void retireSecrets(String keyId, OffsetDateTime until, OffsetDateTime now) {
		this.jdbc.sql("DELETE FROM api_key_secrets WHERE api_key_id = :keyId AND expires_at IS NOT NULL AND expires_at <= :now")
			.param("keyId", keyId)
			.param("now", now)
			.update();
		this.jdbc.sql("""
				UPDATE api_key_secrets SET expires_at = :until
				WHERE api_key_id = :keyId AND (expires_at IS NULL OR expires_at > :until)""")
			.param("until", until)
			.param("keyId", keyId)
			.update();
	}

	Optional<ApiKeyView> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(ApiKeyStore::map).optional();
	}

	List<ApiKeyView> list(String principalId, Paging paging) {
		String where = principalId == null ? "1=1" : "principal_id = :principalId";
		JdbcClient.StatementSpec spec = this.jdbc.sql(paging.sql(SELECT, where)).params(paging.sqlParams());
		if (principalId != null) {
			spec = spec.param("principalId", principalId);
		}
		return spec.query(ApiKeyStore::map).list();
	}

	long count(String principalId) {
		if (principalId == null) {
			return this.jdbc.sql("SELECT count(*) FROM api_keys").query(Long.class).single();
		}
		return this.jdbc.sql("SELECT count(*) FROM api_keys WHERE principal_id = :principalId")
			.param("principalId", principalId)
			.query(Long.class)
			.single();
	}

	/** Changes the status unless the key is revoked (revocation is final). */
	boolean setStatus(String id, String status, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE api_keys SET status = :status, updated_at = :now,
				       revoked_at = CASE WHEN :status = 'revoked' THEN :now ELSE revoked_at END
				WHERE id = :id AND status <> 'revoked'""")
			.param("status", status)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM api_keys WHERE id = :id").param("id", id).update() == 1;
	}

	boolean setDataRoles(String id, List<String> dataRoles, OffsetDateTime now) {
		return this.jdbc.sql("UPDATE api_keys SET data_roles = :dataRoles, updated_at = :now WHERE id = :id")
			.param("dataRoles", String.join(",", dataRoles))
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * The platform and data roles of the principal's usable keys (active, not expired), or empty
	 * when no such principal exists.
	 */
	Optional<List<String[]>> rolesOfPrincipal(String principalId, OffsetDateTime now) {
		boolean exists = this.jdbc.sql("SELECT count(*) FROM principals WHERE id = :id")
			.param("id", principalId)
			.query(Long.class)
			.single() > 0;
		if (!exists) {
			return Optional.empty();
		}
		return Optional.of(this.jdbc.sql("""
				SELECT roles, data_roles FROM api_keys
				WHERE principal_id = :id AND status = 'active' AND (expires_at IS NULL OR expires_at > :now)""")
			.param("id", principalId)
			.param("now", now)
			.query((rs, row) -> new String[] { rs.getString(1), rs.getString(2) })
			.list());
	}

	void touch(String id, OffsetDateTime now) {
		this.jdbc.sql("UPDATE api_keys SET last_used_at = :now WHERE id = :id").param("now", now).param("id", id).update();
	}

	/** Everything authentication needs about a key name, in one indexed query. */
	Optional<AuthRecord> findForAuthentication(String name) {
		List<AuthRecord> rows = new ArrayList<>();
		this.jdbc.sql("""
				SELECT k.id, k.principal_id, p.kind, p.name, k.roles, k.status, k.expires_at, p.status,
				       s.secret_hash, s.expires_at, k.data_roles
				FROM api_keys k
				JOIN principals p ON p.id = k.principal_id
				LEFT JOIN api_key_secrets s ON s.api_key_id = k.id
				WHERE k.name = :name""")
			.param("name", name)
			.query((ResultSet rs) -> {
				AuthRecord record = rows.isEmpty() ? null : rows.get(0);
				if (record == null) {
					record = new AuthRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
							roles(rs.getString(5)), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
							rs.getString(8), roles(rs.getString(11)), new ArrayList<>());
					rows.add(record);
				}
				String hash = rs.getString(9);
				if (hash != null) {
					record.secrets().add(new SecretRecord(hash, rs.getObject(10, OffsetDateTime.class)));
				}
			});
		return rows.stream().findFirst();
	}

	static List<String> roles(String stored) {
		return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
	}

	private static ApiKeyView map(ResultSet rs, int row) throws SQLException {
		String status = rs.getString(6);
		OffsetDateTime expiresAt = rs.getObject(7, OffsetDateTime.class);
		if (ACTIVE.equals(status) && expiresAt != null && !expiresAt.isAfter(Times.now())) {
			status = "expired";
		}
		OffsetDateTime previous = rs.getObject(12, OffsetDateTime.class);
		if (previous != null && !previous.isAfter(Times.now())) {
			previous = null;
		}
		return new ApiKeyView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				roles(rs.getString(5)), status, expiresAt, rs.getObject(8, OffsetDateTime.class),
				rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
				rs.getObject(11, OffsetDateTime.class), previous, roles(rs.getString(13)));
	}

	/** A key as authentication sees it. Holds only keyed hashes, never a secret. */
	record AuthRecord(String keyId, String principalId, String principalKind, String principalName, List<String> roles,
			String status, OffsetDateTime expiresAt, String principalStatus, List<String> dataRoles,
			List<SecretRecord> secrets) {
	}

	record SecretRecord(String hash, OffsetDateTime expiresAt) {
	}
}
