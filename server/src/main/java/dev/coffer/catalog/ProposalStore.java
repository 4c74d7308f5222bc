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

/** Reads tag proposals for display, with their columns. */
@Component
class ProposalStore {

	private static final String SELECT = """
			SELECT * FROM (SELECT p.id, c.data_source_id, p.column_id, c.schema_name, c.table_name, c.column_name, t.name AS tag_name,
			       p.tag_value, p.detected_type, p.confidence, p.status, p.job_id, p.proposed_at, p.decided_at, p.decided_by,
			       t.name_folded
			FROM tag_proposals p JOIN catalog_columns c ON c.id = p.column_id JOIN tags t ON t.id = p.tag_id) proposals""";

	private final JdbcClient jdbc;

	ProposalStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Filters of the proposal list; {@code null} fields do not filter. */
	record Filter(String status, String dataSourceId, String tagFolded) {

		String where() {
			StringBuilder where = new StringBuilder("1=1");
			if (this.status != null) {
				where.append(" AND status = :status");
			}
			if (this.dataSourceId != null) {
				where.append(" AND data_source_id = :ds");
			}
			if (this.tagFolded != null) {
				where.append(" AND name_folded = :tag");
			}
			return where.toString();
		}

		Map<String, Object> params() {
			Map<String, Object> params = new HashMap<>();
			if (this.status != null) {
				params.put("status", this.status);
			}
			if (this.dataSourceId != null) {
				params.put("ds", this.dataSourceId);
			}
			if (this.tagFolded != null) {
				params.put("tag", this.tagFolded);
			}
			return params;
		}
	}

	List<ProposalView> list(Filter filter, Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, filter.where()))
			.params(paging.sqlParams())
			.params(filter.params())
			.query(ProposalStore::map)
			.list();
	}

	long count(Filter filter) {
		return this.jdbc.sql("SELECT count(*) FROM (" + SELECT + " WHERE " + filter.where() + ") counted")
			.params(filter.params())
			.query(Long.class)
			.single();
	}

	Optional<ProposalView> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(ProposalStore::map).optional();
	}

	private static ProposalView map(ResultSet rs, int row) throws SQLException {
		double confidence = rs.getDouble(10);
		return new ProposalView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.wasNull() ? null : confidence,
				rs.getString(11), rs.getString(12), rs.getObject(13, OffsetDateTime.class),
				rs.getObject(14, OffsetDateTime.class), rs.getString(15));
	}
}
