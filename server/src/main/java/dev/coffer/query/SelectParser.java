package dev.coffer.query;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * Parses the caller's SQL into one SELECT and refuses, before anything reaches the database, what
 * the governed query does not run: text the database would read otherwise than the parser, several
 * statements, anything but a plain SELECT (writes, DDL, CALL, SELECT ... INTO, locking clauses),
 * functions off the allow-list (and lengths of generated text above {@value #MAX_GENERATED_LENGTH}),
 * casts to types off the allow-list ({@link AllowedSql#CAST_TYPES}), and syntax the checks do not
 * know ({@link AllowedSql#NODES}). Checked in that order, so a write is always called a write.
 */
final class SelectParser {

	/** Longest accepted statement, in characters. */
	static final int MAX_SQL_CHARS = 100_000;

	/**
	 * Longest text {@code repeat}, {@code lpad}, {@code rpad}, {@code space} and a {@code format}
	 * width may ask for, in characters, written as an integer literal: a large one is a cheap way to
	 * make the database produce, and Coffer read, huge values.
	 */
	static final int MAX_GENERATED_LENGTH = 10_000;

	/** Functions whose argument at this index (0-based) is a length of text they generate. */
	private static final Map<String, Integer> LENGTH_ARGUMENT = Map.of("repeat", 1, "lpad", 1, "rpad", 1, "space", 0);

	private static final Pattern TYPE_ARGUMENTS = Pattern.compile("\\s*\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\)");

	private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

	/** Friendlier names for the syntax most often met outside the allow-list. */
	private static final Map<String, String> FEATURES = Map.ofEntries(Map.entry("JdbcParameter", "parameters (?)"),
			Map.entry("JdbcNamedParameter", "named parameters"), Map.entry("UserVariable", "session variables (@x, @@x)"),
			Map.entry("TableFunction", "table functions in FROM"), Map.entry("LateralSubSelect", "LATERAL subqueries"),
			Map.entry("Values", "VALUES lists"), Map.entry("ParenthesedFromItem", "parenthesized joins"),
			Map.entry("JsonExpression", "JSON operators"), Map.entry("ArrayExpression", "array subscripts"),
			Map.entry("ArrayConstructor", "array constructors"), Map.entry("NextValExpression", "sequences"),
			Map.entry("RowConstructor", "row constructors"), Map.entry("CollateExpression", "COLLATE"),
			Map.entry("SampleClause", "TABLESAMPLE"), Map.entry("Pivot", "PIVOT"), Map.entry("UnPivot", "UNPIVOT"));

	private SelectParser() {
	}

	/** The one SELECT of {@code sql}, checked, for PostgreSQL. */
	static Select parse(String sql) {
		return parse(sql, new SourceDialect.Postgres());
	}

	/** The one SELECT of {@code sql}, checked, for the database of {@code dialect}. */
	static Select parse(String sql, SourceDialect dialect) {
		dialect.checkText(sql);
		if (SqlText.hasSeveralStatements(sql)) {
			throw new ApiException(ErrorCode.MULTIPLE_STATEMENTS,
					"The query holds more than one statement; send exactly one SELECT per request");
		}
		String keyword = SqlText.leadingKeyword(sql);
		if (keyword.equals("values") || keyword.equals("table")) {
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "Only SELECT statements are run; " + keyword.toUpperCase(Locale.ROOT)
					+ " statements are not supported");
		}
		if (SqlText.NOT_READ_ONLY.contains(keyword)) {
			throw notReadOnly(keyword.toUpperCase(Locale.ROOT) + " statements");
		}
		Statements statements;
		try {
			statements = CCJSqlParserUtil.parseStatements(sql);
		}
		catch (JSQLParserException | RuntimeException | StackOverflowError ex) {
			throw new ApiException(ErrorCode.QUERY_PARSE_FAILED, "The query cannot be parsed" + position(ex));
		}
		if (statements == null || statements.isEmpty()) {
			throw new ApiException(ErrorCode.QUERY_PARSE_FAILED, "The query holds no statement");
		}
		if (statements.size() > 1) {
			throw new ApiException(ErrorCode.MULTIPLE_STATEMENTS,
					"The query holds more than one statement; send exactly one SELECT per request");
		}
		Statement statement = statements.get(0);
		if (!(statement instanceof Select select)) {
			throw notReadOnly(statement.getClass().getSimpleName() + " statements");
		}
		if (!(select instanceof PlainSelect || select instanceof SetOperationList
				|| select.getClass() == ParenthesedSelect.class)) {
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "Only SELECT statements are run; "
					+ feature(select.getClass().getSimpleName()) + " is not supported");
		}
		check(Ast.nodes(select), dialect instanceof SourceDialect.Postgres);
		return select;
	}

	private static void check(List<Object> nodes, boolean postgres) {
		for (Object node : nodes) {
			readOnly(node);
		}
		for (Object node : nodes) {
			if (node instanceof StringValue text && (text.getPrefix() != null || !"'".equals(text.getQuoteStr()))) {
				// E'...', N'...', U&'...', $$...$$: each database reads them its own way; plain '...' means the same to all
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
						"The governed query takes string literals in plain single quotes only ('...', with '' for a quote)");
			}
		}
		for (Object node : nodes) {
			if (node instanceof Function function) {
				function(function.getMultipartName() != null && function.getMultipartName().size() > 1
						? String.join(".", function.getMultipartName()) : function.getName(),
						function.getMultipartName() != null && function.getMultipartName().size() > 1);
				generatedLength(function, postgres);
			}
			else if (node instanceof AnalyticExpression analytic) {
				function(analytic.getName(), false);
			}
		}
		for (Object node : nodes) {
			if (node instanceof ColDataType type) {
				castType(type);
			}
		}
		for (Object node : nodes) {
			String kind = Ast.kind(node);
			if (!AllowedSql.NODES.contains(kind)) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
						"The governed query does not run " + feature(kind) + " (it runs plain SELECTs with joins, subqueries and CTEs)");
			}
		}
	}

	private static void readOnly(Object node) {
		if (node instanceof Select select) {
			if (select.getForMode() != null || select.getForUpdateTable() != null
					|| (select.getForUpdateTables() != null && !select.getForUpdateTables().isEmpty())
					|| select.getForUpdate() != null || select.isNoWait() || select.isSkipLocked() || select.getWait() != null) {
				throw notReadOnly("locking clauses (FOR UPDATE, FOR SHARE)");
			}
			if (select.getIsolation() != null) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "The governed query does not take an isolation clause");
			}
		}
		if (node instanceof PlainSelect plain && ((plain.getIntoTables() != null && !plain.getIntoTables().isEmpty())
				|| plain.getMySqlSelectIntoClause() != null || plain.getIntoTempTable() != null)) {
			throw notReadOnly("SELECT ... INTO");
		}
		if (node instanceof WithItem<?> with) {
			if (!(with.getParenthesedStatement() instanceof ParenthesedSelect)) {
				throw notReadOnly("data-changing statements in WITH");
			}
			if (with.isRecursive()) {
				throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED, "The governed query does not run recursive CTEs (WITH RECURSIVE)");
			}
		}
		if (node instanceof Join join && (join.isNatural() || join.isApply() || join.isSemi() || join.isWindowJoin()
				|| join.isAsOf() || join.isGlobal() || join.isArray() || join.getJoinHint() != null)) {
			throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
					"The governed query does not run NATURAL, APPLY or other special joins; join with ON or USING");
		}
	}

	private static void function(String name, boolean qualified) {
		String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
		if (qualified || !AllowedSql.FUNCTIONS.contains(lower)) {
			throw new ApiException(ErrorCode.FUNCTION_NOT_ALLOWED, "Function '" + shorten(name) + "' is not allowed in a governed query"
					+ (qualified ? " (schema-qualified functions may be user-defined)" : ""));
		}
	}

	/**
	 * Refuses a call that could generate a huge text from a short statement: the length argument
	 * of {@code repeat}, {@code lpad}, {@code rpad} and {@code space} must be an integer literal of at
	 * most {@value #MAX_GENERATED_LENGTH}; on PostgreSQL {@code format} takes a literal template
	 * whose widths are literals of at most that.
	 */
	private static void generatedLength(Function function, boolean postgres) {
		String name = function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
		List<?> parameters = function.getParameters() == null ? List.of() : function.getParameters();
		Integer index = LENGTH_ARGUMENT.get(name);
		if (index != null) {
			Long length = parameters.size() > index && parameters.get(index) instanceof Expression e ? integer(e) : null;
			if (length == null || length > MAX_GENERATED_LENGTH) {
				throw new ApiException(ErrorCode.FUNCTION_NOT_ALLOWED, "Function '" + name + "' takes its length as an integer "
						+ "literal of at most " + MAX_GENERATED_LENGTH + " in a governed query");
			}
		}
		if (postgres && name.equals("format")) {
			if (parameters.isEmpty() || !(parameters.get(0) instanceof StringValue template)
					|| !formatWidthsBounded(template.getValue())) {
				throw new ApiException(ErrorCode.FUNCTION_NOT_ALLOWED, "Function 'format' takes a literal template whose widths "
						+ "are literals of at most " + MAX_GENERATED_LENGTH + " in a governed query");
			}
		}
	}

	/** An integer literal, possibly in parentheses or under signs; {@code null} for anything else. */
	private static Long integer(Expression expression) {
		try {
			return QueryAnalyzer.position(expression);
		}
		catch (ApiException ex) {
			return null;
		}
	}

	/** Whether every width of a PostgreSQL {@code format} template ({@code %[n$][-][width]type}) is a literal within bounds. */
	static boolean formatWidthsBounded(String template) {
		int i = 0;
		int n = template.length();
		while (i < n) {
			if (template.charAt(i++) != '%') {
				continue;
			}
			if (i < n && template.charAt(i) == '%') {
				i++;
				continue;
			}
			int digits = i;
			while (i < n && Character.isDigit(template.charAt(i))) {
				i++;
			}
			if (i < n && template.charAt(i) == '$') {
				i++;
			}
			else {
				i = digits;
			}
			while (i < n && template.charAt(i) == '-') {
				i++;
			}
			if (i < n && template.charAt(i) == '*') {
				return false;
			}
			int width = i;
			while (i < n && Character.isDigit(template.charAt(i))) {
				i++;
			}
			if (i > width && (i - width > 6 || Integer.parseInt(template.substring(width, i)) > MAX_GENERATED_LENGTH)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Refuses a cast to a type off {@link AllowedSql#CAST_TYPES}: object identifiers and the
	 * {@code reg*} types read the system catalogs ({@code CAST(1260 AS regclass)} names
	 * {@code pg_authid}), and quoted, qualified or array types may be user-defined or unexpected.
	 */
	private static void castType(ColDataType type) {
		String raw = type.getDataType() == null ? "" : type.getDataType();
		String normalized = TYPE_ARGUMENTS.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll(" ").trim().replaceAll("\\s+", " ");
		boolean array = type.getArrayData() != null && !type.getArrayData().isEmpty();
		if (array || !AllowedSql.CAST_TYPES.contains(normalized)) {
			throw new ApiException(ErrorCode.CAST_NOT_ALLOWED, "Casts to '" + shorten(raw + (array ? "[]" : ""))
					+ "' are not allowed in a governed query (allowed: numbers, text, dates and times, interval, boolean, uuid, binary)");
		}
	}

	private static ApiException notReadOnly(String what) {
		return new ApiException(ErrorCode.QUERY_NOT_READ_ONLY,
				"The governed query runs only plain SELECTs; " + what + " are refused");
	}

	private static String feature(String kind) {
		return FEATURES.getOrDefault(kind, kind);
	}

	private static String position(Throwable ex) {
		Matcher matcher = POSITION.matcher(String.valueOf(ex.getMessage()));
		return matcher.find() ? " (stopped at line " + matcher.group(1) + ", column " + matcher.group(2) + ")" : "";
	}

	static String shorten(String name) {
		if (name == null) {
			return "";
		}
		String printable = name.replaceAll("\\p{Cntrl}", "?");
		return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
	}
}
