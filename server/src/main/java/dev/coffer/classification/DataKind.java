package dev.coffer.classification;

import java.util.Locale;

/** What a database type name says about a column's values, across PostgreSQL, MySQL/MariaDB, SQL Server and Oracle names. */
enum DataKind {

	TEXT, INTEGER, DECIMAL, BOOLEAN, DATE, TIMESTAMP, TIME, UUID, BINARY, NETWORK_ADDRESS, MAC_ADDRESS;

	static DataKind of(String dataType) {
		String t = dataType.toLowerCase(Locale.ROOT).trim();
		if (t.isEmpty()) {
			return TEXT;
		}
		if (t.startsWith("bool") || t.equals("bit") || t.equals("bit(1)") || t.startsWith("tinyint(1)")) {
			return BOOLEAN;
		}
		if (t.equals("uuid") || t.equals("uniqueidentifier")) {
			return UUID;
		}
		if (t.startsWith("bytea") || t.contains("blob") || t.contains("binary") || t.equals("raw") || t.startsWith("image")) {
			return BINARY;
		}
		if (t.equals("inet") || t.equals("cidr")) {
			return NETWORK_ADDRESS;
		}
		if (t.startsWith("macaddr")) {
			return MAC_ADDRESS;
		}
		if (t.startsWith("timestamp") || t.startsWith("datetime") || t.equals("smalldatetime")) {
			return TIMESTAMP;
		}
		if (t.equals("date")) {
			return DATE;
		}
		if (t.startsWith("time") || t.startsWith("interval")) {
			return TIME;
		}
		if (t.contains("int") || t.contains("serial") || t.equals("long") || t.equals("number") || t.equals("number(19)")
				|| t.equals("number(10)")) {
			return INTEGER;
		}
		if (t.startsWith("numeric") || t.startsWith("decimal") || t.startsWith("number") || t.startsWith("float")
				|| t.startsWith("double") || t.equals("real") || t.contains("money")) {
			return DECIMAL;
		}
		return TEXT;
	}

	/** Whether a detector of {@code type} can apply to a column of this kind at all. */
	boolean admits(DetectedType type) {
		return switch (this) {
			case TEXT -> true;
			case INTEGER -> switch (type) {
				case PAYMENT_CARD, PHONE, US_SSN, CA_SIN, ABA_ROUTING_NUMBER, POSTAL_CODE, PASSPORT_NUMBER -> true;
				default -> false;
			};
			case DECIMAL -> type == DetectedType.GEO_COORDINATE;
			case DATE, TIMESTAMP -> type == DetectedType.DATE_OF_BIRTH;
			case NETWORK_ADDRESS -> type == DetectedType.IP_ADDRESS;
			case MAC_ADDRESS -> type == DetectedType.MAC_ADDRESS;
			case BOOLEAN, TIME, UUID, BINARY -> false;
		};
	}
}
