package dev.coffer.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of database a data source can be, by their API name, with the JDBC driver each uses. */
enum DataSourceType {

	POSTGRESQL("postgresql", "org.postgresql.Driver"),
	/** MariaDB and MySQL, both through MariaDB Connector/J. */
	MYSQL("mysql", "org.mariadb.jdbc.Driver"),
	H2("h2", "org.h2.Driver"),
	SNOWFLAKE("snowflake", "net.snowflake.client.api.driver.SnowflakeDriver");

	private final String apiName;

	private final String driverClass;

	DataSourceType(String apiName, String driverClass) {
		this.apiName = apiName;
		this.driverClass = driverClass;
	}

	String apiName() {
		return this.apiName;
	}

	String driverClass() {
		return this.driverClass;
	}

	static Optional<DataSourceType> fromApiName(String name) {
		return Arrays.stream(values()).filter(type -> type.apiName.equals(name)).findFirst();
	}

	static String names() {
		return String.join(", ", Arrays.stream(values()).map(DataSourceType::apiName).toList());
	}
}
