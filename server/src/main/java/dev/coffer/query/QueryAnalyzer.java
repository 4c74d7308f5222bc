package dev.coffer.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.policy.AccessDecision;
import dev.coffer.query.SourceDialect.Ident;
import dev.coffer.query.SourceDialect.TableMeta;

/**
 * Resolves every name of a parsed SELECT against the database's own catalog, follows each output
 * column back to the table column it comes from, enforces the rules on protected columns, and
 * rewrites the statement so the database reads it exactly as it was checked.
 *
 * <p>The rules. A column is <em>protected</em> for the caller when it does not see it in clear
 * (its decision is {@code masked} or {@code null}). A protected column may reach the result only
 * as a plain column reference in a select list (an alias is fine), possibly through derived tables
 * and CTEs; its mask is applied to its values as they leave the database. Anywhere else it is
 * refused: inside an expression or function ({@code masked_column_in_expression}), or in WHERE,
 * JOIN ON/USING, GROUP BY, HAVING, QUALIFY, ORDER BY, window PARTITION BY/ORDER BY, DISTINCT, set
 * operations and the result of a subquery that is compared ({@code masked_column_in_filter}): a
 * filter, a join, a sort or a duplicate check on a hidden value would reveal it row by row.
 *
 * <p>The rewrite. Every table reference becomes a marker replaced later by the table (or its
 * row-filtered, fenced subquery); every column reference is written as {@code alias."column"}
 * with the name the catalog gives; {@code *} and {@code t.*} are expanded into those references;
 * ORDER BY, GROUP BY and DISTINCT ON names of output columns become their position. So the database
 * cannot bind a name to another column than the one whose policy was applied.
 */
final class QueryAnalyzer {

	/** How an output or source column relates to the policies. */
	record Origin(SourceDialect.TableMeta table, String column, AccessDecision decision, boolean protectedSource) {

		static final Origin COMPUTED = new Origin(null, null, null, false);

		/** Computed from at least one column a policy protects (which the caller sees in clear). */
		static final Origin COMPUTED_FROM_PROTECTED = new Origin(null, null, null, true);

		static Origin of(TableMeta table, String column, AccessDecision decision) {
			return new Origin(table, column, decision, !"unprotected".equals(decision.reason()));
		}

		/** Whether the caller does not see it in clear. */
		boolean hidden() {
			return this.decision != null && !"clear".equals(this.decision.disposition());
		}
	}

	/** A table reference to be replaced by the table itself or its row-filtered subquery. */
	record BaseTable(String marker, TableMeta meta) {
	}

	/** The policy decisions of a table's columns, in the table's order. */
	interface Decisions {

		List<AccessDecision> of(TableMeta table);
	}

	private enum Use {

		FILTER, EXPRESSION
	}

	private record Named(String name, Origin origin) {
	}

	private record SourceColumn(String name, Origin origin) {
	}

	/** A FROM item as the query sees it: its alias and its columns. */
	private record Source(String aliasSql, String aliasKey, TableMeta base, boolean explicitAlias, List<SourceColumn> columns) {
	}

	private static final class Scope {

		final Scope parent;

		final List<Source> sources = new ArrayList<>();

		final Map<String, List<Named>> ctes = new HashMap<>();

		Scope(Scope parent) {
			this.parent = parent;
		}
	}

	private final Connection connection;

	private final SourceDialect dialect;

	private final Decisions decisions;

	private final String markerPrefix;

	private final List<BaseTable> baseTables = new ArrayList<>();

	private final Map<String, TableMeta> tableCache = new HashMap<>();

	private final Map<String, List<AccessDecision>> decisionCache = new HashMap<>();

	private final Set<Object> claimed = Collections.newSetFromMap(new IdentityHashMap<>());

	/** Set when a column resolved since the last reset comes from a protected column (or a computed one that does). */
	private boolean touchedProtected;

	QueryAnalyzer(Connection connection, SourceDialect dialect, Decisions decisions, String markerPrefix) {
		this.connection = connection;
		this.dialect = dialect;
		this.decisions = decisions;
		this.markerPrefix = markerPrefix;
	}

	/** The analysis: each output column's origin, in order, and the table references to replace. */
	record Result(List<Origin> outputs, List<BaseTable> tables) {
	}

