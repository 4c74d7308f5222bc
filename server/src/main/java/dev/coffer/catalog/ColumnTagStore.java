package dev.coffer.catalog;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.Ids;
import dev.coffer.catalog.CatalogColumnView.ColumnTagView;

/** The {@code column_tags} and {@code tag_proposals} tables. */
@Component
class ColumnTagStore {

	static final String MANUAL = "manual";

	static final String CLASSIFICATION = "classification";

	static final String PROPOSAL = "proposal";

	static final String PENDING = "pending";

	static final String APPROVED = "approved";

	static final String REJECTED = "rejected";

	static final String APPLIED = "applied";

	private final JdbcClient jdbc;

	ColumnTagStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A tag on a column, as stored. */
	record TagRow(String columnId, String tagId, String value, String source, String detectedType) {
	}

	/** The latest proposal of a tag for a column, as stored. */
	record ProposalRow(String id, String columnId, String tagId, String value, String detectedType, String status) {
	}

	/** The tags of the columns, for display: column id to its tags, by tag name. */
	Map<String, List<ColumnTagView>> views(Collection<String> columnIds) {
		Map<String, List<ColumnTagView>> tags = new HashMap<>();
		if (columnIds.isEmpty()) {
			return tags;
		}
		this.jdbc.sql("""
				SELECT ct.column_id, t.name, ct.tag_value, ct.tag_source, ct.detected_type, ct.job_id, ct.assigned_by, ct.assigned_at
				FROM column_tags ct JOIN tags t ON t.id = ct.tag_id
				WHERE ct.column_id IN (:ids) ORDER BY t.name_folded""")
			.param("ids", List.copyOf(columnIds))
			.query(rs -> {
				tags.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
					.add(new ColumnTagView(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
							rs.getString(7), rs.getObject(8, OffsetDateTime.class)));
			});
		return tags;
	}

	List<TagRow> tags(Collection<String> columnIds) {
		if (columnIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT column_id, tag_id, tag_value, tag_source, detected_type FROM column_tags WHERE column_id IN (:ids)")
			.param("ids", List.copyOf(columnIds))
			.query((rs, row) -> new TagRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
			.list();
	}

	Optional<TagRow> tag(String columnId, String tagId) {
		return this.jdbc.sql("""
				SELECT column_id, tag_id, tag_value, tag_source, detected_type FROM column_tags
				WHERE column_id = :column AND tag_id = :tag""")
			.param("column", columnId)
			.param("tag", tagId)
			.query((rs, row) -> new TagRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
			.optional();
	}

	/** Sets the tag on the column, replacing what was there. */
	void putTag(String columnId, String tagId, String value, String source, String detectedType, String jobId,
			String assignedBy, OffsetDateTime now) {
		deleteTag(columnId, tagId);
		this.jdbc.sql("""
				INSERT INTO column_tags (column_id, tag_id, tag_value, tag_source, detected_type, job_id, assigned_by, assigned_at)
				VALUES (:column, :tag, :value, :source, :type, :job, :by, :now)""")
			.param("column", columnId)
			.param("tag", tagId)
			.param("value", value)
			.param("source", source)
			.param("type", detectedType)
			.param("job", jobId)
			.param("by", assignedBy)
			.param("now", now)
			.update();
	}

	boolean deleteTag(String columnId, String tagId) {
		return this.jdbc.sql("DELETE FROM column_tags WHERE column_id = :column AND tag_id = :tag")
			.param("column", columnId)
			.param("tag", tagId)
			.update() == 1;
	}

	List<ProposalRow> proposals(Collection<String> columnIds) {
		if (columnIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT id, column_id, tag_id, tag_value, detected_type, status FROM tag_proposals WHERE column_id IN (:ids)")
			.param("ids", List.copyOf(columnIds))
			.query((rs, row) -> new ProposalRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6)))
			.list();
	}

	Optional<ProposalRow> proposal(String id) {
		return this.jdbc.sql("SELECT id, column_id, tag_id, tag_value, detected_type, status FROM tag_proposals WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> new ProposalRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6)))
			.optional();
	}

	/** Records the latest proposal of a tag for a column (one row per column and tag, its id kept). */
	void putProposal(String columnId, String tagId, String value, String detectedType, Double confidence, String status,
			String jobId, String decidedBy, OffsetDateTime now) {
		boolean decided = !PENDING.equals(status);
		int updated = this.jdbc.sql("""
				UPDATE tag_proposals SET tag_value = :value, detected_type = :type, confidence = :confidence, status = :status,
				       job_id = :job, proposed_at = CASE WHEN :keepProposedAt THEN proposed_at ELSE :now END,
				       decided_at = :decidedAt, decided_by = :decidedBy
				WHERE column_id = :column AND tag_id = :tag""")
			.param("value", value)
			.param("type", detectedType)
			.param("confidence", confidence)
			.param("status", status)
			.param("job", jobId)
			.param("keepProposedAt", jobId == null)
			.param("now", now)
			.param("decidedAt", decided ? now : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.param("decidedBy", decidedBy)
			.param("column", columnId)
			.param("tag", tagId)
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO tag_proposals (id, column_id, tag_id, tag_value, detected_type, confidence, status, job_id,
					                           proposed_at, decided_at, decided_by)
					VALUES (:id, :column, :tag, :value, :type, :confidence, :status, :job, :now, :decidedAt, :decidedBy)""")
				.param("id", Ids.next())
				.param("column", columnId)
				.param("tag", tagId)
				.param("value", value)
				.param("type", detectedType)
				.param("confidence", confidence)
				.param("status", status)
				.param("job", jobId)
				.param("now", now)
				.param("decidedAt", decided ? now : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
				.param("decidedBy", decidedBy)
				.update();
		}
	}

	/** Moves a pending proposal to {@code status}; false if it was no longer pending. */
	boolean decide(String id, String status, String decidedBy, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE tag_proposals SET status = :status, decided_by = :by, decided_at = :now
				WHERE id = :id AND status = 'pending'""")
			.param("status", status)
			.param("by", decidedBy)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	void deleteProposal(String columnId, String tagId) {
		this.jdbc.sql("DELETE FROM tag_proposals WHERE column_id = :column AND tag_id = :tag")
			.param("column", columnId)
			.param("tag", tagId)
			.update();
	}

	/** Tag counts of a data source's columns, by tag name. */
	Map<String, Long> countsByTag(String dataSourceId) {
		Map<String, Long> counts = new java.util.LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT t.name, count(*) FROM column_tags ct JOIN tags t ON t.id = ct.tag_id
				JOIN catalog_columns c ON c.id = ct.column_id
				WHERE c.data_source_id = :ds GROUP BY t.name ORDER BY t.name""")
			.param("ds", dataSourceId)
			.query(rs -> {
				counts.put(rs.getString(1), rs.getLong(2));
			});
		return counts;
	}

	long pendingCount(String dataSourceId) {
		return this.jdbc.sql("""
				SELECT count(*) FROM tag_proposals p JOIN catalog_columns c ON c.id = p.column_id
				WHERE c.data_source_id = :ds AND p.status = 'pending'""")
			.param("ds", dataSourceId)
			.query(Long.class)
			.single();
	}
}
