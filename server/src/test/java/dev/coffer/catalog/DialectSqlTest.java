package dev.coffer.catalog;

import java.sql.Types;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.coffer.catalog.CatalogModel.ColumnInfo;
import dev.coffer.catalog.CatalogModel.TableRef;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL each dialect generates: quoting, the sampling clause per database and the catalog
 * queries of Snowflake, checked against each database's documentation.
 */
class DialectSqlTest {

	private static final List<ColumnInfo> COLUMNS = List.of(new ColumnInfo("email", "varchar", Types.VARCHAR, true, 1),
			new ColumnInfo("we\"ird`name", "text", Types.VARCHAR, true, 2));

	private static final TableRef TABLE = new TableRef("Shop", "Customers");

	@Test
	void postgresqlSamplesByTheRowEstimate() {
		Dialect pg = new PostgresDialect();
		assertThat(pg.sampleSql(TABLE, COLUMNS, -1, 1000)).isEqualTo(
				"SELECT left((\"email\")::text, 1024) AS c1, left((\"we\"\"ird`name\")::text, 1024) AS c2 FROM \"Shop\".\"Customers\" LIMIT 1000");
		assertThat(pg.sampleSql(TABLE, COLUMNS, 800, 1000)).endsWith("FROM \"Shop\".\"Customers\" LIMIT 1000");
		// https://www.postgresql.org/docs/current/sql-select.html#SQL-FROM: TABLESAMPLE method (percentage)
		assertThat(pg.sampleSql(TABLE, COLUMNS, 50_000, 1000)).endsWith("FROM \"Shop\".\"Customers\" TABLESAMPLE BERNOULLI (3) LIMIT 1000");
		assertThat(pg.sampleSql(TABLE, COLUMNS, 10_000_000, 1000))
			.endsWith("FROM \"Shop\".\"Customers\" TABLESAMPLE SYSTEM (0.015) LIMIT 1000");
		assertThat(pg.sampleSql(TABLE, COLUMNS, 1100, 1000)).contains("TABLESAMPLE BERNOULLI (100) LIMIT 1000");
	}

	@Test
	void mariaDbFiltersWithRandSizedFromTheEstimateAndBoundsTheScan() {
		Dialect maria = new MariaDbDialect();
		assertThat(maria.sampleSql(TABLE, COLUMNS, 10, 1000))
			.isEqualTo("SELECT LEFT(`email`, 1024) AS c1, LEFT(`we\"ird``name`, 1024) AS c2 FROM `Shop`.`Customers` LIMIT 1000");
		assertThat(maria.sampleSql(TABLE, COLUMNS, 30_000, 1000)).endsWith("FROM `Shop`.`Customers` WHERE RAND() < 0.05 LIMIT 1000");
		assertThat(maria.sampleSql(TABLE, COLUMNS, 5_000_000, 1000)).isEqualTo("SELECT * FROM (SELECT LEFT(`email`, 1024) AS c1, "
				+ "LEFT(`we\"ird``name`, 1024) AS c2 FROM `Shop`.`Customers` LIMIT 100000) AS coffer_sample WHERE RAND() < 0.015 LIMIT 1000");
	}

	@Test
	void h2ReadsTheFirstRows() {
		assertThat(new H2Dialect().sampleSql(TABLE, COLUMNS.subList(0, 1), 5_000_000, 500))
			.isEqualTo("SELECT LEFT(CAST(\"email\" AS VARCHAR), 1024) AS c1 FROM \"Shop\".\"Customers\" FETCH FIRST 500 ROWS ONLY");
	}

	@Test
	void snowflakeSamplesAFixedNumberOfRowsAndReadsItsInformationSchema() {
		Dialect snowflake = new SnowflakeDialect();
		// https://docs.snowflake.com/en/sql-reference/constructs/sample: "SELECT * FROM testtable SAMPLE (10 ROWS);"
		assertThat(snowflake.sampleSql(TABLE, COLUMNS.subList(0, 1), -1, 1000))
			.isEqualTo("SELECT LEFT(TO_VARCHAR(\"email\"), 1024) AS c1 FROM \"Shop\".\"Customers\" SAMPLE (1000 ROWS)");
		// https://docs.snowflake.com/en/sql-reference/info-schema/schemata, .../tables, .../columns
		assertThat(SnowflakeDialect.SCHEMAS_SQL).isEqualTo("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY SCHEMA_NAME");
		assertThat(SnowflakeDialect.TABLES_SQL)
			.isEqualTo("SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME");
		assertThat(SnowflakeDialect.COLUMNS_SQL).isEqualTo("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, "
				+ "ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION");
		assertThat(snowflake.systemSchema("INFORMATION_SCHEMA")).isTrue();
		assertThat(CatalogModel.tableType("BASE TABLE")).isEqualTo("table");
		assertThat(CatalogModel.tableType("EXTERNAL TABLE")).isEqualTo("external_table");
	}

	@Test
	void binaryColumnsAreNotSampled() {
		assertThat(new ColumnInfo("photo", "bytea", Types.BINARY, true, 1).binary()).isTrue();
		assertThat(new ColumnInfo("doc", "longblob", Types.LONGVARBINARY, true, 1).binary()).isTrue();
		assertThat(new ColumnInfo("email", "varchar", Types.VARCHAR, true, 1).binary()).isFalse();
	}
}
