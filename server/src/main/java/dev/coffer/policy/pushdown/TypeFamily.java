package dev.coffer.policy.pushdown;

import java.util.Locale;

/** How masks treat a column's database type: as the Java masks treat the value it reads as. */
enum TypeFamily {

	TEXT, NUMBER, DATE, TIMESTAMP, TIMESTAMPTZ, BOOLEAN, OTHER;

	/**
	 * From PostgreSQL's {@code format_type} and {@code pg_type.typcategory} ({@code S} string,
	 * {@code N} numeric, {@code B} boolean, {@code D} date/time).
	 */
	static TypeFamily postgres(String formatted, String category) {
		String type = formatted.toLowerCase(Locale.ROOT);
		return switch (category) {
			case "S" -> TEXT;
			case "N" -> type.equals("money") ? OTHER : NUMBER;
			case "B" -> BOOLEAN;
			case "D" -> type.equals("date") ? DATE
					: type.startsWith("timestamp") && type.endsWith("with time zone") && !type.contains("without") ? TIMESTAMPTZ
							: type.startsWith("timestamp") ? TIMESTAMP : OTHER;
			default -> OTHER;
		};
	}

	/** From Snowflake's {@code INFORMATION_SCHEMA.COLUMNS.DATA_TYPE}. */
	static TypeFamily snowflake(String dataType) {
		return switch (dataType.toUpperCase(Locale.ROOT)) {
			case "TEXT", "VARCHAR", "STRING", "CHAR", "CHARACTER" -> TEXT;
			case "NUMBER", "DECIMAL", "NUMERIC", "INT", "INTEGER", "BIGINT", "SMALLINT", "FLOAT", "DOUBLE", "REAL" -> NUMBER;
			case "DATE" -> DATE;
			case "TIMESTAMP_NTZ", "DATETIME" -> TIMESTAMP;
			case "TIMESTAMP_LTZ", "TIMESTAMP_TZ" -> TIMESTAMPTZ;
			case "BOOLEAN" -> BOOLEAN;
			default -> OTHER;
		};
	}
}
