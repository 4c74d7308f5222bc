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
import java.util.TreeSet;
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
		validate(request, false);
		SourceInfo source = this.connections.describe(dataSourceId);
		String target = target(source, request);
		Generated generated;
		try (SourceConnection connection = this.connections.openReadOnly(dataSourceId)) {
			generated = generate(source, target, request, connection, false);
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

	/**
	 * Generates the script over a connection for changes and runs it there in one transaction
	 * (PostgreSQL only), after checking the database's state, and checks again after the script ran
	 * and before committing: what cannot be enforced rolls everything back.
	 */
	PushDownScriptView apply(String dataSourceId, PushDownRequest in) {
		PushDownRequest request = in == null ? PushDownRequest.empty() : in;
		validate(request, true);
		SourceInfo source = this.connections.describe(dataSourceId);
		String target = target(source, request);
		if (!"postgresql".equals(target)) {
			throw new ApiException(ErrorCode.PUSH_DOWN_UNSUPPORTED, "Coffer applies push-down on PostgreSQL only; "
					+ "generate the " + target + " script (POST /api/v1/data-sources/" + source.id()
					+ "/push-down) and run it in " + target);
		}
		Generated generated;
		try (SourceConnection lease = this.connections.openForChanges(dataSourceId)) {
			generated = generate(source, target, request, lease, true);
			Script script = generated.script();
			if (!request.expectedFingerprint().equals(script.fingerprint())) {
				this.audit.record(AuditRecord.sensitive("policy.pushed_down", "data_source", source.id(),
						AuditRecord.Outcome.FAILURE)
					.with("target", target)
					.with("policy_revision", generated.revision())
					.with("reason", "fingerprint_changed")
					.with("expected_fingerprint", request.expectedFingerprint())
					.with("fingerprint", script.fingerprint()));
				throw new ApiException(ErrorCode.PUSH_DOWN_CHANGED, "The script would now have fingerprint "
						+ script.fingerprint() + ", not the expected one; nothing was applied");
			}
			Connection connection = lease.connection();
			if (!generated.missing().isEmpty()) {
				throw failed(source, generated, new PushDownFailedException("Database roles do not exist: "
						+ String.join(", ", generated.missing()) + "; nothing was applied", -1, "42704"));
			}
			if (!generated.unsafe().isEmpty()) {
				throw unsafe(source, generated, generated.unsafe());
			}
			int index = 0;
			List<String> after;
			try (Statement statement = connection.createStatement()) {
				statement.setQueryTimeout(lease.queryTimeoutSeconds());
				for (String sql : script.statements()) {
					statement.execute(sql);
					index++;
				}
				index = -1;
				after = PostgresChecks.after(connection, generated.plan(), generated.views(), lease.queryTimeoutSeconds());
				if (after.isEmpty()) {
					connection.commit();
				}
				else {
					rollback(connection);
				}
			}
			catch (SQLException ex) {
				rollback(connection);
				log.warn("Push-down on data source {} refused at statement {} (SQLSTATE {})", source.id(), index,
						ex.getSQLState());
				throw failed(source, generated, new PushDownFailedException((index < 0 ? "The checks after the script "
						+ "failed" : "The database refused statement " + index + " of the script") + " (SQLSTATE "
						+ ex.getSQLState() + "); nothing was applied", index, ex.getSQLState()));
			}
			if (!after.isEmpty()) {
				throw unsafe(source, generated, after);
			}
		}
		this.audit.record(AuditRecord.sensitive("policy.pushed_down", "data_source", source.id(), AuditRecord.Outcome.SUCCESS)
			.with("target", target)
			.with("policy_revision", generated.revision())
			.with("tables", generated.script().tables())
			.with("statements", generated.script().statements().size())
			.with("roles", generated.plan().roles().size())
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

	private PushDownUnsafeException unsafe(SourceInfo source, Generated generated, List<String> reasons) {
		log.warn("Push-down on data source {} refused: {} reason(s) it would not enforce the policies", source.id(),
				reasons.size());
		this.audit.record(AuditRecord.sensitive("policy.pushed_down", "data_source", source.id(), AuditRecord.Outcome.FAILURE)
			.with("target", "postgresql")
			.with("policy_revision", generated.revision())
			.with("reason", "unsafe")
			.with("reasons", reasons.size())
			.with("fingerprint", generated.script().fingerprint()));
		return new PushDownUnsafeException(reasons);
	}

	private Generated generate(SourceInfo source, String target, PushDownRequest request, SourceConnection lease,
			boolean applying) {
		PushDownPolicies current = this.policies.read();
		String prefix = request.viewSchemaPrefix() == null ? "coffer_" : request.viewSchemaPrefix();
		boolean postgres = "postgresql".equals(target);
		Connection connection = lease.connection();
		int timeout = lease.queryTimeoutSeconds();
		List<SourceColumn> columns;
		try {
			if (postgres) {
				SourceScan.pinPostgresSearchPath(connection, timeout);
				columns = SourceScan.postgresColumns(connection, prefix, timeout);
			}
			else {
				columns = SourceScan.snowflakeColumns(connection, timeout);
			}
		}
		catch (SQLException ex) {
			throw scanFailed(source, ex);
		}
		PushDownPlan plan = PushDownPlan.of(current, source.id(), columns, (schema, table) -> tagsOf(source.id(), schema, table));
		Set<String> relevant = new TreeSet<>(plan.cofferRoles());
		if (!postgres) {
			for (PushDownPolicies.TagPolicy policy : current.tagPolicies()) {
				current.tagRules(new ColumnTag(policy.tag(), policy.tagValue())).forEach(rule -> PushDownPlan.named(rule, relevant));
			}
		}
		Mapping mapping = roles(relevant, request);
		plan = plan.withRoles(mapping.roles());
		List<String> unsafe = new ArrayList<>();
		if (!mapping.leftOut().isEmpty()) {
			unsafe.add("The policies name roles that are not generated for: " + String.join(", ", mapping.leftOut())
					+ ". A database user holding one of them is treated as holding none, which can be looser than "
					+ "Coffer (a named rule overrides '*'); leave out `roles` or list them too.");
		}
		Script script;
		Set<String> missing = Set.of();
		List<String> notes = new ArrayList<>();
		List<String[]> views = new ArrayList<>();
		if (postgres) {
			PostgresScript writer = new PostgresScript(prefix);
			for (PushDownPlan.TablePlan table : plan.tables()) {
				views.add(new String[] { writer.viewSchema(table.schema()), table.table() });
			}
			List<String> viewSchemas = views.stream().map(view -> view[0]).distinct().toList();
			try {
				script = writer.render(plan, SourceScan.postgresDefaultGrantees(connection, viewSchemas, timeout));
				missing = missingRoles(lease, plan.roles());
				if (missing.isEmpty()) {
					unsafe.addAll(PostgresChecks.before(connection, plan, viewSchemas, timeout));
					if (!applying) {
						unsafe.addAll(PostgresChecks.predictedReaders(connection, plan, timeout));
					}
				}
			}
			catch (SQLException ex) {
				throw scanFailed(source, ex);
			}
			if (!missing.isEmpty()) {
				notes.add("These database roles do not exist yet, so applying fails until they do: " + String.join(", ", missing)
						+ ".");
			}
			for (String reason : unsafe) {
				notes.add("Applying is refused (push_down_unsafe) until this is fixed: " + reason);
			}
		}
		else {
			List<String[]> tables = plan.tables().stream().map(table -> new String[] { table.schema(), table.table() }).toList();
			SnowflakeExisting existing;
			try {
				existing = tables.isEmpty() ? SnowflakeExisting.none() : SourceScan.snowflakePolicies(connection, tables, timeout);
			}
			catch (SQLException ex) {
				log.warn("Push-down could not read the policies on the tables of data source {} (SQLSTATE {})", source.id(),
						ex.getSQLState());
				existing = SnowflakeExisting.unknown();
			}
			script = new SnowflakeScript(request.policySchema() == null ? "coffer" : request.policySchema()).render(plan, current,
					existing);
			unsafe.forEach(reason -> notes.add("Not enforced as Coffer does: " + reason));
		}
		if (!notes.isEmpty()) {
			List<String> all = new ArrayList<>(script.notes());
			all.addAll(notes);
			script = new Script(script.statements(), script.text(), script.fingerprint(), all, script.tables());
		}
		return new Generated(current.revision(), plan, script, missing, unsafe, views);
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

	/**
	 * The roles to generate for: {@code roles} when given, else every role the policies that reach
	 * the source name ({@code relevant}) and the keys of {@code role_map}; each mapped by
	 * {@code role_map}, else to the database role of the same name. {@code leftOut}: relevant roles
	 * not generated for (only with {@code roles}).
	 */
	private static Mapping roles(Set<String> relevant, PushDownRequest request) {
		Map<String, String> map = new LinkedHashMap<>();
		if (request.roleMap() != null) {
			request.roleMap().forEach((coffer, database) -> map.put(normalizeRole(coffer), database));
		}
		Set<String> wanted = new LinkedHashSet<>();
		if (request.roles() != null) {
			request.roles().forEach(role -> wanted.add(normalizeRole(role)));
		}
		else {
			wanted.addAll(relevant);
			wanted.addAll(map.keySet());
		}
		if (wanted.size() > MAX_ROLES) {
			throw ValidationFailedException.of("roles", "too_many", "the policies name more than " + MAX_ROLES
					+ " roles; list at most " + MAX_ROLES + " in roles");
		}
		List<RoleMapping> roles = new ArrayList<>();
		List<FieldError> errors = new ArrayList<>();
		for (String role : wanted) {
			String database = map.getOrDefault(role, role);
			if (reservedDatabaseRole(database)) {
				errors.add(new FieldError("role_map." + role, "required", "the Coffer role maps to the database role name '"
						+ database + "', which PostgreSQL and Snowflake reserve (PUBLIC, pg_*): map it to another role"));
			}
			roles.add(new RoleMapping(role, database));
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		List<String> leftOut = relevant.stream().filter(role -> !wanted.contains(role)).toList();
		return new Mapping(roles, leftOut);
	}

	/** PUBLIC (everyone), the pseudo-roles and PostgreSQL's predefined {@code pg_} roles. */
	static boolean reservedDatabaseRole(String name) {
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		return lower.startsWith("pg_") || List.of("public", "none", "current_user", "session_user", "current_role")
			.contains(lower);
	}

	private record Mapping(List<RoleMapping> roles, List<String> leftOut) {
	}

	private static String normalizeRole(String role) {
		return role.toLowerCase(java.util.Locale.ROOT);
	}

	private static void validate(PushDownRequest request, boolean applying) {
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
					else if (reservedDatabaseRole(database)) {
						errors.add(new FieldError("role_map." + coffer, "invalid_value",
								"must not be PUBLIC, a pseudo-role or a pg_ role: those stand for everyone or for built-in roles"));
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
		if (applying && request.expectedFingerprint() == null) {
			errors.add(new FieldError("expected_fingerprint", "required",
					"is required: generate the script, review it, and apply with its fingerprint"));
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
		List<PushDownScriptView.RoleView> roles = generated.plan().roles().stream()
			.map(role -> new PushDownScriptView.RoleView(role.cofferRole(), role.databaseRole()))
			.toList();
		Script script = generated.script();
		return new PushDownScriptView(source.id(), target, generated.revision(), script.fingerprint(), roles, script.tables(),
				script.statements(), script.text(), script.notes(), applied);
	}

	/**
	 * @param missing mapped database roles that do not exist
	 * @param unsafe why applying must be refused (known before the script runs)
	 * @param views the views ({@code [schema, name]}) the PostgreSQL script makes
	 */
	private record Generated(long revision, PushDownPlan plan, Script script, Set<String> missing, List<String> unsafe,
			List<String[]> views) {
	}
}
