package dev.coffer.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/** The {@code data_sources} table. Passwords arrive and leave sealed. */
@Component
class DataSourceStore {

	private static final String SELECT = """
			SELECT id, name, source_type, jdbc_url, username, password_sealed IS NOT NULL, description, max_connections,
			       last_job_id, created_at, updated_at, created_by
			FROM data_sources""";

	private final JdbcClient jdbc;

	DataSourceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String name, DataSourceType type, String url, String username, byte[] sealedPassword,
			String description, int maxConnections, String createdBy, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO data_sources (id, name, source_type, jdbc_url, username, password_sealed, description,
				                          max_connections, created_at, updated_at, created_by)
				VALUES (:id, :name, :type, :url, :username, :password, :description, :max, :now, :now, :by)""")
			.param("id", id)
			.param("name", name)
			.param("type", type.apiName())
			.param("url", url)
			.param("username", username)
			.param("password", sealedPassword, Types.VARBINARY)
			.param("description", description)
			.param("max", maxConnections)
			.param("now", now)
			.param("by", createdBy)
			.update();
	}

	Optional<DataSourceView> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(DataSourceStore::map).optional();
	}

	boolean nameTaken(String name, String exceptId) {
		return this.jdbc.sql("SELECT count(*) FROM data_sources WHERE name = :name AND id <> :id")
			.param("name", name)
			.param("id", exceptId == null ? "" : exceptId)
			.query(Long.class)
			.single() > 0;
	}

	List<DataSourceView> list(Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, "1=1")).params(paging.sqlParams()).query(DataSourceStore::map).list();
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM data_sources").query(Long.class).single();
	}

	Optional<byte[]> sealedPassword(String id) {
		return this.jdbc.sql("SELECT password_sealed FROM data_sources WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> Optional.ofNullable(rs.getBytes(1)))
			.optional()
			.flatMap(sealed -> sealed);
	}

	/** Writes every field; {@code sealedPassword} replaces the stored one (null removes it). */
	boolean update(String id, String name, String url, String username, byte[] sealedPassword, String description,
			int maxConnections, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE data_sources SET name = :name, jdbc_url = :url, username = :username, password_sealed = :password,
				       description = :description, max_connections = :max, updated_at = :now
				WHERE id = :id""")
			.param("name", name)
			.param("url", url)
			.param("username", username)
			.param("password", sealedPassword, Types.VARBINARY)
			.param("description", description)
			.param("max", maxConnections)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	void lastJob(String id, String jobId) {
		this.jdbc.sql("UPDATE data_sources SET last_job_id = :job WHERE id = :id").param("job", jobId).param("id", id).update();
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM data_sources WHERE id = :id").param("id", id).update() == 1;
	}

	private static DataSourceView map(ResultSet rs, int row) throws SQLException {
		return new DataSourceView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getBoolean(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class),
				rs.getObject(11, OffsetDateTime.class), rs.getString(12));
	}
}