	Result analyze(Select select) {
		List<Named> outputs = select(select, null, false);
		verifyEverythingClaimed(select);
		List<Origin> origins = new ArrayList<>(outputs.size());
		outputs.forEach(named -> origins.add(named.origin()));
		return new Result(origins, List.copyOf(this.baseTables));
	}

	// ---- selects ----

	private List<Named> select(Select select, Scope outer, boolean nested) {
		this.claimed.add(select);
		Scope scope = outer;
		if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
			scope = new Scope(outer);
			for (WithItem<?> with : select.getWithItemsList()) {
				this.claimed.add(with);
				ParenthesedSelect body = (ParenthesedSelect) with.getParenthesedStatement();
				if (with.getWithItemList() != null) {
					with.getWithItemList().forEach(item -> {
						this.claimed.add(item);
						this.claimed.add(item.getExpression());
					});
				}
				List<Named> columns = select(body, scope, true);
				columns = renamed(columns, with.getWithItemList() == null ? null
						: with.getWithItemList().stream().map(item -> item.getExpression().toString()).toList(), "CTE " + with.getAliasName());
				scope.ctes.put(this.dialect.key(Ident.of(with.getAliasName())), columns);
			}
		}
		List<Named> outputs;
		if (select instanceof PlainSelect plain) {
			outputs = plain(plain, scope, nested);
		}
		else if (select instanceof SetOperationList list) {
			outputs = setOperation(list, scope, nested);
			outputsOrder(list.getOrderByElements(), outputs);
		}
		else if (select instanceof ParenthesedSelect parenthesed) {
			outputs = select(parenthesed.getSelect(), scope, nested);
			outputsOrder(parenthesed.getOrderByElements(), outputs);
		}
		else {
			throw unsupported(select.getClass().getSimpleName());
		}
		walk(select.getLimit(), scope, Use.FILTER);
		walk(select.getOffset(), scope, Use.FILTER);
		walk(select.getFetch(), scope, Use.FILTER);
		return outputs;
	}

	private List<Named> setOperation(SetOperationList list, Scope scope, boolean nested) {
		List<Named> first = null;
		List<Boolean> fromProtected = new ArrayList<>();
		for (Select branch : list.getSelects()) {
			List<Named> columns = select(branch, scope, nested);
			for (int i = 0; i < columns.size(); i++) {
				Named column = columns.get(i);
				if (column.origin().hidden()) {
					throw filter(column.origin(), "a set operation (UNION, INTERSECT, EXCEPT)");
				}
				if (i < fromProtected.size()) {
					fromProtected.set(i, fromProtected.get(i) || column.origin().protectedSource());
				}
				else {
					fromProtected.add(column.origin().protectedSource());
				}
			}
			if (first == null) {
				first = columns;
			}
		}
		List<Named> outputs = new ArrayList<>();
		for (int i = 0; i < first.size(); i++) {
			outputs.add(new Named(first.get(i).name(), fromProtected.get(i) ? Origin.COMPUTED_FROM_PROTECTED : Origin.COMPUTED));
		}
		return outputs;
	}

	/** ORDER BY of a set operation or parenthesized select: it can only name output columns, all clear here or checked. */
	private void outputsOrder(List<OrderByElement> elements, List<Named> outputs) {
		if (elements == null) {
			return;
		}
		for (OrderByElement element : elements) {
			Expression expression = element.getExpression();
			if (expression instanceof LongValue ordinal) {
				checkOrdinal(ordinal, outputs, "ORDER BY");
				continue;
			}
			if (expression instanceof Column column && column.getTable() == null) {
				int index = outputIndex(column, outputs);
				if (index < 0) {
					throw unresolved("column '" + SelectParser.shorten(column.getColumnName()) + "'");
				}
				if (outputs.get(index).origin().hidden()) {
					throw filter(outputs.get(index).origin(), "ORDER BY");
				}
				element.setExpression(new LongValue(index + 1));
				continue;
			}
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
					"ORDER BY of a set operation or parenthesized query may name output columns or positions only");
		}
	}

	private List<Named> plain(PlainSelect plain, Scope outer, boolean nested) {
		this.claimed.add(plain);
		Scope scope = new Scope(outer);
		if (plain.getFromItem() != null) {
			plain.setFromItem(from(plain.getFromItem(), scope));
		}
		if (plain.getJoins() != null) {
			for (Join join : plain.getJoins()) {
				this.claimed.add(join);
				join.setRightItem(from(join.getRightItem(), scope));
			}
			for (Join join : plain.getJoins()) {
				if (join.getOnExpressions() != null) {
					for (Expression on : join.getOnExpressions()) {
						walk(on, scope, Use.FILTER);
					}
				}
				if (join.getUsingColumns() != null) {
					for (Column using : join.getUsingColumns()) {
						using(using, scope);
					}
				}
			}
		}
		List<Named> outputs = new ArrayList<>();
		List<SelectItem<?>> items = new ArrayList<>();
		boolean expanded = false;
		int position = 0;
		for (SelectItem<?> item : plain.getSelectItems()) {
			this.claimed.add(item);
			Expression expression = item.getExpression();
			if (expression instanceof AllTableColumns all && item.getAlias() == null) {
				this.claimed.add(all);
				expand(qualifier(all.getTable(), scope, true), items, outputs);
				expanded = true;
				continue;
			}
			if (expression instanceof AllColumns all && !(expression instanceof AllTableColumns) && item.getAlias() == null) {
				this.claimed.add(all);
				for (Source source : scope.sources) {
					expand(source, items, outputs);
				}
				expanded = true;
				continue;
			}
			position++;
			Expression bare = unwrap(expression);
			if (bare instanceof Column column && !isKeyword(column)) {
				Origin origin = column(column, scope, null);
				if (bare != expression) {
					@SuppressWarnings({ "unchecked", "rawtypes" })
					SelectItem<Expression> raw = (SelectItem) item;
					raw.setExpression(bare);
				}
				// after the rewrite the column carries the name the catalog gives
				outputs.add(new Named(item.getAlias() != null ? item.getAlias().getName()
						: this.dialect.quote(Ident.of(column.getColumnName()).name()), origin));
			}
			else {
				boolean before = this.touchedProtected;
				this.touchedProtected = false;
				walk(expression, scope, Use.EXPRESSION);
				boolean fromProtected = this.touchedProtected;
				this.touchedProtected = before || fromProtected;
				if (item.getAlias() == null && nested) {
					item.setAlias(new Alias(this.dialect.quote("coffer_col_" + position), true));
				}
				outputs.add(new Named(item.getAlias() != null ? item.getAlias().getName() : null,
						fromProtected ? Origin.COMPUTED_FROM_PROTECTED : Origin.COMPUTED));
			}
			items.add(item);
		}
		if (expanded) {
			plain.setSelectItems(items);
		}
		walk(plain.getWhere(), scope, Use.FILTER);
		walk(plain.getHaving(), scope, Use.FILTER);
		walk(plain.getQualify(), scope, Use.FILTER);
		if (plain.getWindowDefinitions() != null) {
			plain.getWindowDefinitions().forEach(window -> walk(window, scope, Use.FILTER));
		}
		GroupByElement groupBy = plain.getGroupBy();
		if (groupBy != null) {
			this.claimed.add(groupBy);
			byOutputs(groupBy.getGroupByExpressionList(), scope, outputs, false, "GROUP BY");
			if (groupBy.getGroupingSets() != null) {
				for (ExpressionList<Expression> set : groupBy.getGroupingSets()) {
					byOutputs(set, scope, outputs, false, "GROUP BY");
				}
			}
		}
		if (plain.getDistinct() != null) {
			this.claimed.add(plain.getDistinct());
			List<SelectItem<?>> on = plain.getDistinct().getOnSelectItems();
			if (on == null || on.isEmpty()) {
				for (Named output : outputs) {
					if (output.origin().hidden()) {
						throw filter(output.origin(), "DISTINCT");
					}
				}
			}
			else {
				for (SelectItem<?> item : on) {
					this.claimed.add(item);
					Expression replaced = byOutput(item.getExpression(), scope, outputs, true, "DISTINCT ON");
					if (replaced != null) {
						@SuppressWarnings({ "unchecked", "rawtypes" })
						SelectItem<Expression> raw = (SelectItem) item;
						raw.setExpression(replaced);
					}
				}
			}
		}
		if (plain.getOrderByElements() != null) {
			for (OrderByElement element : plain.getOrderByElements()) {
				Expression replaced = byOutput(element.getExpression(), scope, outputs, true, "ORDER BY");
				if (replaced != null) {
					element.setExpression(replaced);
				}
			}
		}
		return outputs;
	}

	private void expand(Source source, List<SelectItem<?>> items, List<Named> outputs) {
		for (SourceColumn column : source.columns()) {
			if (column.name() == null) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
						"* over a subquery needs a name (AS ...) for each of its computed columns");
			}
			Column reference = reference(source, column.name());
			SelectItem<Column> item = new SelectItem<>(reference);
			this.claimed.add(item);
			items.add(item);
			outputs.add(new Named(column.name(), column.origin()));
		}
	}

	private Column reference(Source source, String name) {
		Table qualifier = new Table(source.aliasSql());
		Column reference = new Column(qualifier, this.dialect.quote(name));
		this.claimed.add(reference);
		return reference;
	}

	/** GROUP BY expressions: positions and output names checked against the outputs, the rest as filters. */
	private void byOutputs(ExpressionList<Expression> list, Scope scope, List<Named> outputs, boolean outputFirst, String clause) {
		if (list == null) {
			return;
		}
		for (int i = 0; i < list.size(); i++) {
			Expression replaced = byOutput(list.get(i), scope, outputs, outputFirst, clause);
			if (replaced != null) {
				list.set(i, replaced);
			}
		}
	}

	/** Checks one ORDER BY, GROUP BY or DISTINCT ON expression; answers the position it becomes, or {@code null}. */
	private Expression byOutput(Expression expression, Scope scope, List<Named> outputs, boolean outputFirst, String clause) {
		if (expression instanceof LongValue ordinal) {
			checkOrdinal(ordinal, outputs, clause);
			return null;
		}
		if (expression instanceof Column column && column.getTable() == null && !isKeyword(column)) {
			int index = outputIndex(column, outputs);
			boolean inScope = find(column, scope) != null;
			if (index >= 0 && (outputFirst || !inScope)) {
				if (outputs.get(index).origin().hidden()) {
					throw filter(outputs.get(index).origin(), clause);
				}
				this.claimed.add(column);
				return new LongValue(index + 1);
			}
		}
		walk(expression, scope, Use.FILTER);
		return null;
	}

	private void checkOrdinal(LongValue ordinal, List<Named> outputs, String clause) {
		long position = ordinal.getValue();
		if (position < 1 || position > outputs.size()) {
			throw unresolved(clause + " position " + position);
		}
		if (outputs.get((int) position - 1).origin().hidden()) {
			throw filter(outputs.get((int) position - 1).origin(), clause);
		}
	}

	private int outputIndex(Column column, List<Named> outputs) {
		String key = this.dialect.key(Ident.of(column.getColumnName()));
		int found = -1;
		for (int i = 0; i < outputs.size(); i++) {
			String name = outputs.get(i).name();
			if (name != null && this.dialect.key(Ident.of(name)).equals(key)) {
				if (found >= 0) {
					throw unresolved("output column '" + SelectParser.shorten(column.getColumnName()) + "' (ambiguous)");
				}
				found = i;
			}
		}
		return found;
	}

	// ---- FROM ----

	private FromItem from(FromItem item, Scope scope) {
		if (item instanceof Table table) {
			return table(table, scope);
		}
		if (item != null && item.getClass() == ParenthesedSelect.class) {
			ParenthesedSelect derived = (ParenthesedSelect) item;
			if (derived.getAlias() == null) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "A subquery in FROM needs an alias");
			}
			this.claimed.add(derived.getAlias());
			List<Named> columns = select(derived, scope.parent, true);
			columns = renamed(columns, aliasColumns(derived.getAlias()), "subquery " + derived.getAlias().getName());
			add(scope, new Source(derived.getAlias().getName(), this.dialect.key(Ident.of(derived.getAlias().getName())), null,
					true, sourceColumns(columns)));
			return derived;
		}
		throw unsupported(item == null ? "an empty FROM item" : item.getClass().getSimpleName());
	}

	private FromItem table(Table table, Scope scope) {
		List<String> parts = table.getNameParts();
		if (parts.size() > 2) {
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "Table names take at most a schema and a name");
		}
		Ident name = Ident.of(table.getName());
		Ident schema = table.getSchemaName() == null ? null : Ident.of(table.getSchemaName());
		Alias alias = table.getAlias();
		if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "Column aliases on a table (AS t(a, b)) are not supported");
		}
		if (schema == null) {
			List<Named> cte = cte(name, scope);
			if (cte != null) {
				this.claimed.add(table);
				String aliasSql = alias != null ? alias.getName() : table.getName();
				add(scope, new Source(aliasSql, this.dialect.key(Ident.of(aliasSql)), null, alias != null, sourceColumns(cte)));
				return table;
			}
		}
		TableMeta meta = lookup(schema, name);
		List<AccessDecision> decided = decisions(meta);
		List<SourceColumn> columns = new ArrayList<>(meta.columns().size());
		for (int i = 0; i < meta.columns().size(); i++) {
			columns.add(new SourceColumn(meta.columns().get(i).name(), Origin.of(meta, meta.columns().get(i).name(), decided.get(i))));
		}
		String aliasSql = alias != null ? alias.getName() : this.dialect.quote(meta.name());
		String marker = this.markerPrefix + this.baseTables.size() + "_";
		this.baseTables.add(new BaseTable(marker, meta));
		Table replacement = new Table(marker);
		replacement.setAlias(new Alias(aliasSql, true));
		this.claimed.add(replacement);
		add(scope, new Source(aliasSql, this.dialect.key(alias != null ? Ident.of(aliasSql) : new Ident(meta.name(), true)), meta,
				alias != null, columns));
		return replacement;
	}

	private List<Named> cte(Ident name, Scope scope) {
		for (Scope s = scope; s != null; s = s.parent) {
			List<Named> columns = s.ctes.get(this.dialect.key(name));
			if (columns != null) {
				return columns;
			}
		}
		return null;
	}

	private TableMeta lookup(Ident schema, Ident name) {
		String key = (schema == null ? "" : this.dialect.key(schema)) + "\u0000" + this.dialect.key(name);
		TableMeta meta = this.tableCache.get(key);
		if (meta == null) {
			try {
				meta = this.dialect.find(this.connection, schema, name);
			}
			catch (SQLException ex) {
				throw QueryErrors.of(ex);
			}
			if (meta == null) {
				throw unresolved("table '" + SelectParser.shorten((schema == null ? "" : schema.name() + ".") + name.name()) + "'");
			}
			if (this.dialect.systemSchema(meta.schema())) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
						"System catalogs (schema '" + SelectParser.shorten(meta.schema()) + "') cannot be queried: they describe other tables' values");
			}
			this.tableCache.put(key, meta);
		}
		return meta;
	}

	private List<AccessDecision> decisions(TableMeta meta) {
		return this.decisionCache.computeIfAbsent(meta.schema() + "\u0000" + meta.name(), k -> this.decisions.of(meta));
	}

	private void add(Scope scope, Source source) {
		for (Source existing : scope.sources) {
			if (existing.aliasKey().equals(source.aliasKey())) {
				throw unresolved("table alias '" + SelectParser.shorten(source.aliasSql()) + "' (used twice in one FROM)");
			}
		}
		scope.sources.add(source);
	}

	/** The columns of a CTE or derived table, named as the database names them (unquoted aliases folded). */
	private List<SourceColumn> sourceColumns(List<Named> columns) {
		List<SourceColumn> out = new ArrayList<>(columns.size());
		columns.forEach(column -> out.add(new SourceColumn(column.name() == null ? null : this.dialect.fold(Ident.of(column.name())),
				column.origin())));
		return out;
	}

	private static List<String> aliasColumns(Alias alias) {
		return alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty() ? null
				: alias.getAliasColumns().stream().map(column -> column.name).toList();
	}

	private List<Named> renamed(List<Named> columns, List<String> names, String what) {
		if (names == null) {
			return columns;
		}
		if (names.size() != columns.size()) {
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "The column list of " + SelectParser.shorten(what)
					+ " names " + names.size() + " columns but its query has " + columns.size());
		}
		List<Named> out = new ArrayList<>(columns.size());
		for (int i = 0; i < columns.size(); i++) {
			out.add(new Named(names.get(i), columns.get(i).origin()));
		}
		return out;
	}

	// ---- names ----

	private void using(Column using, Scope scope) {
		this.claimed.add(using);
		Ident name = Ident.of(using.getColumnName());
		for (Source source : scope.sources) {
			for (SourceColumn column : source.columns()) {
				if (column.name() != null && this.dialect.matches(name, column.name()) && column.origin().hidden()) {
					throw filter(column.origin(), "JOIN USING");
				}
			}
		}
	}

	/** Resolves a column reference, rewrites it as {@code alias."column"} and answers its origin. */
	private Origin column(Column column, Scope scope, Use use) {
		if (column.getCommentText() != null || column.getArrayConstructor() != null) {
			throw unsupported("column comments or subscripts");
		}
		Object[] found = find(column, scope);
		if (found == null) {
			throw unresolved("column '" + SelectParser.shorten(column.getFullyQualifiedName()) + "'");
		}
		Source source = (Source) found[0];
		SourceColumn sourceColumn = (SourceColumn) found[1];
		if (use != null && sourceColumn.origin().hidden()) {
			throw use == Use.FILTER ? filter(sourceColumn.origin(), "a filter, join, grouping or sort")
					: expression(sourceColumn.origin());
		}
		column.setTable(new Table(source.aliasSql()));
		column.setColumnName(this.dialect.quote(sourceColumn.name()));
		this.claimed.add(column);
		if (sourceColumn.origin().protectedSource()) {
			this.touchedProtected = true;
		}
		return sourceColumn.origin();
	}

	/** The source and column a reference binds to, innermost scope first; {@code null} when none. */
	private Object[] find(Column column, Scope scope) {
		Ident name = Ident.of(column.getColumnName());
		Table qualifier = column.getTable();
		boolean qualified = qualifier != null && qualifier.getName() != null;
		for (Scope s = scope; s != null; s = s.parent) {
			if (qualified) {
				Source source = qualifier(qualifier, s, false);
				if (source != null) {
					SourceColumn match = single(source, name, column);
					return match == null ? null : new Object[] { source, match };
				}
				continue;
			}
			Object[] found = null;
			for (Source source : s.sources) {
				SourceColumn match = single(source, name, column);
				if (match != null) {
					if (found != null) {
						throw unresolved("column '" + SelectParser.shorten(name.name()) + "' (ambiguous: qualify it with its table)");
					}
					found = new Object[] { source, match };
				}
			}
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private SourceColumn single(Source source, Ident name, Column column) {
		SourceColumn found = null;
		for (SourceColumn candidate : source.columns()) {
			if (candidate.name() != null && this.dialect.matches(name, candidate.name())) {
				if (found != null) {
					throw unresolved("column '" + SelectParser.shorten(column.getFullyQualifiedName()) + "' (ambiguous)");
				}
				found = candidate;
			}
		}
		return found;
	}

	/** The source a qualifier ({@code t}, {@code schema.t}) names in one scope; with {@code required}, refuses when none. */
	private Source qualifier(Table qualifier, Scope scope, boolean required) {
		Ident name = Ident.of(qualifier.getName());
		Ident schema = qualifier.getSchemaName() == null ? null : Ident.of(qualifier.getSchemaName());
		for (Scope s = scope; s != null; s = s.parent) {
			for (Source source : s.sources) {
				boolean aliasMatch = schema == null && this.dialect.key(name).equals(source.aliasKey())
						|| schema == null && !source.explicitAlias() && source.base() != null && this.dialect.matches(name, source.base().name());
				boolean tableMatch = schema != null && !source.explicitAlias() && source.base() != null
						&& this.dialect.matches(name, source.base().name()) && this.dialect.matches(schema, source.base().schema());
				if (aliasMatch || tableMatch) {
					return source;
				}
			}
			if (!required) {
				return null;
			}
		}
		throw unresolved("table or alias '" + SelectParser.shorten(qualifier.getFullyQualifiedName()) + "'");
	}

	// ---- expressions ----

	/** Checks every column and subquery of an expression or clause; {@code use} picks the refusal. */
	private void walk(Object expression, Scope scope, Use use) {
		if (expression == null) {
			return;
		}
		List<Object> nodes = Ast.shallow(expression);
		Set<Object> existsQueries = Collections.newSetFromMap(new IdentityHashMap<>());
		Set<Object> countStars = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Object node : nodes) {
			if (node instanceof ExistsExpression exists) {
				existsQueries.add(exists.getRightExpression());
			}
			if (node instanceof Function function && "count".equalsIgnoreCase(function.getName())
					&& function.getParameters() != null && function.getParameters().size() == 1
					&& function.getParameters().get(0) instanceof AllColumns star) {
				countStars.add(star);
			}
			if (node instanceof AnalyticExpression analytic && use == Use.EXPRESSION) {
				// the window orders and partitions rows: a filter-like use
				walk(analytic.getWindowDefinition(), scope, Use.FILTER);
				walk(analytic.getPartitionExpressionList(), scope, Use.FILTER);
				walk(analytic.getOrderByElements(), scope, Use.FILTER);
				walk(analytic.getFilterExpression(), scope, Use.FILTER);
				walk(analytic.getFuncOrderBy(), scope, Use.FILTER);
			}
		}
		for (Object node : nodes) {
			if (node instanceof Column column) {
				if (!this.claimed.contains(column)) {
					if (isKeyword(column)) {
						this.claimed.add(column);
					}
					else {
						column(column, scope, use);
					}
				}
			}
			else if (node instanceof Select nested) {
				List<Named> outputs = select(nested, scope, true);
				if (!existsQueries.contains(nested)) {
					for (Named output : outputs) {
						if (output.origin().hidden()) {
							throw use == Use.FILTER ? filter(output.origin(), "a compared subquery result")
									: expression(output.origin());
						}
					}
				}
			}
			else if (node instanceof AllTableColumns) {
				throw unsupported("t.* inside an expression");
			}
			else if (node instanceof AllColumns star) {
				if (!countStars.contains(star)) {
					throw unsupported("* inside an expression (other than count(*))");
				}
				this.claimed.add(star);
			}
		}
	}

	private static Expression unwrap(Expression expression) {
		Expression current = expression;
		while (current instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
			current = (Expression) list.get(0);
		}
		return current;
	}

	/** Unquoted keywords the parser may read as a column name. */
	private static boolean isKeyword(Column column) {
		if (column.getTable() != null && column.getTable().getName() != null) {
			return false;
		}
		String name = column.getColumnName();
		return name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false") || name.equalsIgnoreCase("null")
				|| name.equalsIgnoreCase("current_date") || name.equalsIgnoreCase("current_time")
				|| name.equalsIgnoreCase("current_timestamp") || name.equalsIgnoreCase("localtime")
				|| name.equalsIgnoreCase("localtimestamp");
	}

	// ---- the safety net ----

	/**
	 * Every column, table reference and select of the rewritten statement must have been checked
	 * above; one that was not (a place in the syntax the checks do not walk) refuses the query.
	 */
	private void verifyEverythingClaimed(Select root) {
		List<Object> nodes = Ast.nodes(root);
		Set<Object> qualifiers = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Object node : nodes) {
			if (node instanceof Column column && column.getTable() != null) {
				qualifiers.add(column.getTable());
			}
			if (node instanceof AllTableColumns all) {
				qualifiers.add(all.getTable());
			}
		}
		for (Object node : nodes) {
			boolean mustBeClaimed = node instanceof Column || node instanceof AllColumns || node instanceof Select
					|| (node instanceof Table && !qualifiers.contains(node));
			if (mustBeClaimed && !this.claimed.contains(node)) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
						"The query uses " + Ast.kind(node) + " where the governed query cannot check it");
			}
		}
	}

	// ---- refusals ----

	private static ApiException filter(Origin origin, String where) {
		return new ApiException(ErrorCode.MASKED_COLUMN_IN_FILTER, "Column " + describe(origin)
				+ " is not visible in clear to the caller and cannot be used in " + where
				+ ": it may appear only as a plain column in the select list, where it is masked");
	}

	private static ApiException expression(Origin origin) {
		return new ApiException(ErrorCode.MASKED_COLUMN_IN_EXPRESSION, "Column " + describe(origin)
				+ " is not visible in clear to the caller and cannot be used inside an expression or function: "
				+ "select the column itself, it comes back masked");
	}

	private static String describe(Origin origin) {
		return "'" + SelectParser.shorten(origin.table().schema() + "." + origin.table().name() + "." + origin.column()) + "' ("
				+ origin.decision().maskingType().value() + ")";
	}

	private static ApiException unresolved(String what) {
		return new ApiException(ErrorCode.UNRESOLVED_NAME, "Unknown or ambiguous " + what);
	}

	private static ApiException unsupported(String what) {
		return new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "The governed query does not run " + what);
	}
}
