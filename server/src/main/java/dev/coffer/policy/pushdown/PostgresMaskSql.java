package dev.coffer.policy.pushdown;

/**
 * {@link MaskSql} in PostgreSQL's SQL (12 and later: {@code sha256()} is built in). Every function
 * and type Coffer writes is qualified with {@code pg_catalog}, so a same-named function or type in
 * another schema (a search_path hijack) cannot stand in for it; the script also runs under
 * {@code search_path = pg_catalog, pg_temp}, which covers operators and the columns' own types.
 */
final class PostgresMaskSql extends MaskSql {

	@Override
	String literal(String text) {
		return Sql.pgLiteral(text);
	}

	@Override
	String fn(String name) {
		return "pg_catalog." + name.toLowerCase(java.util.Locale.ROOT);
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
		return "pg_catalog.char_length(" + x + ")";
	}

	@Override
	String repeatStars(String count) {
		return "pg_catalog.repeat('*', " + count + ")";
	}

	@Override
	String position(String x) {
		return "pg_catalog.strpos(" + x + ", '@')";
	}

	@Override
	String substr(String x, String from) {
		return "pg_catalog.substr(" + x + ", " + from + ")";
	}

	@Override
	String substr(String x, String from, String count) {
		return "pg_catalog.substr(" + x + ", " + from + ", " + count + ")";
	}

	@Override
	String right(String x, int count) {
		return "pg_catalog.\"right\"(" + x + ", " + count + ")";
	}

	@Override
	String left(String x, int count) {
		return "pg_catalog.\"left\"(" + x + ", " + count + ")";
	}

	@Override
	String sha(String x) {
		return "pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(" + x + ", 'UTF8')), 'hex')";
	}

	@Override
	String asText(String x, TypeFamily family) {
		return switch (family) {
			case TEXT -> x;
			case DATE -> "pg_catalog.to_char(" + x + ", 'YYYY-MM-DD')";
			default -> "CAST(" + x + " AS pg_catalog.text)";
		};
	}

	@Override
	String number(String x) {
		return "CAST(" + x + " AS pg_catalog.numeric)";
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
		return "CAST(" + x + " AS pg_catalog.numeric)";
	}

	@Override
	String yearStart(String x, TypeFamily family) {
		return family == TypeFamily.DATE ? "CAST(pg_catalog.date_trunc('year', " + x + ") AS pg_catalog.date)"
				: "pg_catalog.date_trunc('year', " + x + ")";
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
		return "pg_catalog.regexp_replace(" + x + ", " + Sql.pgLiteral(pattern) + ", " + Sql.pgLiteral(translated) + ", 'g')";
	}

	@Override
	boolean textFromOtherTypes() {
		return true;
	}
}
