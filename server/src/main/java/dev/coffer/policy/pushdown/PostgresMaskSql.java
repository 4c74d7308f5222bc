package dev.coffer.policy.pushdown;

/** {@link MaskSql} in PostgreSQL's SQL (12 and later: {@code sha256()} is built in). */
final class PostgresMaskSql extends MaskSql {

	@Override
	String literal(String text) {
		return Sql.pgLiteral(text);
	}

	@Override
	String nullOf(SourceColumn column) {
		return "CAST(NULL AS " + column.type() + ")";
	}

	@Override
	String typed(String text, SourceColumn column) {
		return "CAST(" + Sql.pgLiteral(text) + " AS " + column.type() + ")";
	}

	@Override
	String length(String x) {
		return "char_length(" + x + ")";
	}

	@Override
	String repeatStars(String count) {
		return "repeat('*', " + count + ")";
	}

	@Override
	String position(String x) {
		return "strpos(" + x + ", '@')";
	}

	@Override
	String substr(String x, String from) {
		return "substr(" + x + ", " + from + ")";
	}

	@Override
	String substr(String x, String from, String count) {
		return "substr(" + x + ", " + from + ", " + count + ")";
	}

	@Override
	String right(String x, int count) {
		return "right(" + x + ", " + count + ")";
	}

	@Override
	String left(String x, int count) {
		return "left(" + x + ", " + count + ")";
	}

	@Override
	String sha(String x) {
		return "encode(sha256(convert_to(" + x + ", 'UTF8')), 'hex')";
	}

	@Override
	String asText(String x, TypeFamily family) {
		return switch (family) {
			case TEXT -> x;
			case DATE -> "to_char(" + x + ", 'YYYY-MM-DD')";
			default -> "CAST(" + x + " AS text)";
		};
	}

	@Override
	String number(String x) {
		return "CAST(" + x + " AS numeric)";
	}

	@Override
	String backToType(String number, SourceColumn column) {
		return "CAST(" + number + " AS " + column.type() + ")";
	}

	@Override
	String isIsoDate(String x) {
		return "(" + x + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')";
	}

	@Override
	String isDecimal(String x) {
		return "(" + x + " ~ '^-?[0-9]{1,100}([.][0-9]{1,100})?$')";
	}

	@Override
	String numberFromText(String x) {
		return "CAST(" + x + " AS numeric)";
	}

	@Override
	String yearStart(String x, TypeFamily family) {
		return family == TypeFamily.DATE ? "CAST(date_trunc('year', " + x + ") AS date)" : "date_trunc('year', " + x + ")";
	}

	@Override
	String plusDays(String x, int days, TypeFamily family) {
		return family == TypeFamily.DATE ? "(" + x + " + (" + days + "))" : "(" + x + " + INTERVAL '" + days + " days')";
	}

	@Override
	String regexReplace(String x, String pattern, String replacement) {
		String translated = replacement(replacement, "\\&");
		if (translated == null || !portable(pattern)) {
			return null;
		}
		return "regexp_replace(" + x + ", " + Sql.pgLiteral(pattern) + ", " + Sql.pgLiteral(translated) + ", 'g')";
	}

	@Override
	boolean textFromOtherTypes() {
		return true;
	}
}
