package dev.coffer.query;

import java.util.Set;

/**
 * What the governed query lets through the parser: an allow-list of syntax node types and of
 * function names. Anything else is refused, so a construct the checks do not know (a table
 * function, a session variable, a new kind of expression in a later parser version) can never slip
 * past them. Functions are matched by their unqualified name, case-insensitively; a
 * schema-qualified call is refused, since it may name a user-defined function.
 */
final class AllowedSql {

	/**
	 * Scalar, aggregate and window functions of PostgreSQL and MariaDB/MySQL that read only their
	 * arguments: no file, network, lock, sleep, setting, catalog, sequence or dynamic-SQL function
	 * (pg_read_file, lo_*, dblink, query_to_xml, set_config, current_setting, pg_sleep, nextval,
	 * load_file, sys_exec, benchmark, sleep, get_lock, ... are all absent).
	 */
	static final Set<String> FUNCTIONS = Set.of(
			// text
			"lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "bit_length",
			"substring", "substr", "left", "right", "trim", "ltrim", "rtrim", "btrim", "lpad", "rpad", "replace",
			"translate", "reverse", "repeat", "concat", "concat_ws", "position", "strpos", "locate", "instr",
			"split_part", "starts_with", "ascii", "chr", "char", "md5", "sha1", "sha2", "to_hex", "hex", "unhex",
			"regexp_replace", "regexp_like", "regexp_substr", "regexp_instr", "regexp_match", "regexp_matches",
			"regexp_count", "format", "quote_literal", "quote_ident", "space", "field", "find_in_set", "elt",
			"soundex", "difference", "string_agg", "group_concat", "to_char", "to_number",
			// numbers
			"abs", "round", "floor", "ceil", "ceiling", "trunc", "truncate", "mod", "power", "pow", "sqrt", "cbrt",
			"exp", "ln", "log", "log2", "log10", "sign", "pi", "degrees", "radians", "sin", "cos", "tan", "asin",
			"acos", "atan", "atan2", "div", "greatest", "least", "width_bucket", "random", "rand",
			// conditionals
			"coalesce", "nullif", "ifnull", "nvl", "if",
			// dates and times
			"now", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "date_trunc",
			"date_part", "extract", "to_date", "to_timestamp", "age", "make_date", "make_time", "make_timestamp",
			"make_interval", "justify_days", "justify_hours", "date", "time", "year", "month", "day", "dayofmonth",
			"dayofweek", "dayofyear", "weekday", "week", "weekofyear", "quarter", "hour", "minute", "second",
			"last_day", "datediff", "date_add", "date_sub", "adddate", "subdate", "timestampdiff", "timestampadd",
			"date_format", "str_to_date", "unix_timestamp", "from_unixtime", "curdate", "curtime", "sysdate",
			"utc_date", "utc_timestamp", "makedate", "monthname", "dayname", "yearweek", "period_add", "period_diff",
			"to_days", "from_days", "isfinite", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
			// aggregates
			"count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
			"var_samp", "bool_and", "bool_or", "every", "bit_and", "bit_or", "bit_xor", "percentile_cont",
			"percentile_disc", "mode", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "median",
			// window
			"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
			"last_value", "nth_value",
			// casts
			"cast", "convert");

	/**
	 * Types a value may be cast to, lower case, without their length or precision: numbers, text,
	 * dates and times, interval, boolean, uuid and binary strings, as PostgreSQL and MariaDB name
	 * them. Never object identifiers ({@code oid}, {@code regclass}, {@code regrole}, ...), which read
	 * the system catalogs, nor {@code xid}, {@code tid}, {@code pg_*}, {@code jsonpath}, {@code name},
	 * arrays or user-defined types.
	 */
	static final Set<String> CAST_TYPES = Set.of("smallint", "integer", "int", "int2", "int4", "int8", "bigint", "decimal",
			"numeric", "dec", "real", "float", "float4", "float8", "double precision", "double", "signed", "unsigned",
			"signed integer", "unsigned integer", "signed int", "unsigned int", "text", "varchar", "character varying",
			"char", "character", "nchar", "national char", "national character", "bpchar", "date", "time", "timetz",
			"time with time zone", "time without time zone", "timestamp", "timestamptz", "timestamp with time zone",
			"timestamp without time zone", "datetime", "interval", "boolean", "bool", "uuid", "binary", "bytea");

	/** Syntax node types (simple class names of the parser's model) the checks understand. */
	static final Set<String> NODES = Set.of(
			// statements and clauses
			"PlainSelect", "SetOperationList", "ParenthesedSelect", "WithItem", "UnionOp", "IntersectOp", "ExceptOp",
			"SelectItem", "AllColumns", "AllTableColumns", "Join", "Table", "Alias", "AliasColumn", "Distinct",
			"GroupByElement", "OrderByElement", "Limit", "Offset", "Fetch", "Column", "ExpressionList",
			"ParenthesedExpressionList", "NamedExpressionList",
			// expressions
			"Function", "AnalyticExpression", "WindowDefinition", "WindowElement", "WindowRange", "WindowOffset",
			"OrderByClause", "PartitionByClause", "CaseExpression", "WhenClause", "CastExpression", "ColDataType",
			"ExtractExpression", "IntervalExpression", "DateTimeLiteralExpression", "TimeKeyExpression", "LongValue",
			"DoubleValue", "StringValue", "NullValue", "BooleanValue", "DateValue", "TimeValue", "TimestampValue",
			"HexValue", "SignedExpression", "NotExpression", "AndExpression", "OrExpression", "XorExpression",
			"EqualsTo", "NotEqualsTo", "GreaterThan", "GreaterThanEquals", "MinorThan", "MinorThanEquals",
			"LikeExpression", "SimilarToExpression", "RegExpMatchOperator", "InExpression", "Between",
			"IsNullExpression", "IsBooleanExpression", "IsDistinctExpression", "ExistsExpression",
			"AnyComparisonExpression", "Addition", "Subtraction", "Multiplication", "Division", "IntegerDivision",
			"Modulo", "Concat", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "TrimFunction");

	private AllowedSql() {
	}
}
