package dev.coffer.policy.pushdown;

/**
 * A column of a table of the data source, as the database names it.
 *
 * @param type the database's name of its type ({@code character varying(200)}, {@code NUMBER})
 */
record SourceColumn(String schema, String table, String column, String type, TypeFamily family) {
}
