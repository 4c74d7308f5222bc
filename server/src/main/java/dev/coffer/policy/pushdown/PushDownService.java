package dev.coffer.policy.pushdown;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.api.security.DataRoles;
import dev.coffer.api.security.Role;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.catalog.ColumnTags;
import dev.coffer.catalog.DataSourceConnections;
import dev.coffer.catalog.DataSourceConnections.SourceConnection;
import dev.coffer.catalog.DataSourceConnections.SourceInfo;
import dev.coffer.policy.ColumnTag;
import dev.coffer.policy.PushDownPolicies;
import dev.coffer.policy.PushDownPolicyReader;
import dev.coffer.policy.pushdown.PushDownPlan.RoleMapping;

/**
 * Generates a data source's native policies from the current policies and the database's own
 * tables, and applies them on PostgreSQL in one transaction. Generating reads the database's
 * catalog (never its data); applying runs the very script a caller would get, checked against the
 * fingerprint the caller reviewed.
 */
@Component
class PushDownService {

	private static final Logger log = LoggerFactory.getLogger(PushDownService.class);

	static final int MAX_ROLES = 100;

	private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

	private static final Pattern POLICY_SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,99}");

	private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

	private final DataSourceConnections connections;

	private final PushDownPolicyReader policies;

	private final ColumnTags tags;

	private final AuditLog audit;

	PushDownService(DataSourceConnections connections, PushDownPolicyReader policies, ColumnTags tags, AuditLog audit) {
		this.connections = connections;
		this.policies = policies;
		this.tags = tags;
		this.audit = audit;
	}

	/** The script for the data source, generated over a read-only connection. */
	PushDownScriptView generate(String dataSourceId, PushDownRequest in) {
		PushDownRequest request = in == null ? PushDownRequest.empty() : in;
		validate(request);
		SourceInfo source = this.connections.describe(dataSourceId);
		String target = target(source, request);
		Generated generated;
		try (SourceConnection connection = this.connections.openReadOnly(dataSourceId)) {
			generated = generate(source, target, request, connection);
		}
		this.audit.record(AuditRecord.ordinary("policy.push_down_generated", "data_source", source.id(),
				AuditRecord.Outcome.SUCCESS)
			.with("target", target)
			.with("policy_revision", generated.revision())
			.with("tables", generated.script().tables())
			.with("statements", generated.script().statements().size())
			.with("fingerprint", generated.script().fingerprint()));
		return view(source, target, generated, false);
	}

	/** Generates the script over a connection for changes and runs it there in one transaction (PostgreSQL only). */
	PushDownScriptView apply(String dataSourceId, PushDownRequest in) {
		PushDownRequest request = in == null ? PushDownRequest.empty() : in;
		validate(request);
		SourceInfo source = this.connections.describe(dataSourceId);
		String target = target(source, request);
		if (!"postgresql".equals(target)) {
			throw new ApiException(ErrorCode.PUSH_DOWN_UNSUPPORTED, "Coffer applies push-down on PostgreSQL only; "
					+ "generate the " + target + " script (POST /api/v1/data-sources/" + source.id()
					+ "/push-down) and run it in " + target);
		}
		Generated generated;
		try (SourceConnection lease = this.connections.openForChanges(dataSourceId)) {
			generated = generate(source, target, request, lease);
			Script script = generated.script();
			if (request.expectedFingerprint() != null && !request.expectedFingerprint().equals(script.fingerprint())) {
				throw new ApiException(ErrorCode.PUSH_DOWN_CHANGED, "The script would now have fingerprint "
						+ script.fingerprint() + ", not the expected one; nothing was applied");
			}
			Connection connection = lease.connection();
			Set<String> missing = missingRoles(lease, generated.roles());
			if (!missing.isEmpty()) {
				throw failed(source, generated, new PushDownFailedException("Database roles do not exist: "
						+ String.join(", ", missing) + "; nothing was applied", -1, "42704"));
			}
			int index = 0;
			try (Statement statement = connection.createStatement()) {
				statement.setQueryTimeout(lease.queryTimeoutSeconds());
				for (String sql : script.statements()) {
					statement.execute(sql);
					index++;
				}
				connection.commit();
			}
			catch (SQLException ex) {
				rollback(connection);
				log.warn("Push-down on data source {} refused at statement {} (SQLSTATE {})", source.id(), index,
						ex.getSQLState());
				throw failed(source, generated, new PushDownFailedException("The database refused statement " + index
						+ " of the script (SQLSTATE " + ex.getSQLState() + "); nothing was applied", index, ex.getSQLState()));
			}
		}
		this.audit.record(AuditRecord.sensitive("policy.pushed_down", "data_source", source.id(), AuditRecord.Outcome.SUCCESS)
			.with("target", target)
			.with("policy_revision", generated.revision())
			.with("tables", generated.script().tables())
			.with("statements", generated.script().statements().size())
			.with("roles", generated.roles().size())
			.with("fingerprint", generated.script().fingerprint()));
		return view(source, target, generated, true);
	}

	private PushDownFailedException failed(SourceInfo source, Generated generated, PushDownFailedException ex) {
		this.audit.record(AuditRecord.sensitive("policy.pushed_down", "data_source", source.id(), AuditRecord.Outcome.FAILURE)
			.with("target", "postgresql")
			.with("policy_revision", generated.revision())
			.with("statement_index", ex.statementIndex())
			.with("sqlstate", ex.sqlstate()));
		return ex;
	}

	private Generated generate(SourceInfo source, String target, PushDownRequest request, SourceConnection lease) {
		PushDownPolicies current = this.policies.read();
		List<RoleMapping> roles = roles(current, request, target);
		String prefix = request.viewSchemaPrefix() == null ? "coffer_" : request.viewSchemaPrefix();
		List<SourceColumn> columns;
		Set<String> missing = Set.of();
		try {
			Connection connection = lease.connection();
			if ("postgresql".equals(target)) {
				columns = SourceScan.postgresColumns(connection, prefix, lease.queryTimeoutSeconds());
				missing = missingRoles(lease, roles);
			}
			else {
				columns = SourceScan.snowflakeColumns(connection, lease.queryTimeoutSeconds());
			}
		}
		catch (SQLException ex) {
			throw scanFailed(source, ex);
		}
		PushDownPlan plan = PushDownPlan.of(current, source.id(), columns, (schema, table) -> tagsOf(source.id(), schema, table),
				roles);
		Script script = "postgresql".equals(target) ? new PostgresScript(prefix).render(plan)
				: new SnowflakeScript(request.policySchema() == null ? "coffer" : request.policySchema()).render(plan, current);
		if (!missing.isEmpty()) {
			List<String> notes = new ArrayList<>(script.notes());
			notes.add("These database roles do not exist yet, so applying fails until they do: " + String.join(", ", missing)
					+ ".");
			script = new Script(script.statements(), script.text(), script.fingerprint(), notes, script.tables());
		}
		return new Generated(current.revision(), roles, script);
	}

	private Map<String, List<ColumnTag>> tagsOf(String dataSourceId, String schema, String table) {
		Map<String, List<ColumnTag>> byColumn = new LinkedHashMap<>();
		this.tags.tagsOfTable(dataSourceId, schema, table).forEach((column, list) -> {
			List<ColumnTag> converted = new ArrayList<>(list.size());
			for (ColumnTags.ColumnTag tag : list) {
				converted.add(new ColumnTag(tag.name(), tag.value()));
			}
			byColumn.put(column, converted);
		});
		return byColumn;
	}

	private static Set<String> missingRoles(SourceConnection lease, Iterable<RoleMapping> roles) {
		Set<String> names = new LinkedHashSet<>();
		roles.forEach(role -> names.add(role.databaseRole()));
		try {
			return SourceScan.missingPostgresRoles(lease.connection(), names, lease.queryTimeoutSeconds());
		}
		catch (SQLException ex) {
			throw new PushDownFailedException("The database's roles could not be read (SQLSTATE " + ex.getSQLState() + ")", -1,
					ex.getSQLState());
		}
	}

	private static List<RoleMapping> roles(PushDownPolicies current, PushDownRequest request, String target) {
		Map<String, String> map = new LinkedHashMap<>();
		if (request.roleMap() != null) {
			request.roleMap().forEach((coffer, database) -> map.put(normalizeRole(coffer), database));
		}
		List<String> wanted = new ArrayList<>();
		if (request.roles() != null) {
			request.roles().forEach(role -> wanted.add(normalizeRole(role)));
		}
		else if (!map.isEmpty()) {
			wanted.addAll(map.keySet());
		}
		else {
			wanted.addAll(current.roles());
		}
		List<RoleMapping> roles = new ArrayList<>();
		for (String role : new LinkedHashSet<>(wanted)) {
			roles.add(new RoleMapping(role, map.getOrDefault(role, role)));
		}
		if (roles.size() > MAX_ROLES) {
			throw ValidationFailedException.of("roles", "too_many", "the policies name more than " + MAX_ROLES
					+ " roles; list at most " + MAX_ROLES + " in roles");
		}
		return roles;
	}

	private static String normalizeRole(String role) {
		return role.toLowerCase(java.util.Locale.ROOT);
	}

	private static void validate(PushDownRequest request) {
		List<FieldError> errors = new ArrayList<>();
		if (request.target() != null && !List.of("postgresql", "snowflake").contains(request.target())) {
			errors.add(new FieldError("target", "invalid_value", "must be postgresql or snowflake"));
		}
		if (request.roles() != null) {
			if (request.roles().size() > MAX_ROLES) {
				errors.add(new FieldError("roles", "too_many", "must list at most " + MAX_ROLES + " roles"));
			}
			for (int i = 0; i < Math.min(request.roles().size(), MAX_ROLES); i++) {
				checkRole("roles[" + i + "]", request.roles().get(i), errors);
			}
		}
		if (request.roleMap() != null) {
			if (request.roleMap().size() > MAX_ROLES) {
				errors.add(new FieldError("role_map", "too_many", "must map at most " + MAX_ROLES + " roles"));
			}
			else {
				request.roleMap().forEach((coffer, database) -> {
					checkRole("role_map", coffer, errors);
					if (database == null || database.isEmpty() || database.length() > 255
							|| database.chars().anyMatch(Character::isISOControl)) {
						errors.add(new FieldError("role_map." + coffer, "invalid_value",
								"must be a database role name: 1 to 255 characters, no control characters"));
					}
					else if (!Sql.fitsPostgres(database) && "postgresql".equals(request.target())) {
						errors.add(new FieldError("role_map." + coffer, "too_long", "must fit PostgreSQL's 63 bytes"));
					}
				});
			}
		}
		if (request.viewSchemaPrefix() != null && !PREFIX.matcher(request.viewSchemaPrefix()).matches()) {
			errors.add(new FieldError("view_schema_prefix", "invalid_format",
					"must be 1 to 30 characters of a-z, 0-9 and _, starting with a letter or _"));
		}
		if (request.policySchema() != null && !POLICY_SCHEMA.matcher(request.policySchema()).matches()) {
			errors.add(new FieldError("policy_schema", "invalid_format",
					"must be 1 to 100 characters of letters, digits, _ and $, starting with a letter or _"));
		}
		if (request.expectedFingerprint() != null && !FINGERPRINT.matcher(request.expectedFingerprint()).matches()) {
			errors.add(new FieldError("expected_fingerprint", "invalid_format", "must be 64 lowercase hex digits"));
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
	}

	private static void checkRole(String field, String role, List<FieldError> errors) {
		if (role == null || (DataRoles.normalize(role) == null && Role.fromValue(role.toLowerCase(java.util.Locale.ROOT)).isEmpty())) {
			errors.add(new FieldError(field, "invalid_value", "must be a policy role: a platform or data role name"));
		}
	}

	private static String target(SourceInfo source, PushDownRequest request) {
		String type = source.type();
		if (!"postgresql".equals(type) && !"snowflake".equals(type)) {
			throw new ApiException(ErrorCode.PUSH_DOWN_UNSUPPORTED,
					"Push-down is generated for PostgreSQL and Snowflake data sources; this one is " + type);
		}
		if (request.target() != null && !request.target().equals(type)) {
			throw new ApiException(ErrorCode.PUSH_DOWN_UNSUPPORTED,
					"target " + request.target() + " does not match the data source's type " + type);
		}
		return type;
	}

	private static ApiException scanFailed(SourceInfo source, SQLException ex) {
		String state = ex.getSQLState() == null ? "" : ex.getSQLState();
		String reason = state.equals("42501") ? "permission_denied" : state.startsWith("08") ? "host_unreachable" : "driver_error";
		log.warn("Push-down could not read the tables of data source {} (SQLSTATE {})", source.id(), state);
		return new ApiException(ErrorCode.CONNECTION_FAILED, "The data source's tables could not be read (" + reason + ")") {

			@Override
			public Map<String, Object> extensions() {
				return Map.of("reason", reason);
			}
		};
	}

	private static void rollback(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			log.debug("Rollback after a refused push-down failed too (SQLSTATE {})", ex.getSQLState());
		}
	}

	private static PushDownScriptView view(SourceInfo source, String target, Generated generated, boolean applied) {
		List<PushDownScriptView.RoleView> roles = generated.roles().stream()
			.map(role -> new PushDownScriptView.RoleView(role.cofferRole(), role.databaseRole()))
			.toList();
		Script script = generated.script();
		return new PushDownScriptView(source.id(), target, generated.revision(), script.fingerprint(), roles, script.tables(),
				script.statements(), script.text(), script.notes(), applied);
	}

	private record Generated(long revision, List<RoleMapping> roles, Script script) {
	}
}
