package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableInfo;
import dev.coffer.catalog.CatalogModel.TableRef;

/**
 * Snowflake: the catalog of the URL's database ({@code db}) from its {@code INFORMATION_SCHEMA}
 * views (SCHEMATA, TABLES, COLUMNS), and sampling with fixed-size row sampling,
 * {@code SAMPLE (n ROWS)}.
 *
 * @see <a href="https://docs.snowflake.com/en/sql-reference/info-schema">Snowflake Information Schema</a>
 * @see <a href="https://docs.snowflake.com/en/sql-reference/constructs/sample">SAMPLE / TABLESAMPLE</a>
 */
class SnowflakeDialect extends Dialect {

	static final String SCHEMAS_SQL = "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY SCHEMA_NAME";

	static final String TABLES_SQL = "SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES "
			+ "WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME";

	static final String COLUMNS_SQL = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, ORDINAL_POSITION "
			+ "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION";

	static final String TABLE_COLUMNS_SQL = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, ORDINAL_POSITION "
			+ "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";

	@Override
	Set<String> systemSchemas() {
		return Set.of("information_schema");
	}

	@Override
	List<String> schemas(Connection connection) throws SQLException {
		List<String> schemas = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(SCHEMAS_SQL)) {
			while (rs.next()) {
				if (!systemSchema(rs.getString(1))) {
					schemas.add(rs.getString(1));
				}
			}
		}
		return schemas;
	}

	@Override
	List<TableInfo> tables(Connection connection, String schema) throws SQLException {
		List<TableInfo> tables = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(TABLES_SQL)) {
			statement.setString(1, schema);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					String type = CatalogModel.tableType(rs.getString(2));
					if (type != null) {
						tables.add(new TableInfo(schema, rs.getString(1), type));
					}
				}
			}
		}
		return tables;
	}

	@Override
	Map<String, List<ColumnInfo>> columns(Connection connection, String schema, String table) throws SQLException {
		Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(table == null ? COLUMNS_SQL : TABLE_COLUMNS_SQL)) {
			statement.setString(1, schema);
			if (table != null) {
				statement.setString(2, table);
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					String dataType = rs.getString(3).toLowerCase(Locale.ROOT);
					columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
						.add(new ColumnInfo(rs.getString(2), dataType, jdbcType(dataType), "YES".equals(rs.getString(4)),
								rs.getInt(5)));
				}
			}
		}
		return columns;
	}

	private static int jdbcType(String dataType) {
		return switch (dataType) {
			case "binary", "varbinary" -> Types.BINARY;
			case "number", "decimal", "numeric" -> Types.NUMERIC;
			case "float", "double", "real" -> Types.DOUBLE;
			case "boolean" -> Types.BOOLEAN;
			case "date" -> Types.DATE;
			case "timestamp_ntz", "timestamp_ltz", "timestamp_tz", "datetime", "timestamp" -> Types.TIMESTAMP;
			case "time" -> Types.TIME;
			case "text", "varchar", "string", "char" -> Types.VARCHAR;
			default -> Types.OTHER;
		};
	}

	@Override
	String text(String quotedColumn) {
		return "LEFT(TO_VARCHAR(" + quotedColumn + "), " + MAX_VALUE_CHARS + ")";
	}

	@Override
	String sampleSql(TableRef table, List<ColumnInfo> columns, long estimate, int sampleSize) {
		return "SELECT " + selectList(columns) + " FROM " + qualified(table) + " SAMPLE (" + sampleSize + " ROWS)";
	}

	@Override
	String firstRowsSql(TableRef table, List<ColumnInfo> columns, int sampleSize) {
		return "SELECT " + selectList(columns) + " FROM " + qualified(table) + " LIMIT " + sampleSize;
	}
}
