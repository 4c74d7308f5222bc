package dev.coffer.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import net.sf.jsqlparser.statement.select.Select;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.policy.AccessDecision;
import dev.coffer.policy.AccessEngine;
import dev.coffer.policy.MaskingType;
import dev.coffer.policy.RowFilter;
import dev.coffer.policy.ValueMask;
import dev.coffer.query.QueryAnalyzer.BaseTable;
import dev.coffer.query.SourceDialect.TableMeta;

/**
 * Turns a parsed SELECT into a {@link QueryPlan} for one caller: the column decisions of every table
 * it reads, with the policies that reach it through partitions, inheritance and views
 * ({@link RelationPolicies}; NULL for every protected column while the caller is blocked by an
 * alert), the checks of {@link QueryAnalyzer}, and each table replaced by itself (schema-qualified)
 * or, under row policies (its own and its parents'), by a fenced subquery that keeps only the
 * allowed rows:
 * {@code (SELECT * FROM "schema"."table" WHERE CAST("col" AS text) = ANY (?) OFFSET 0) AS alias}.
 * Values are always bound, never written into the SQL; a row policy that lets no row through
 * becomes {@code WHERE 1 = 0}.
 */
final class QueryPlanner {

	/** The mask of a protected column while its reader is blocked. */
	static final ValueMask BLOCKED = new ValueMask() {

		@Override
		public MaskingType type() {
			return MaskingType.NULL;
		}

		@Override
		public Object apply(Object value) {
			return null;
		}

		@Override
		public String toString() {
			return "ValueMask[null]";
		}
	};

	private final AccessEngine engine;

	QueryPlanner(AccessEngine engine) {
		this.engine = engine;
	}

	QueryPlan plan(Select select, Connection connection, SourceDialect dialect, String dataSourceId,
			Collection<String> roles, boolean blocked) {
		String markerPrefix = "coffer_t" + UUID.randomUUID().toString().replace("-", "") + "_";
		RelationPolicies policies = new RelationPolicies(this.engine, roles, dataSourceId, blocked, dialect, connection);
		QueryAnalyzer analyzer = new QueryAnalyzer(connection, dialect, policies::decide, markerPrefix);
		QueryAnalyzer.Result result = analyzer.analyze(select);
		String deparsed = select.toString();
		if (SqlText.hasHiddenParts(deparsed)) {
			// the rewritten statement would not read the same to the database as to the checks
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
					"The statement cannot be written back unambiguously (comments, JDBC escapes '{...}', '$', '\\' or ';' outside "
							+ "quotes); it is not run");
		}
		List<BaseTable> tables = new ArrayList<>(result.tables());
		tables.sort(Comparator.comparingInt(table -> deparsed.indexOf(table.marker())));
		StringBuilder sql = new StringBuilder(deparsed.length() + 64 * tables.size());
		List<Object> params = new ArrayList<>();
		List<RowFilter> applied = new ArrayList<>();
		int at = 0;
		for (BaseTable table : tables) {
			int index = deparsed.indexOf(table.marker(), at);
			if (index < 0 || deparsed.indexOf(table.marker(), index + 1) >= 0) {
				throw new IllegalStateException("table marker not found exactly once");
			}
			sql.append(deparsed, at, index);
			List<RowFilter> filters = policies.rowFilters(table.meta());
			applied.addAll(filters);
			try {
				sql.append(source(table.meta(), filters, dialect, params, connection));
			}
			catch (SQLException ex) {
				throw QueryErrors.of(ex);
			}
			at = index + table.marker().length();
		}
		sql.append(deparsed, at, deparsed.length());
		return new QueryPlan(sql.toString(), params, result.outputs(), result.labels(), applied);
	}

	/** The decision NULL for a protected column of a blocked caller. */
	static AccessDecision blocked(AccessDecision decision) {
		return new AccessDecision(decision.column(), "null", MaskingType.NULL, BLOCKED, decision.policy(), decision.role(),
				"access_blocked", "NULL: an alert rule with action block tripped for this principal; protected columns are NULL "
						+ "until an administrator resolves the alert.", decision.applicable());
	}

	private static String source(TableMeta meta, List<RowFilter> filters, SourceDialect dialect, List<Object> params,
			Connection connection) throws SQLException {
		String table = dialect.quote(meta.schema()) + "." + dialect.quote(meta.name());
		List<String> conditions = new ArrayList<>();
		int firstParam = params.size();
		for (RowFilter filter : filters) {
			if (filter.allRows()) {
				continue;
			}
			String column = actualColumn(meta, filter.column());
			if (filter.noRows() || column == null) {
				// no value allowed, or the policy's reference column is not in the table: fail closed
				conditions.clear();
				params.subList(firstParam, params.size()).clear();
				conditions.add("1 = 0");
				break;
			}
			conditions.add(dialect.inValues(dialect.quote(column), filter.values(), params, connection));
		}
		if (conditions.isEmpty()) {
			return table;
		}
		return "(SELECT * FROM " + table + " WHERE " + String.join(" AND ", conditions) + dialect.fence() + ")";
	}

	private static String actualColumn(TableMeta meta, String name) {
		for (SourceDialect.ColumnMeta column : meta.columns()) {
			if (column.name().equalsIgnoreCase(name)) {
				return column.name();
			}
		}
		return null;
	}
}
