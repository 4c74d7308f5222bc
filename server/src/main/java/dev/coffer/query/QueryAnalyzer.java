package dev.coffer.query;

import java.math.BigInteger;
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
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
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
 * <p>The rewrite leaves the database no name of the caller's to resolve. Every FROM item (table,
 * derived table, CTE reference) gets a generated alias unique in the statement
 * ({@code coffer_s1}, {@code coffer_s2}, ...), every CTE a generated name ({@code coffer_w1}),
 * and the select list that names the columns of a derived table or CTE generated aliases
 * ({@code coffer_c1}, ...); every column reference is written as
 * {@code <generated alias>."<exact column name>"}; a table reference becomes a marker replaced
 * later by the schema-qualified table (or its row-filtered, fenced subquery); {@code *} and
 * {@code t.*} are expanded into those references; JOIN USING becomes ON; ORDER BY, GROUP BY and
 * DISTINCT ON names of output columns, and integers the database reads as positions
 * ({@code (2)}, {@code - -2}), become plain positions. The caller's names are resolved only here,
 * by the database's rules (PostgreSQL folds ASCII letters of unquoted names only), and names the
 * database would read otherwise are refused ({@code identifier_not_allowed}): longer than it keeps,
 * quoted in a way it does not read as a name, or declared with the reserved prefix
 * {@value #RESERVED_PREFIX}. The output columns keep the labels the caller wrote.
 */
final class QueryAnalyzer {

	/** The prefix of the names the rewrite generates; the caller may not declare names with it. */
	static final String RESERVED_PREFIX = "coffer_";

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

		/** Whether both are the same table column. */
		boolean sameColumn(Origin other) {
			return this.table != null && other.table != null && this.table.schema().equals(other.table.schema())
					&& this.table.name().equals(other.table.name()) && this.column.equals(other.column);
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

	/**
	 * An output column: the name the database gives it, as the caller sees it ({@code null} for an
	 * unnamed expression), and its origin.
	 */
	private record Named(String name, Origin origin) {
	}

	/**
	 * A column of a FROM item: the name the caller refers to it by (as the database names it), the
	 * name the rewritten statement uses (the exact catalog name, or a generated one), and its origin.
	 */
	private record SourceColumn(String name, String sqlName, Origin origin) {
	}

	/**
	 * A FROM item: the name the caller refers to it by (its alias, else the table's or CTE's name, as
	 * the database names it), whether that is an alias, the table it reads (for base tables), the
	 * generated alias the rewritten statement uses, and its columns.
	 */
	private record Source(String refName, boolean explicitAlias, TableMeta base, String sqlAlias, List<SourceColumn> columns) {
	}

	/** A CTE: its generated name and its columns as the caller names them. */
	private record Cte(String sqlName, List<Named> columns) {
	}

	private static final class Scope {

		final Scope parent;

		final List<Source> sources = new ArrayList<>();

		final Map<String, Cte> ctes = new HashMap<>();

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

	private int sourceCount;

	private int cteCount;

	/** Set when a column resolved since the last reset comes from a protected column (or a computed one that does). */
	private boolean touchedProtected;

	QueryAnalyzer(Connection connection, SourceDialect dialect, Decisions decisions, String markerPrefix) {
		this.connection = connection;
		this.dialect = dialect;
		this.decisions = decisions;
		this.markerPrefix = markerPrefix;
	}

	/**
	 * The analysis: each output column's origin and label (the name the caller gave it or the
	 * database would give it, {@code null} for an unnamed expression), in order, and the table
	 * references to replace.
	 */
	record Result(List<Origin> outputs, List<String> labels, List<BaseTable> tables) {
	}

	Result analyze(Select select) {
		Identifiers.check(select, this.dialect);
		List<Named> outputs = select(select, null, false);
		verifyEverythingClaimed(select);
		List<Origin> origins = new ArrayList<>(outputs.size());
		List<String> labels = new ArrayList<>(outputs.size());
		outputs.forEach(named -> {
			origins.add(named.origin());
			labels.add(named.name());
		});
		return new Result(origins, Collections.unmodifiableList(labels), List.copyOf(this.baseTables));
	}

	private String nextSourceAlias() {
		return RESERVED_PREFIX + "s" + (++this.sourceCount);
	}

	private static String generatedColumn(int index) {
		return RESERVED_PREFIX + "c" + (index + 1);
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
				List<String> declared = null;
				if (with.getWithItemList() != null) {
					declared = new ArrayList<>();
					for (SelectItem<?> item : with.getWithItemList()) {
						this.claimed.add(item);
						this.claimed.add(item.getExpression());
						declared.add(this.dialect.fold(Ident.of(item.getExpression().toString())));
					}
				}
				String key = this.dialect.key(Ident.of(with.getAliasName()));
				if (scope.ctes.containsKey(key)) {
					throw unresolved("CTE '" + SelectParser.shorten(with.getAliasName()) + "' (named twice in one WITH)");
				}
				List<Named> columns = select(body, scope, true);
				columns = renamed(columns, declared, "CTE " + with.getAliasName());
				String sqlName = RESERVED_PREFIX + "w" + (++this.cteCount);
				nameOutputs(body, columns.size());
				with.setWithItemList(null);
				with.setAlias(new Alias(sqlName, false));
				scope.ctes.put(key, new Cte(sqlName, columns));
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

	/**
	 * Gives the select list that names a derived table's or CTE's columns (the first branch of a set
	 * operation, inside any parentheses) generated aliases, one per output column: the rewritten
	 * statement then refers to them only by those names.
	 */
	private void nameOutputs(Select select, int count) {
		Select naming = select;
		while (!(naming instanceof PlainSelect)) {
			if (naming instanceof ParenthesedSelect parenthesed) {
				naming = parenthesed.getSelect();
			}
			else if (naming instanceof SetOperationList list) {
				naming = list.getSelects().get(0);
			}
			else {
				throw unsupported(naming.getClass().getSimpleName());
			}
		}
		List<SelectItem<?>> items = ((PlainSelect) naming).getSelectItems();
		if (items.size() != count) {
			throw new IllegalStateException("the select list naming a subquery's columns has " + items.size() + " items, not " + count);
		}
		for (int i = 0; i < items.size(); i++) {
			Alias alias = new Alias(generatedColumn(i), true);
			this.claimed.add(alias);
			items.get(i).setAlias(alias);
		}
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
			Long position = position(expression);
			if (position != null) {
				element.setExpression(checkPosition(position, outputs, "ORDER BY"));
				continue;
			}
			if (expression instanceof Column column && column.getTable() == null && !isKeyword(column)) {
				int index = outputIndex(column, outputs);
				if (index < 0) {
					throw unresolved("column '" + SelectParser.shorten(column.getColumnName()) + "'");
				}
				if (outputs.get(index).origin().hidden()) {
					throw filter(outputs.get(index).origin(), "ORDER BY");
				}
				this.claimed.add(column);
				element.setExpression(new LongValue(index + 1));
				continue;
			}
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
					"ORDER BY of a set operation or parenthesized query may name output columns or positions only");
		}
	}

	private List<Named> plain(PlainSelect plain, Scope outer, boolean nested) {
		this.claimed.add(plain);
		if (plain.isUsingOnly()) {
			throw unsupported("FROM ONLY (a PostgreSQL parent without its children): query the table itself, or its children");
		}
		Scope scope = new Scope(outer);
		if (plain.getFromItem() != null) {
			plain.setFromItem(from(plain.getFromItem(), scope));
		}
		if (plain.getJoins() != null) {
			for (Join join : plain.getJoins()) {
				this.claimed.add(join);
				join.setRightItem(from(join.getRightItem(), scope));
			}
			for (int i = 0; i < plain.getJoins().size(); i++) {
				Join join = plain.getJoins().get(i);
				if (join.getOnExpressions() != null) {
					for (Expression on : join.getOnExpressions()) {
						walk(on, scope, Use.FILTER);
					}
				}
				if (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
					// the FROM item and each join add one source: the join's left side is every source before its own
					using(join, scope.sources.subList(0, i + 1), scope.sources.get(i + 1));
				}
			}
		}
		List<Named> outputs = new ArrayList<>();
		List<SelectItem<?>> items = new ArrayList<>();
		boolean expanded = false;
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
			if (item.getAlias() != null) {
				this.claimed.add(item.getAlias());
			}
			String alias = item.getAlias() == null ? null : this.dialect.fold(Ident.of(item.getAlias().getName()));
			Expression bare = unwrap(expression);
			if (bare instanceof Column column && !isKeyword(column)) {
				SourceColumn resolved = column(column, scope, null);
				if (bare != expression) {
					@SuppressWarnings({ "unchecked", "rawtypes" })
					SelectItem<Expression> raw = (SelectItem) item;
					raw.setExpression(bare);
				}
				outputs.add(new Named(alias != null ? alias : resolved.name(), resolved.origin()));
			}
			else {
				boolean before = this.touchedProtected;
				this.touchedProtected = false;
				walk(expression, scope, Use.EXPRESSION);
				boolean fromProtected = this.touchedProtected;
				this.touchedProtected = before || fromProtected;
				outputs.add(new Named(alias, fromProtected ? Origin.COMPUTED_FROM_PROTECTED : Origin.COMPUTED));
			}
			items.add(item);
		}
		if (expanded) {
			plain.setSelectItems(items);
		}
		walk(plain.getWhere(), scope, Use.FILTER);
		aliasShadowing(plain.getHaving(), scope, outputs, "HAVING");
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
			SelectItem<Column> item = new SelectItem<>(reference(source, column));
			this.claimed.add(item);
			items.add(item);
			outputs.add(new Named(column.name(), column.origin()));
		}
	}

	private Column reference(Source source, SourceColumn column) {
		Table qualifier = new Table(source.sqlAlias());
		Column reference = new Column(qualifier, this.dialect.quote(column.sqlName()));
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

	/**
	 * Checks one ORDER BY, GROUP BY or DISTINCT ON expression; answers the plain position it becomes
	 * (for a position however written, or an output name), or {@code null} when it stays as it is.
	 */
	private Expression byOutput(Expression expression, Scope scope, List<Named> outputs, boolean outputFirst, String clause) {
		Long position = position(expression);
		if (position != null) {
			return checkPosition(position, outputs, clause);
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
		aliasShadowing(expression, scope, outputs, clause);
		walk(expression, scope, Use.FILTER);
		return null;
	}

	/**
	 * The integer the database reads as a position in ORDER BY, GROUP BY or DISTINCT ON: an integer
	 * literal, also in parentheses or under {@code +} and {@code -} signs (both PostgreSQL and MariaDB
	 * fold {@code (2)} and {@code - -2} into the position 2); {@code null} for anything else.
	 */
	static Long position(Expression expression) {
		Expression current = unwrap(expression);
		if (current instanceof LongValue value) {
			BigInteger number = value.getBigIntegerValue();
			return number.bitLength() < 32 ? number.longValue() : Long.MAX_VALUE;
		}
		if (current instanceof SignedExpression signed) {
			Long inner = position(signed.getExpression());
			if (inner == null) {
				return null;
			}
			return switch (signed.getSign()) {
				case '-' -> -inner;
				case '+' -> inner;
				default -> throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
						"ORDER BY, GROUP BY and DISTINCT ON take positions as plain integers");
			};
		}
		return null;
	}

	private LongValue checkPosition(long position, List<Named> outputs, String clause) {
		if (position < 1 || position > outputs.size()) {
			throw unresolved(clause + " position " + position);
		}
		if (outputs.get((int) position - 1).origin().hidden()) {
			throw filter(outputs.get((int) position - 1).origin(), clause);
		}
		return new LongValue(position);
	}

	private int outputIndex(Column column, List<Named> outputs) {
		Ident written = Ident.of(column.getColumnName());
		int found = -1;
		for (int i = 0; i < outputs.size(); i++) {
			String name = outputs.get(i).name();
			if (name != null && this.dialect.matches(written, name)) {
				if (found >= 0) {
					throw unresolved("output column '" + SelectParser.shorten(column.getColumnName()) + "' (ambiguous)");
				}
				found = i;
			}
		}
		return found;
	}

	/**
	 * On MariaDB an unqualified name in HAVING, GROUP BY or ORDER BY may mean a select-list alias
	 * rather than the column of that name; the rewrite writes every column qualified, which would
	 * silently change such a query. A name that is an output alias of another column (or of an
	 * expression) is refused there.
	 */
	private void aliasShadowing(Expression expression, Scope scope, List<Named> outputs, String clause) {
		if (expression == null || !this.dialect.namesSelectAliasesInClauses()) {
			return;
		}
		for (Object node : Ast.nodes(expression)) {
			if (node instanceof Column column && (column.getTable() == null || column.getTable().getName() == null)
					&& !isKeyword(column) && !this.claimed.contains(column)) {
				int index = outputIndex(column, outputs);
				if (index < 0) {
					continue;
				}
				Object[] found = find(column, scope);
				if (found == null || !outputs.get(index).origin().sameColumn(((SourceColumn) found[1]).origin())) {
					throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "On MariaDB, '" + SelectParser.shorten(column.getColumnName())
							+ "' in " + clause + " could mean the select-list alias or the column of that name; repeat the expression, "
							+ "use a position, or rename the alias");
				}
			}
		}
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
			Alias alias = derived.getAlias();
			this.claimed.add(alias);
			List<Named> columns = select(derived, scope.parent, true);
			columns = renamed(columns, aliasColumns(alias), "subquery " + alias.getName());
			nameOutputs(derived, columns.size());
			String sqlAlias = nextSourceAlias();
			Alias generated = new Alias(sqlAlias, true);
			this.claimed.add(generated);
			derived.setAlias(generated);
			add(scope, new Source(this.dialect.fold(Ident.of(alias.getName())), true, null, sqlAlias, generatedColumns(columns)));
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
		String sqlAlias = nextSourceAlias();
		if (schema == null) {
			Cte cte = cte(name, scope);
			if (cte != null) {
				this.claimed.add(table);
				Table replacement = new Table(cte.sqlName());
				replacement.setAlias(new Alias(sqlAlias, true));
				this.claimed.add(replacement);
				String refName = alias != null ? this.dialect.fold(Ident.of(alias.getName())) : this.dialect.fold(name);
				add(scope, new Source(refName, alias != null, null, sqlAlias, generatedColumns(cte.columns())));
				return replacement;
			}
		}
		TableMeta meta = lookup(schema, name);
		List<AccessDecision> decided = decisions(meta);
		List<SourceColumn> columns = new ArrayList<>(meta.columns().size());
		for (int i = 0; i < meta.columns().size(); i++) {
			String column = meta.columns().get(i).name();
			columns.add(new SourceColumn(column, column, Origin.of(meta, column, decided.get(i))));
		}
		String marker = this.markerPrefix + this.baseTables.size() + "_";
		this.baseTables.add(new BaseTable(marker, meta));
		Table replacement = new Table(marker);
		replacement.setAlias(new Alias(sqlAlias, true));
		this.claimed.add(replacement);
		add(scope, new Source(alias != null ? this.dialect.fold(Ident.of(alias.getName())) : meta.name(), alias != null, meta,
				sqlAlias, columns));
		return replacement;
	}

	private Cte cte(Ident name, Scope scope) {
		for (Scope s = scope; s != null; s = s.parent) {
			Cte cte = s.ctes.get(this.dialect.key(name));
			if (cte != null) {
				return cte;
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
		String key = this.dialect.key(new Ident(source.refName(), true));
		for (Source existing : scope.sources) {
			if (this.dialect.key(new Ident(existing.refName(), true)).equals(key)) {
				throw unresolved("table alias '" + SelectParser.shorten(source.refName()) + "' (used twice in one FROM)");
			}
		}
		scope.sources.add(source);
	}

	/** The columns of a CTE or derived table: named as the caller names them, written with their generated names. */
	private static List<SourceColumn> generatedColumns(List<Named> columns) {
		List<SourceColumn> out = new ArrayList<>(columns.size());
		for (int i = 0; i < columns.size(); i++) {
			out.add(new SourceColumn(columns.get(i).name(), generatedColumn(i), columns.get(i).origin()));
		}
		return out;
	}

	private List<String> aliasColumns(Alias alias) {
		return alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty() ? null
				: alias.getAliasColumns().stream().map(column -> this.dialect.fold(Ident.of(column.name))).toList();
	}

	private static List<Named> renamed(List<Named> columns, List<String> names, String what) {
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

	/**
	 * JOIN USING, rewritten as ON between the two columns it names: on the left the one source
	 * before the join that has the column (several would need the merged column, which the
	 * rewrite does not write), on the right the joined item.
	 */
	private void using(Join join, List<Source> left, Source right) {
		Expression on = null;
		for (Column using : join.getUsingColumns()) {
			this.claimed.add(using);
			if (using.getTable() != null && using.getTable().getName() != null) {
				throw unsupported("qualified names in JOIN USING");
			}
			Ident name = Ident.of(using.getColumnName());
			Source leftSource = null;
			SourceColumn leftColumn = null;
			for (Source source : left) {
				SourceColumn match = single(source, name, using);
				if (match != null) {
					if (leftSource != null) {
						throw unresolved("column '" + SelectParser.shorten(name.name())
								+ "' of JOIN USING (several tables before the join have it: write the join with ON)");
					}
					leftSource = source;
					leftColumn = match;
				}
			}
			SourceColumn rightColumn = single(right, name, using);
			if (leftColumn == null || rightColumn == null) {
				throw unresolved("column '" + SelectParser.shorten(name.name()) + "' of JOIN USING");
			}
			if (leftColumn.origin().hidden()) {
				throw filter(leftColumn.origin(), "JOIN USING");
			}
			if (rightColumn.origin().hidden()) {
				throw filter(rightColumn.origin(), "JOIN USING");
			}
			Expression equals = new EqualsTo(reference(leftSource, leftColumn), reference(right, rightColumn));
			on = on == null ? equals : new AndExpression(on, equals);
		}
		join.setUsingColumns(new ArrayList<>());
		join.setOnExpressions(List.of(on));
	}

	/** Resolves a column reference, rewrites it as {@code <generated alias>."<column>"} and answers the column. */
	private SourceColumn column(Column column, Scope scope, Use use) {
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
		column.setTable(new Table(source.sqlAlias()));
		column.setColumnName(this.dialect.quote(sourceColumn.sqlName()));
		this.claimed.add(column);
		if (sourceColumn.origin().protectedSource()) {
			this.touchedProtected = true;
		}
		return sourceColumn;
	}

	/** The source and column a reference binds to, innermost scope first; {@code null} when none. */
	private Object[] find(Column column, Scope scope) {
		Ident name = Ident.of(column.getColumnName());
		Table qualifier = column.getTable();
		boolean qualified = qualifier != null && qualifier.getName() != null;
		if (qualified && qualifier.getNameParts().size() > 2) {
			throw unsupported("column names with more than a schema, a table and a column");
		}
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

	/**
	 * The source a qualifier ({@code t}, {@code schema.t}) names, in {@code scope} only or (with
	 * {@code required}) in it and the scopes around it, refusing when none: {@code t} names the
	 * item whose alias, or else table or CTE name, it is; {@code schema.t} the item reading that
	 * table without an alias.
	 */
	private Source qualifier(Table qualifier, Scope scope, boolean required) {
		if (qualifier.getNameParts().size() > 2) {
			throw unsupported("qualifiers with more than a schema and a table");
		}
		Ident name = Ident.of(qualifier.getName());
		Ident schema = qualifier.getSchemaName() == null ? null : Ident.of(qualifier.getSchemaName());
		for (Scope s = scope; s != null; s = s.parent) {
			for (Source source : s.sources) {
				boolean match = schema == null ? this.dialect.matches(name, source.refName())
						: !source.explicitAlias() && source.base() != null && this.dialect.matches(name, source.base().name())
								&& this.dialect.matches(schema, source.base().schema());
				if (match) {
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
	static boolean isKeyword(Column column) {
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
