package dev.coffer.api.error;

import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * Every error Coffer answers, with its stable snake_case code, HTTP status and the text of its
 * documentation page ({@code /api/errors/{code}}). Codes are a contract: add, never rename.
 */
public enum ErrorCode {

	BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request",
			"The request could not be understood. The message says which part.",
			"Correct the request and send it again."),
	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed",
			"One or more fields are missing or invalid. The `errors` array lists each field with its own code and message.",
			"Fix each listed field and send the request again; nothing was changed."),
	MALFORMED_JSON(HttpStatus.BAD_REQUEST, "Malformed JSON",
			"The request body is not valid JSON, or a value has the wrong JSON type for its field.",
			"Send a valid JSON document matching the operation's schema (see /api/openapi.json)."),
	INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "Invalid parameter",
			"A query or path parameter is missing or has an invalid value.",
			"Check the parameter named in the message against the operation's documentation."),
	INVALID_CURSOR(HttpStatus.BAD_REQUEST, "Invalid cursor",
			"The pagination cursor was not issued by this server, or was altered.",
			"Start again from the first page, then pass `next_cursor` unchanged."),
	PAGINATION_CONFLICT(HttpStatus.BAD_REQUEST, "Conflicting pagination parameters",
			"A list request mixed cursor pagination (`limit`, `cursor`) with page pagination (`page`, `per_page`).",
			"Use one style per request."),
	INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
			"The Idempotency-Key header must be 1 to 255 printable ASCII characters.",
			"Send a unique value such as a UUID."),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required",
			"The request carries no credentials. Every endpoint under /api/v1 needs an API key (HTTP Basic with key name and secret, or `Authorization: Bearer <token>`) or an OIDC access token.",
			"Send credentials. The first administrator key is in DATA_DIR/bootstrap-credentials.json."),
	INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Invalid credentials",
			"The key name or secret is wrong, the key does not exist, or its secret was rotated out after the overlap ended.",
			"Check the key name and secret; after a rotation use the new secret."),
	API_KEY_DISABLED(HttpStatus.UNAUTHORIZED, "API key disabled",
			"The key, or the principal it belongs to, has been disabled by an administrator.",
			"Ask an administrator to enable it, or use another key."),
	API_KEY_EXPIRED(HttpStatus.UNAUTHORIZED, "API key expired",
			"The key passed its expiry time.",
			"Ask an administrator for a new key."),
	API_KEY_REVOKED(HttpStatus.UNAUTHORIZED, "API key revoked",
			"The key has been revoked. Revocation is permanent.",
			"Ask an administrator for a new key."),
	INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid bearer token",
			"The bearer token is malformed, its checksum is wrong, or an OIDC token failed validation (signature, issuer, audience or expiry).",
			"Obtain a fresh token from the configured issuer, or use an API key."),
	TOO_MANY_DATA_ROLES(HttpStatus.UNAUTHORIZED, "Too many data roles",
			"The OIDC token maps to more data roles (from `coffer.oidc.data-role-mapping` and `coffer.oidc.data-roles-claim`) than the 128 a caller may carry. The token is refused rather than cut short: which roles a shortened list dropped would decide what the user sees.",
			"Ask the identity provider's administrators to reduce the user's groups or roles that map to Coffer data roles."),
	PERMISSION_DENIED(HttpStatus.FORBIDDEN, "Permission denied",
			"The caller is authenticated but none of its roles grants the permission named in `permission`.",
			"Use a key with a role that grants the permission; see GET /api/v1/roles."),
	ACCESS_BLOCKED(HttpStatus.FORBIDDEN, "Access blocked by an alert",
			"An alert rule with action `block` (`/api/v1/alert-rules`) tripped for this principal: it read more protected values than the rule's rate allows, or read them outside the rule's time window. Until an administrator resolves the alert named in `alert_id`, detokenize (including the warehouse functions) is refused on every node. The request that tripped the rule is refused too: none of its values left the server.",
			"Ask an administrator to review the alert (GET /api/v1/alerts/{alert_id}) and resolve it (POST /api/v1/alerts/{alert_id}/resolve)."),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found",
			"No resource exists at this path, or it is not visible to the caller.",
			"Check the identifier; list the collection to find it."),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
			"The resource exists but does not support this HTTP method.",
			"See the `Allow` header and the API description."),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
			"The server cannot answer in any of the media types named in `Accept`.",
			"Accept application/json."),
	WEBHOOK_TARGET_FORBIDDEN(HttpStatus.BAD_REQUEST, "Webhook target not allowed",
			"The URL resolves to a loopback, link-local, private or cloud metadata address, or uses a scheme other than http(s). Such targets are refused unless listed in `coffer.webhooks.allowed-hosts`.",
			"Use a public address, or ask the operator to allow the host."),
	JOB_NOT_CANCELLABLE(HttpStatus.CONFLICT, "Job cannot be cancelled",
			"The job has already finished (succeeded, failed or cancelled).",
			"Nothing to do; read the job for its outcome."),
	INVALID_ALERT_TRANSITION(HttpStatus.CONFLICT, "Invalid alert transition",
			"The alert's status does not allow this action: only an `open` alert can be acknowledged, and a `resolved` alert is final (it cannot be acknowledged or resolved again).",
			"Read the alert for its current status; a principal that trips the rule again gets a new alert."),
	NAME_TAKEN(HttpStatus.CONFLICT, "Name already in use",
			"Another resource of this kind already has this name.",
			"Choose another name, or update the existing resource."),
	CONFLICT(HttpStatus.CONFLICT, "Conflict",
			"The request conflicts with the current state of the resource.",
			"Read the resource again and retry the change if it still applies."),
	IDEMPOTENCY_REQUEST_IN_PROGRESS(HttpStatus.CONFLICT, "Request with this Idempotency-Key in progress",
			"An earlier request with the same Idempotency-Key has not finished yet.",
			"Retry after a moment; the stored response will then be replayed."),
	IDEMPOTENCY_REQUEST_IN_PROGRESS_RETRY(HttpStatus.TOO_MANY_REQUESTS, "Request with this key in progress, retry later",
			"An earlier request with the same idempotency key (on the Snowflake endpoints: the same `sf-external-function-query-batch-id`) has not finished yet. Answered as 429 to clients that retry only on 429 and 5xx, such as Snowflake.",
			"Retry after the number of seconds in `Retry-After`; the stored response will then be replayed."),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large",
			"The request body exceeds the limit of this endpoint.",
			"Split the request into smaller batches."),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
			"The request body's Content-Type is not supported here.",
			"Send `Content-Type: application/json`."),
	IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused with another request",
			"The Idempotency-Key was already used by this caller for a request with a different method, path or body.",
			"Use a new Idempotency-Key for a new request."),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limit exceeded",
			"This API key sent more requests than the per-key rate limit (setting `rate_limit.requests_per_second_per_key`).",
			"Wait the number of seconds in the `Retry-After` header, then retry."),
	TOO_MANY_FAILED_AUTHENTICATIONS(HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentications",
			"Too many failed authentication attempts came from this client address or for this key name; further attempts are refused for a while.",
			"Wait the number of seconds in the `Retry-After` header and check the credentials."),
	INVALID_VALUE(HttpStatus.BAD_REQUEST, "Invalid value for the format",
			"Per-item code of a tokenize batch: the value at `index` does not fit the token format (the message names the format and its shape, never the value). The other items are tokenized.",
			"Send a value of the format's shape, or choose another format (see the tokenize operation's documentation)."),
	TOKEN_NOT_FOUND(HttpStatus.NOT_FOUND, "Token not found",
			"The vault holds no such token: per-item code of a detokenize, token metadata or token delete batch (the other items are unaffected), and the answer of the single-token endpoints. A token that was deleted, forgotten or purged after it expired (past `tokens.expired_grace_hours`) answers this too, as do tokens of the vaultless formats, which are stored nowhere.",
			"Check the token; tokens are case-sensitive and must be sent exactly as issued (percent-encoded in a URL path)."),
	TOKEN_EXPIRED(HttpStatus.GONE, "Token expired",
			"Per-item code of a detokenize batch: the token at `index` was issued with `ttl_seconds` and that time has passed. It answers `token_not_found` once the purge job deleted it (`tokens.expired_grace_hours` after it expired).",
			"Tokenize the value again if it is still needed."),
	FORMAT_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "Format mismatch",
			"Per-item code of a detokenize batch: the request named a `format` and the token at `index` was issued in another format.",
			"Leave `format` out, or send only tokens of that format."),
	TOKEN_SPACE_EXHAUSTED(HttpStatus.UNPROCESSABLE_CONTENT, "Token space exhausted",
			"Per-item code of a tokenize batch: every token drawn for the value at `index` was already taken (formats with few possible tokens, such as short `digits` or a small custom format, fill up).",
			"Use a format with more possible tokens, such as `uuid` or `alphanumeric`, or a custom format with a longer tokenized part or a larger alphabet."),
	DOMAIN_TOO_SMALL(HttpStatus.BAD_REQUEST, "Domain too small for format-preserving encryption",
			"Per-item code of a tokenize batch: the value at `index` is too short for a vaultless FPE format. FF1 (NIST SP 800-38G) is used only on domains of at least 1,000,000 values, so `digits-fpe` needs at least 6 digits. The other items are tokenized. Creating a custom `fpe` format whose shortest value is too short fails with this code in `errors` (radix^(tokenized length) must reach 1,000,000).",
			"Send a longer value, or use the vaulted format `digits`, which accepts 1 to 64 digits; for a custom format, raise `min_length`, keep fewer characters in clear or use a larger alphabet."),
	REASON_REQUIRED(HttpStatus.BAD_REQUEST, "Reason required",
			"Detokenizing tokens of this format needs a `reason` (the format's `detokenize_requires_reason`), recorded in the audit log with the call. Without `format` in the request, only the items of such formats fail with this code; with `format` naming such a format, the whole request fails and nothing is revealed.",
			"Send `reason`: why the values are needed (1 to 500 printable characters, e.g. a ticket number). Warehouse functions take it as query parameter `reason` or in BigQuery's `user_defined_context`."),
	FORMAT_IN_USE(HttpStatus.CONFLICT, "Token format in use",
			"The custom token format cannot be deleted while the vault holds tokens issued in it (expired ones included): they would lose their format.",
			"Delete or purge the format's tokens first, or keep the format."),
	DECRYPTION_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "Decryption failed",
			"Per-item code of a detokenize batch: the stored value of the token at `index` did not authenticate under its data key (the stored ciphertext was altered, or its key version is unavailable). Nothing more is said.",
			"Report the token's index and the request_id to the operators; the other items are unaffected."),
	KEY_DESTROYED(HttpStatus.GONE, "Key version destroyed",
			"Per-item code of a detokenize batch: the token at `index` was encrypted under a key version that an operator destroyed (its key material was deleted). The value cannot be recovered by anyone. The other items are unaffected.",
			"Nothing can recover the value; tokenize it again from its source if it is still needed."),
	KEY_DISABLED(HttpStatus.LOCKED, "Key version disabled",
			"Per-item code of a detokenize batch: the token at `index` was encrypted under a key version that an operator disabled. The key still exists; the other items are unaffected.",
			"Ask an operator to enable the version (POST /api/v1/keyrings/{name}/versions/{version}/enable), or rewrap the keyring before disabling old versions."),
	CONNECTION_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "Connection to the data source failed",
			"Coffer could not connect to the data source, or the database refused a catalog query. The member `reason` says why in a few words: `host_unreachable`, `timeout`, `auth_failed`, `database_not_found`, `tls_failed`, `permission_denied`, `busy` (every connection the data source allows is in use), `driver_error`. The driver's own message is never returned: it can hold the URL, the user name or the password.",
			"Check the data source's `jdbc_url`, `username` and `password` (PATCH /api/v1/data-sources/{id}) and that the database accepts connections from the Coffer server, then test again with POST /api/v1/data-sources/{id}/test."),
	PUSH_DOWN_UNSUPPORTED(HttpStatus.UNPROCESSABLE_CONTENT, "Policy push-down not possible",
			"Coffer cannot generate or apply native policies for this request: push-down is generated for PostgreSQL and Snowflake data sources and applied by Coffer on PostgreSQL only, `target` must name the data source's own type, and a generated name must fit the database's limits.",
			"Generate the script for a PostgreSQL or Snowflake data source (POST /api/v1/data-sources/{id}/push-down) and run a Snowflake script in Snowflake yourself; shorten `view_schema_prefix` when the message names a length limit."),
	PUSH_DOWN_CHANGED(HttpStatus.CONFLICT, "Push-down script changed",
			"The script Coffer would apply now has another fingerprint than `expected_fingerprint`: policies, the role mapping or the database's tables changed since it was reviewed. Nothing was applied.",
			"Generate the script again, review it, and apply with its new fingerprint."),
	PUSH_DOWN_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "Push-down refused by the database",
			"The database refused a statement of the push-down script, or a mapped database role does not exist. The whole script was rolled back: the database is as it was. Members `statement_index` (0-based, into the generated `statements`) and `sqlstate` say which statement and the database's SQLSTATE; the database's own message is not returned.",
			"Generate the script, look at the statement at `statement_index`, and fix its cause (missing role: CREATE ROLE or map another with `role_map`; permission: give the data source's user the privileges to create schemas, views and policies on the tables, or apply as their owner)."),
	PUSH_DOWN_UNSAFE(HttpStatus.UNPROCESSABLE_CONTENT, "Push-down would not enforce the policies",
			"The database's state means the native policies would not enforce what Coffer enforces: a mapped role is a superuser or BYPASSRLS, a restricted role could still read a protected table past the views (a grant to a group it can act as, to PUBLIC, pg_read_all_data, ownership, a partition or child table), the table has row-level security Coffer did not set up, the view schema belongs to someone else, default privileges would widen the views, or a role the policies name is not generated for. Nothing was applied. Member `reasons` lists each, naming roles and tables.",
			"Fix each reason in the database (revoke the privilege or membership, drop the foreign policies, change the schema's owner) or in the request (map every policy role in `role_map`), generate the script again and apply it."),
	JOB_FAILED(HttpStatus.INTERNAL_SERVER_ERROR, "Job failed",
			"A job's work failed on every attempt the setting `jobs.max_attempts` allows. This code appears in the job's `error`, never as a response status; the cause is in the server log under the job's id.",
			"Start the job again; if it fails again, report the job id to the operators."),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
			"The server failed to handle a valid request. Nothing about the cause is returned; operators find it in the server log by `request_id`.",
			"Retry later; if it persists, report the `request_id` to the operators."),
	AUDIT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Audit log unavailable",
			"The audit log could not be written, so the operation was refused (fail closed). Nothing was changed.",
			"Retry later; operators should check the store."),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
			"A dependency of this operation (the store, or the OIDC issuer) is not reachable.",
			"Retry later."),
	PROTECTION_CHANGE_IN_PROGRESS(HttpStatus.CONFLICT, "Protection change in progress",
			"A change of this tag's protection (`/api/v1/tag-masking`) is still being applied (status `pending`). One change at a time: this request was refused and changed nothing; the pending change goes on.",
			"Wait until the protection's status is `applied` or `failed` (GET it, or follow its job), then send the change again."),
	TAG_ALREADY_PROTECTED(HttpStatus.CONFLICT, "Tag already protected",
			"This tag (with this tag value, or any value) already has a protection; the member `protection_id` names it.",
			"Change the existing protection (PUT /api/v1/tag-masking/{protection_id}), or delete it first."),
	POLICY_MANAGED(HttpStatus.CONFLICT, "Policy managed by a tag protection",
			"The tag policy was made by a tag protection and changes only through it; a change by hand would be undone the next time the protection is applied.",
			"Change or delete the protection named in the message (/api/v1/tag-masking/{id})."),
	STORE_CONFLICT(HttpStatus.CONFLICT, "Conflict with stored data",
			"The change breaks a rule of the store (a unique name, a reference to something deleted meanwhile, a bound), typically because of a concurrent change. Nothing was changed.",
			"Read the resources involved again and retry the change if it still applies."),
	// governed query (POST /api/v1/data-sources/{id}/query)
	QUERY_PARSE_FAILED(HttpStatus.BAD_REQUEST, "Query cannot be parsed",
			"The governed query's `sql` is not SQL the parser understands. The message gives the line and column where parsing stopped, never the text around it.",
			"Correct the statement; the governed query takes one plain SELECT (see the operation's description for what it supports)."),
	MULTIPLE_STATEMENTS(HttpStatus.BAD_REQUEST, "Several statements",
			"The governed query's `sql` holds more than one statement (text after a `;`). Exactly one SELECT is run per request.",
			"Send one statement per request, without anything after its closing `;`."),
	QUERY_NOT_READ_ONLY(HttpStatus.BAD_REQUEST, "Query is not a read-only SELECT",
			"The governed query runs only a plain SELECT: INSERT, UPDATE, DELETE, MERGE, DDL, CALL, COPY, SET, EXPLAIN, SELECT ... INTO and locking clauses (FOR UPDATE, FOR SHARE) are refused before anything reaches the database.",
			"Send a plain SELECT; change data through the database's own tools."),
	FUNCTION_NOT_ALLOWED(HttpStatus.BAD_REQUEST, "Function not allowed",
			"The governed query calls a function that is not on its allow-list (the message names it). Only common scalar, aggregate and window functions are allowed; functions that read files, run other SQL, sleep, change settings, reach other servers or are schema-qualified (possibly user-defined) are refused, because they could bypass the masks or touch the server.",
			"Use an allowed function (listed in the operation's description), or compute the value outside the query."),
	MASKED_COLUMN_IN_FILTER(HttpStatus.FORBIDDEN, "Protected column used to filter, join, group or sort",
			"A column the caller does not see in clear (masked or NULL under the masking policies) appears in WHERE, JOIN ON/USING, GROUP BY, HAVING, ORDER BY, a window's PARTITION BY or ORDER BY, DISTINCT, a set operation (UNION, INTERSECT, EXCEPT) or a subquery whose result is compared. Filtering or sorting on a hidden value would reveal it row by row (WHERE ssn LIKE '1%'), so such a query is refused; the message names the column.",
			"Filter, join and sort on columns the caller sees in clear, or ask a data steward for a policy that shows the column in clear to one of your roles."),
	MASKED_COLUMN_IN_EXPRESSION(HttpStatus.FORBIDDEN, "Protected column inside an expression",
			"A column the caller does not see in clear is used inside an expression or a function (lower(email), count(card), email || '', CASE ...). Masks are applied to the column's own values as they leave the database, so a protected column may appear in the select list only as a plain column reference (an alias is fine); the message names the column.",
			"Select the column itself (it comes back masked), or compute on columns the caller sees in clear."),
	QUERY_NOT_SUPPORTED(HttpStatus.BAD_REQUEST, "Query construct not supported",
			"The statement uses SQL the governed query cannot check and therefore does not run (the message names the construct): for example table functions, LATERAL, NATURAL joins, recursive CTEs, VALUES lists, parameters, session variables, whole-row references, system catalogs (pg_catalog, information_schema, mysql, performance_schema, sys), or a data source type other than postgresql and mysql.",
			"Rewrite the statement with plain tables, joins with ON or USING, subqueries and CTEs."),
	UNRESOLVED_NAME(HttpStatus.BAD_REQUEST, "Unknown or ambiguous name",
			"A table, column or alias of the governed query does not exist on the data source, is not visible to its user, or is ambiguous (the message names it). Names are resolved before the query runs, the way the database resolves them (unquoted names fold to lower case on PostgreSQL).",
			"Check the name against GET /api/v1/data-sources/{id}/schemas/{schema}/tables and qualify ambiguous columns with their table or alias."),
	QUERY_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "Query failed on the data source",
			"The database refused or failed the governed query. The member `sqlstate` holds the database's SQLSTATE (e.g. `22012` division by zero, `42883` unknown operator); the database's own message is never returned, because it can quote values of rows the caller may not see.",
			"Look the SQLSTATE up in the database's documentation and correct the query."),
	QUERY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "Query timed out",
			"The governed query ran longer than the setting `datasources.query_timeout_seconds` allows (the limit covers running the statement and streaming its rows) and was cancelled on the database.",
			"Narrow the query (filters, fewer columns, `max_rows`), or ask an administrator to raise `datasources.query_timeout_seconds`."),
	// governed query: names, relations, casts and sizes the database could read otherwise than the checks
	IDENTIFIER_NOT_ALLOWED(HttpStatus.BAD_REQUEST, "Identifier not allowed",
			"A name in the governed query could be read by the database as another name than the one checked: longer than the database keeps (PostgreSQL cuts names at 63 bytes, MariaDB takes 64 characters), empty, quoted in a way the database does not read as a name, not a plain identifier, or an alias, CTE or column alias starting with `coffer_` (reserved for the names Coffer writes into the statement). The message names it.",
			"Use shorter aliases, quote names with double quotes (MariaDB: also backticks), and pick aliases that do not start with `coffer_`."),
	RELATION_NOT_QUERYABLE(HttpStatus.FORBIDDEN, "Relation cannot be queried under its policies",
			"The governed query would read rows of a relation without the policies that protect them, so the relation is refused (the message names it and why): a PostgreSQL parent table whose partitions or inheritance children carry policies the parent does not have (reading the parent reads their rows), a view or materialized view reading a protected relation (or calling functions that are not built in) that carries no policies of its own, or a relation that belongs to an extension or whose name starts with `pg_` and that no policy names. Partitions and children are readable: they carry the masks and row filters of every parent.",
			"Query the partitions or children themselves, or ask a data steward to put the policies on the parent or the view itself."),
	CAST_NOT_ALLOWED(HttpStatus.BAD_REQUEST, "Cast target type not allowed",
			"The governed query casts to a type that is not on its allow-list (the message names it). Allowed are numbers (smallint, integer, bigint, numeric/decimal, real, double precision, SIGNED, UNSIGNED), text (text, varchar, char), date, time, timestamp (with or without time zone), datetime, interval, boolean, uuid and binary/bytea; casts to object identifiers (oid, regclass, regrole, ...), xid, tid, pg_* types, jsonpath, name, arrays, schema-qualified or quoted types would read the system catalogs or user-defined code.",
			"Cast to one of the allowed types, or leave the value as the database stores it."),
	QUERY_RESULT_TOO_LARGE(HttpStatus.UNPROCESSABLE_CONTENT, "Query result too large",
			"The governed query's result passed the setting `query.max_response_bytes`: one row (or one fetch of rows from the database) is larger than the limit, or the rows together are. Before the first row this is a problem; after it the document ends with `truncated: true` and `error.code` `query_result_too_large`, and the rows before it are complete.",
			"Select fewer or shorter columns, or fewer rows (`max_rows`, filters), or ask an administrator to raise `query.max_response_bytes`.");

	private final HttpStatus status;

	private final String title;

	private final String description;

	private final String remedy;

	ErrorCode(HttpStatus status, String title, String description, String remedy) {
		this.status = status;
		this.title = title;
		this.description = description;
		this.remedy = remedy;
	}

	/** The stable snake_case code, e.g. {@code permission_denied}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public String description() {
		return this.description;
	}

	public String remedy() {
		return this.remedy;
	}

	public static Optional<ErrorCode> fromCode(String code) {
		for (ErrorCode candidate : values()) {
			if (candidate.code().equals(code)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}
}
