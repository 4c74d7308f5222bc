package dev.coffer.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * The body that creates, changes or tests a data source. Not a record: it holds a password, and
 * {@link #toString()} never prints it. On a change, a field left out keeps its value; whether
 * {@code password} was given at all is remembered ({@code ""} removes the stored password).
 */
@Schema(name = "DataSourceRequest", description = "A data source definition. On PATCH every field is optional.")
final class DataSourceRequest {

	@Schema(description = "Unique name, 1 to 200 characters.", example = "orders-db")
	@Size(min = 1, max = 200)
	private String name;

	@Schema(description = "`postgresql`, `mysql` (MariaDB and MySQL), `h2` (remote server) or `snowflake`. Cannot be changed.",
			example = "postgresql")
	private String type;

	@Schema(description = "JDBC URL without credentials. Per type: `jdbc:postgresql://host[:port]/db[?params]` (params "
			+ JdbcUrls.PG_PARAMS_DOC + "); `jdbc:mariadb://` or `jdbc:mysql://host[:port][/db][?params]` (params "
			+ JdbcUrls.MARIADB_PARAMS_DOC + "); `jdbc:h2:tcp://host[:port]/path` (no `;` settings); "
			+ "`jdbc:snowflake://<account>.snowflakecomputing.com/?db=DB[&warehouse=..&role=..&schema=..]`. "
			+ "Other parameters are refused (`forbidden_parameter`): driver properties can load classes, touch files or run code.",
			example = "jdbc:postgresql://db.internal:5432/orders?sslmode=require")
	@Size(max = JdbcUrls.MAX_LENGTH)
	private String jdbcUrl;

	@Schema(description = "Database user.", example = "coffer_reader")
	@Size(max = 256)
	private String username;

	@Schema(description = "Database password: sealed at rest, never returned (`has_password` says whether one is stored). "
			+ "On PATCH, `\"\"` removes it; it must be given again when `jdbc_url` or `username` changes.",
			accessMode = Schema.AccessMode.WRITE_ONLY)
	@Size(max = 1024)
	@JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
	private String password;

	private boolean passwordGiven;

	@Schema(description = "Free text.")
	@Size(max = 1024)
	private String description;

	@Schema(description = "Most connections Coffer opens to this data source at once, per node, 1 to 32 (default 4).", example = "4")
	@Min(1)
	@Max(32)
	private Integer maxConnections;

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getType() {
		return this.type;
	}

	public void setType(String type) {
		this.type = type;
	}

	public String getJdbcUrl() {
		return this.jdbcUrl;
	}

	public void setJdbcUrl(String jdbcUrl) {
		this.jdbcUrl = jdbcUrl;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
		this.passwordGiven = true;
	}

	boolean passwordGiven() {
		return this.passwordGiven;
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	@Override
	public String toString() {
		return "DataSourceRequest[" + this.name + " " + this.type + ", password=redacted]";
	}
}
