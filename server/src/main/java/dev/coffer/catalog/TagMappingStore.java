package dev.coffer.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/** The {@code tag_mappings} table and the record of seeded defaults. */
@Component
class TagMappingStore {

	private static final String SELECT = """
			SELECT m.id, m.detected_type, t.name, m.tag_value, m.priority, m.created_at, m.updated_at
			FROM tag_mappings m JOIN tags t ON t.id = m.tag_id""";

	private final JdbcClient jdbc;

	TagMappingStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String detectedType, String tagId, String value, int priority, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO tag_mappings (id, detected_type, tag_id, tag_value, priority, created_at, updated_at)
				VALUES (:id, :type, :tag, :value, :priority, :now, :now)""")
			.param("id", id)
			.param("type", detectedType)
			.param("tag", tagId)
			.param("value", value)
			.param("priority", priority)
			.param("now", now)
			.update();
	}

	boolean exists(String detectedType, String tagId, String value, String exceptId) {
		return this.jdbc.sql("""
				SELECT count(*) FROM tag_mappings WHERE detected_type = :type AND tag_id = :tag
				AND COALESCE(tag_value, '') = :value AND id <> :id""")
			.param("type", detectedType)
			.param("tag", tagId)
			.param("value", value == null ? "" : value)
			.param("id", exceptId == null ? "" : exceptId)
			.query(Long.class)
			.single() > 0;
	}

	Optional<TagMappingView> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE m.id = :id").param("id", id).query(TagMappingStore::map).optional();
	}

	List<TagMappingView> list(String detectedType, String tagFolded, Paging paging) {
		return this.jdbc.sql(paging.sql("SELECT * FROM (" + SELECT + " WHERE " + where(detectedType, tagFolded)
				+ ") mappings", "1=1"))
			.params(paging.sqlParams())
			.params(filters(detectedType, tagFolded))
			.query(TagMappingStore::map)
			.list();
	}

	long count(String detectedType, String tagFolded) {
		return this.jdbc.sql("SELECT count(*) FROM tag_mappings m JOIN tags t ON t.id = m.tag_id WHERE "
				+ where(detectedType, tagFolded))
			.params(filters(detectedType, tagFolded))
			.query(Long.class)
			.single();
	}

	private static String where(String detectedType, String tagFolded) {
		return (detectedType == null ? "1=1" : "m.detected_type = :type") + (tagFolded == null ? "" : " AND t.name_folded = :tag");
	}

	private static Map<String, Object> filters(String detectedType, String tagFolded) {
		Map<String, Object> params = new HashMap<>();
		if (detectedType != null) {
			params.put("type", detectedType);
		}
		if (tagFolded != null) {
			params.put("tag", tagFolded);
		}
		return params;
	}

	void update(String id, String value, int priority, OffsetDateTime now) {
		this.jdbc.sql("UPDATE tag_mappings SET tag_value = :value, priority = :priority, updated_at = :now WHERE id = :id")
			.param("value", value)
			.param("priority", priority)
			.param("now", now)
			.param("id", id)
			.update();
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM tag_mappings WHERE id = :id").param("id", id).update() == 1;
	}

	/** Records that the defaults of {@code detectedType} are seeded; false if they already were. */
	boolean markSeeded(String detectedType, OffsetDateTime now) {
		return this.jdbc.sql("INSERT INTO tag_mapping_seeds (detected_type, seeded_at) VALUES (:type, :now) ON CONFLICT DO NOTHING")
			.param("type", detectedType)
			.param("now", now)
			.update() == 1;
	}

	Optional<String> tagId(String name) {
		return this.jdbc.sql("SELECT id FROM tags WHERE name_folded = :folded")
			.param("folded", TagStore.fold(name))
			.query(String.class)
			.optional();
	}

	/**
	 * The tags a column of {@code detectedType} gets: per tag, the value of its highest-priority
	 * rule (ties: the oldest rule), keyed by tag id.
	 */
	Map<String, Effective> effective(String detectedType) {
		Map<String, Effective> byTag = new HashMap<>();
		this.jdbc.sql("""
				SELECT m.tag_id, m.tag_value, m.priority FROM tag_mappings m
				WHERE m.detected_type = :type ORDER BY m.priority DESC, m.id""")
			.param("type", detectedType)
			.query(rs -> {
				byTag.putIfAbsent(rs.getString(1), new Effective(rs.getString(2), rs.getInt(3)));
			});
		return byTag;
	}

	record Effective(String value, int priority) {
	}

	private static TagMappingView map(ResultSet rs, int row) throws SQLException {
		return new TagMappingView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
				rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class));
	}
}
