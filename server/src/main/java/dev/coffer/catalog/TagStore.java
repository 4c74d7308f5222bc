package dev.coffer.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/** The {@code tags} table. Names are unique regardless of case ({@code name_folded}). */
@Component
class TagStore {

	private static final String SELECT = """
			SELECT id, name, description, allowed_values, built_in,
			       (SELECT count(*) FROM column_tags ct WHERE ct.tag_id = tags.id), created_at, updated_at, created_by
			FROM tags""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TagStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	static String fold(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	void insert(String id, String name, String description, List<String> allowedValues, String createdBy,
			OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO tags (id, name, name_folded, description, allowed_values, built_in, created_at, updated_at, created_by)
				VALUES (:id, :name, :folded, :description, :allowed, FALSE, :now, :now, :by)""")
			.param("id", id)
			.param("name", name)
			.param("folded", fold(name))
			.param("description", description)
			.param("allowed", allowedValues == null ? null : this.json.writeValueAsString(allowedValues))
			.param("now", now)
			.param("by", createdBy)
			.update();
	}

	Optional<TagView> findByName(String name) {
		return this.jdbc.sql(SELECT + " WHERE name_folded = :folded").param("folded", fold(name)).query(this::map).optional();
	}

	List<TagView> list(Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, "1=1")).params(paging.sqlParams()).query(this::map).list();
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM tags").query(Long.class).single();
	}

	void update(String id, String description, List<String> allowedValues, OffsetDateTime now) {
		this.jdbc.sql("UPDATE tags SET description = :description, allowed_values = :allowed, updated_at = :now WHERE id = :id")
			.param("description", description)
			.param("allowed", allowedValues == null ? null : this.json.writeValueAsString(allowedValues))
			.param("now", now)
			.param("id", id)
			.update();
	}

	/** The distinct values the tag carries on columns (for a change of its allowed values). */
	List<String> valuesInUse(String id) {
		return this.jdbc.sql("SELECT DISTINCT tag_value FROM column_tags WHERE tag_id = :id")
			.param("id", id)
			.query((rs, row) -> rs.getString(1))
			.list();
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM tags WHERE id = :id AND built_in = FALSE").param("id", id).update() == 1;
	}

	List<String> parseValues(String text) {
		return text == null ? null : this.json.readValue(text, new TypeReference<List<String>>() {
		});
	}

	private TagView map(ResultSet rs, int row) throws SQLException {
		return new TagView(rs.getString(1), rs.getString(2), rs.getString(3), parseValues(rs.getString(4)),
				rs.getBoolean(5), rs.getLong(6), rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class),
				rs.getString(9));
	}
}
