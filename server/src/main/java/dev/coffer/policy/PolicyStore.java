package dev.coffer.policy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/**
 * The {@code column_policies}, {@code tag_policies} and {@code row_policies} tables and the
 * {@code policy_revision} counter every change bumps in its transaction.
 */
@Component
class PolicyStore {

	private final JdbcClient jdbc;

	PolicyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(PolicyKind kind, String id, String name, String description, String definition, String createdBy,
			OffsetDateTime now) {
		insert(kind, id, name, description, definition, createdBy, null, now);
	}

	/** @param managedBy the tag protection managing the (tag) policy, or {@code null} */
	void insert(PolicyKind kind, String id, String name, String description, String definition, String createdBy,
			String managedBy, OffsetDateTime now) {
		boolean managed = kind == PolicyKind.TAG && managedBy != null;
		this.jdbc.sql("INSERT INTO " + kind.table() + " (id, name, description, definition, created_at, updated_at, created_by"
				+ (managed ? ", managed_by" : "") + ") VALUES (:id, :name, :description, :definition, :now, :now, :createdBy"
				+ (managed ? ", :managedBy" : "") + ")")
			.param("id", id)
			.param("name", name)
			.param("description", description)
			.param("definition", definition)
			.param("now", now)
			.param("createdBy", createdBy)
			.param("managedBy", managedBy)
			.update();
		bumpRevision();
	}

	boolean update(PolicyKind kind, String id, String name, String description, String definition, OffsetDateTime now) {
		boolean updated = this.jdbc.sql("UPDATE " + kind.table() + """
				 SET name = :name, description = :description, definition = :definition, updated_at = :now
				WHERE id = :id""")
			.param("name", name)
			.param("description", description)
			.param("definition", definition)
			.param("now", now)
			.param("id", id)
			.update() == 1;
		if (updated) {
			bumpRevision();
		}
		return updated;
	}

	boolean delete(PolicyKind kind, String id) {
		boolean deleted = this.jdbc.sql("DELETE FROM " + kind.table() + " WHERE id = :id").param("id", id).update() == 1;
		if (deleted) {
			bumpRevision();
		}
		return deleted;
	}

	Optional<Stored> find(PolicyKind kind, String id) {
		return this.jdbc.sql(select(kind) + " WHERE id = :id").param("id", id).query(this::map).optional();
	}

	List<Stored> list(PolicyKind kind, Paging paging) {
		return this.jdbc.sql(paging.sql(select(kind), "1=1")).params(paging.sqlParams()).query(this::map).list();
	}

	List<Stored> all(PolicyKind kind) {
		return this.jdbc.sql(select(kind) + " ORDER BY id").query(this::map).list();
	}

	long count(PolicyKind kind) {
		return this.jdbc.sql("SELECT count(*) FROM " + kind.table()).query(Long.class).single();
	}

	long revision() {
		return this.jdbc.sql("SELECT revision FROM policy_revision WHERE id = 1").query(Long.class).single();
	}

	private void bumpRevision() {
		this.jdbc.sql("UPDATE policy_revision SET revision = revision + 1 WHERE id = 1").update();
	}

	private static String select(PolicyKind kind) {
		return "SELECT id, name, description, definition, created_at, updated_at, created_by, "
				+ (kind == PolicyKind.TAG ? "managed_by" : "CAST(NULL AS VARCHAR(36))") + " FROM " + kind.table();
	}

	private Stored map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getString(7),
				rs.getString(8));
	}

	/**
	 * A stored policy; {@code definition} is the normalized body as JSON; {@code managedBy} the tag
	 * protection managing it, or {@code null}.
	 */
	record Stored(String id, String name, String description, String definition, OffsetDateTime createdAt,
			OffsetDateTime updatedAt, String createdBy, String managedBy) {

		/** A row policy's definition holds allowed values, which are data: never printed. */
		@Override
		public String toString() {
			return "Stored[" + this.id + " " + this.name + "]";
		}
	}
}
