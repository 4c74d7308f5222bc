package dev.coffer.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/** The {@code principals} table. */
@Component
class PrincipalStore {

	private static final String SELECT = "SELECT id, kind, name, display_name, email, description, status, created_at, updated_at FROM principals";

	private final JdbcClient jdbc;

	PrincipalStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(PrincipalView principal) {
		this.jdbc.sql("""
				INSERT INTO principals (id, kind, name, display_name, email, description, status, created_at, updated_at)
				VALUES (:id, :kind, :name, :displayName, :email, :description, :status, :createdAt, :updatedAt)""")
			.paramSource(principal)
			.update();
	}

	Optional<PrincipalView> find(PrincipalKind kind, String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id AND kind = :kind")
			.param("id", id)
			.param("kind", kind.value())
			.query(PrincipalStore::map)
			.optional();
	}

	Optional<PrincipalView> findById(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(PrincipalStore::map).optional();
	}

	List<PrincipalView> list(PrincipalKind kind, Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, "kind = :kind"))
			.params(paging.sqlParams())
			.param("kind", kind.value())
			.query(PrincipalStore::map)
			.list();
	}

	long count(PrincipalKind kind) {
		return this.jdbc.sql("SELECT count(*) FROM principals WHERE kind = :kind")
			.param("kind", kind.value())
			.query(Long.class)
			.single();
	}

	boolean setStatus(PrincipalKind kind, String id, String status, OffsetDateTime now) {
		return this.jdbc.sql("UPDATE principals SET status = :status, updated_at = :now WHERE id = :id AND kind = :kind")
			.param("status", status)
			.param("now", now)
			.param("id", id)
			.param("kind", kind.value())
			.update() == 1;
	}

	boolean delete(PrincipalKind kind, String id) {
		return this.jdbc.sql("DELETE FROM principals WHERE id = :id AND kind = :kind")
			.param("id", id)
			.param("kind", kind.value())
			.update() == 1;
	}

	private static PrincipalView map(ResultSet rs, int row) throws SQLException {
		return new PrincipalView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
				rs.getObject(9, OffsetDateTime.class));
	}
}
