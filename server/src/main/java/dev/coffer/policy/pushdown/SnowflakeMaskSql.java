package dev.coffer.policy.pushdown;

/** {@link MaskSql} in Snowflake's SQL, for the body of a masking policy (which returns the column's own type). */
final class SnowflakeMaskSql extends MaskSql {

	@Override
	String literal(String text) {
		return Sql.sfLiteral(text);
	}

	@Override
	String fn(String name) {
		return name;
	}

	@Override
	String nullOf(SourceColumn column) {
		return "NULL";
	}

	@Override
	String typed(String text, SourceColumn column) {
		return switch (column.family()) {
			case NUMBER -> text;
			case DATE -> "TO_DATE(" + Sql.sfLiteral(text) + ")";
			case TIMESTAMP -> "TO_TIMESTAMP_NTZ(" + Sql.sfLiteral(text) + ")";
			case TIMESTAMPTZ -> column.type().equalsIgnoreCase("TIMESTAMP_LTZ") ? "TO_TIMESTAMP_LTZ(" + Sql.sfLiteral(text) + ")"
					: "TO_TIMESTAMP_TZ(" + Sql.sfLiteral(text) + ")";
			default -> Sql.sfLiteral(text);
		};
	}

	@Override
	String length(String x) {
		return "LENGTH(" + x + ")";
	}

	@Override
	String repeatStars(String count) {
		return "REPEAT('*', " + count + ")";
	}

	@Override
	String position(String x) {
		return "POSITION('@', " + x + ")";
	}

	@Override
	String substr(String x, String from) {
		return "SUBSTR(" + x + ", " + from + ")";
	}

	@Override
	String substr(String x, String from, String count) {
		return "SUBSTR(" + x + ", " + from + ", " + count + ")";
	}

	@Override
	String right(String x, int count) {
		return "RIGHT(" + x + ", " + count + ")";
	}

	@Override
	String left(String x, int count) {
		return "LEFT(" + x + ", " + count + ")";
	}

	@Override
	String sha(String x) {
		return "SHA2(" + x + ", 256)";
	}

	@Override
	String asText(String x, TypeFamily family) {
		return switch (family) {
			case TEXT -> x;
			case DATE -> "TO_VARCHAR(" + x + ", 'YYYY-MM-DD')";
			default -> "TO_VARCHAR(" + x + ")";
		};
	}

	@Override
	String number(String x) {
		return x;
	}

	@Override
	String backToType(String number, SourceColumn column) {
		return number;
	}

	@Override
	String isIsoDate(String x) {
		return "REGEXP_LIKE(" + x + ", '[0-9]{4}-[0-9]{2}-[0-9]{2}')";
	}

	@Override
	String isDecimal(String x) {
		return null;
	}

	@Override
	String numberFromText(String x) {
		throw new UnsupportedOperationException("Snowflake push-down does not round text");
	}

	@Override
	String yearStart(String x, TypeFamily family) {
		return "DATE_TRUNC('YEAR', " + x + ")";
	}

	@Override
	String plusDays(String x, int days, TypeFamily family) {
		return "DATEADD(DAY, " + days + ", " + x + ")";
	}

	@Override
	String regexReplace(String x, String pattern, String replacement) {
		String translated = replacement(replacement, "\\0");
		if (translated == null || !portable(pattern)) {
			return null;
		}
		return "REGEXP_REPLACE(" + x + ", " + Sql.sfLiteral(pattern) + ", " + Sql.sfLiteral(translated) + ")";
	}

	@Override
	boolean textFromOtherTypes() {
		return false;
	}
}
