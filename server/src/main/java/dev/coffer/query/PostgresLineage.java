package dev.coffer.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.coffer.query.SourceDialect.Lineage;
import dev.coffer.query.SourceDialect.Relation;
import dev.coffer.query.SourceDialect.TableMeta;

/**
 * Reads from PostgreSQL's catalog how a relation shares rows with others: its parents and children
 * through {@code pg_inherits} (partitions and inheritance alike, to any depth), what a view or
 * materialized view reads through the dependencies of its rewrite rules (through other views, with
 * those relations' parents and children), whether such a rule depends on a function (built-in
 * functions are pinned and never recorded, so any recorded one is not built in), and whether the
 * relation belongs to an extension ({@code pg_depend} type {@code e}).
 */
final class PostgresLineage {

	/** Parents through pg_inherits (partitions and inheritance alike), nearest first. */
	private static final String ANCESTORS = "WITH RECURSIVE up(oid, depth) AS (SELECT inhparent, 1 FROM pg_catalog.pg_inherits "
			+ "WHERE inhrelid = ? UNION SELECT i.inhparent, up.depth + 1 FROM pg_catalog.pg_inherits i JOIN up "
			+ "ON i.inhrelid = up.oid WHERE up.depth < 64) SELECT oid FROM up GROUP BY oid ORDER BY min(depth), oid";

	/** Children, grandchildren, ... through pg_inherits. */
	private static final String DESCENDANTS = "WITH RECURSIVE down(oid, depth) AS (SELECT inhrelid, 1 FROM "
			+ "pg_catalog.pg_inherits WHERE inhparent = ? UNION SELECT i.inhrelid, down.depth + 1 FROM pg_catalog.pg_inherits i "
			+ "JOIN down ON i.inhparent = down.oid WHERE down.depth < 64) SELECT DISTINCT oid FROM down";

	/**
	 * What a view reads, through other views: the relations its rewrite rules depend on, and
	 * whether a rule depends on a function (only functions that are not built in have such a
	 * dependency: built-in objects are pinned and never recorded).
	 */
	private static final String READS = "WITH RECURSIVE reads(oid, depth) AS (SELECT CAST(? AS pg_catalog.oid), 0 UNION "
			+ "SELECT d.refobjid, reads.depth + 1 FROM reads JOIN pg_catalog.pg_rewrite r ON r.ev_class = reads.oid "
			+ "JOIN pg_catalog.pg_depend d ON d.classid = CAST('pg_catalog.pg_rewrite' AS pg_catalog.regclass) AND d.objid = r.oid "
			+ "AND d.refclassid = CAST('pg_catalog.pg_class' AS pg_catalog.regclass) AND d.refobjid <> reads.oid "
			+ "WHERE reads.depth < 64) SELECT DISTINCT oid, EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_depend d "
			+ "ON d.classid = CAST('pg_catalog.pg_rewrite' AS pg_catalog.regclass) AND d.objid = r.oid "
			+ "AND d.refclassid = CAST('pg_catalog.pg_proc' AS pg_catalog.regclass) WHERE r.ev_class = reads.oid) FROM reads";

/** The lineage of {@code table}, read from the catalog. */
static Lineage of(Connection connection, TableMeta table) throws SQLException {
		boolean extension;
		try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_depend "
				+ "WHERE classid = CAST('pg_catalog.pg_class' AS pg_catalog.regclass) AND objid = ? AND deptype = 'e')")) {
			statement.setLong(1, table.id());
			try (ResultSet rs = statement.executeQuery()) {
				extension = rs.next() && rs.getBoolean(1);
			}
		}
		List<Long> ancestors = oids(connection, ANCESTORS, table.id());
		List<Long> descendants = oids(connection, DESCENDANTS, table.id());
		List<Long> reads = new ArrayList<>();
		boolean callsFunctions = false;
		if (table.isView()) {
			try (PreparedStatement statement = connection.prepareStatement(READS)) {
				statement.setFetchSize(SourceDialect.CATALOG_FETCH_SIZE);
				statement.setLong(1, table.id());
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						callsFunctions |= rs.getBoolean(2);
						if (rs.getLong(1) != table.id()) {
							reads.add(rs.getLong(1));
						}
					}
				}
			}
			// a view over a partition or a parent reads under their relatives' policies too
			List<Long> relatives = new ArrayList<>();
			for (long read : reads) {
				relatives.addAll(oids(connection, ANCESTORS, read));
				relatives.addAll(oids(connection, DESCENDANTS, read));
			}
			relatives.stream().filter(oid -> !reads.contains(oid)).distinct().forEach(reads::add);
		}
		return new Lineage(relations(connection, ancestors), relations(connection, descendants), relations(connection, reads),
				callsFunctions, extension);
	}

	private static List<Long> oids(Connection connection, String sql, long oid) throws SQLException {
		List<Long> out = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setFetchSize(SourceDialect.CATALOG_FETCH_SIZE);
			statement.setLong(1, oid);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					out.add(rs.getLong(1));
				}
			}
		}
		return out;
	}

	/** The relations of {@code oids}, in that order, each with its columns' names. */
	private static List<Relation> relations(Connection connection, List<Long> oids) throws SQLException {
		if (oids.isEmpty()) {
			return List.of();
		}
		Map<Long, String[]> names = new HashMap<>();
		Map<Long, List<String>> columns = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement("SELECT c.oid, n.nspname, c.relname, a.attname "
				+ "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN "
				+ "pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
				+ "WHERE c.oid = ANY (?) ORDER BY c.oid, a.attnum")) {
			// in fetches: thousands of partitions stay within the connection's limit on one fetch's bytes
			statement.setFetchSize(SourceDialect.CATALOG_FETCH_SIZE);
			statement.setArray(1, connection.createArrayOf("oid", oids.toArray()));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					long oid = rs.getLong(1);
					names.putIfAbsent(oid, new String[] { rs.getString(2), rs.getString(3) });
					List<String> list = columns.computeIfAbsent(oid, k -> new ArrayList<>());
					if (rs.getString(4) != null) {
						list.add(rs.getString(4));
					}
				}
			}
		}
		List<Relation> out = new ArrayList<>(oids.size());
		for (long oid : oids) {
			String[] name = names.get(oid);
			if (name != null) {
				out.add(new Relation(name[0], name[1], List.copyOf(columns.get(oid))));
			}
		}
		return out;
	}
}
