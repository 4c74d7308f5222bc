package dev.coffer.settings;

import java.util.Locale;
import java.util.Optional;

/** Every server-wide preference: its name in the API, type, default, bounds and meaning. */
public enum SettingKey {

	AUTH_FAILURES_PER_MINUTE_PER_ADDRESS("auth.failures_per_minute_per_address", Type.INTEGER, "30", 1, 1_000_000,
			"Failed authentications allowed per client address per minute before further attempts from it get 429."),
	AUTH_FAILURES_PER_MINUTE_PER_KEY("auth.failures_per_minute_per_key", Type.INTEGER, "20", 1, 1_000_000,
			"Failed authentications allowed per key name per minute before further attempts for it get 429."),
	RATE_LIMIT_REQUESTS_PER_SECOND_PER_KEY("rate_limit.requests_per_second_per_key", Type.INTEGER, "2000", 1,
			10_000_000, "Requests per second one API key or OIDC user may send to one node; more get 429 with Retry-After."),
	API_KEYS_MAX_LIFETIME_DAYS("api_keys.max_lifetime_days", Type.INTEGER, "0", 0, 36_500,
			"Longest lifetime of a new API key in days; 0 allows keys without expiry."),
	API_KEYS_DEFAULT_ROTATION_OVERLAP_SECONDS("api_keys.default_rotation_overlap_seconds", Type.INTEGER, "86400", 0,
			2_592_000, "How long the previous secret keeps working after a rotation that names no overlap."),
	IDEMPOTENCY_RETENTION_HOURS("idempotency.retention_hours", Type.INTEGER, "24", 1, 720,
			"How long responses to requests with an Idempotency-Key are kept for replay."),
	AUDIT_RETENTION_DAYS("audit.retention_days", Type.INTEGER, "0", 0, 36_500,
			"Audit events older than this many days are purged by the retention job; 0 keeps them forever."),
	AUDIT_FAIL_OPEN("audit.fail_open", Type.BOOLEAN, "false", 0, 1,
			"When the audit log cannot be written, let non-sensitive actions proceed (with an error log and a metric) instead of refusing them. Sensitive actions are always refused."),
	JOBS_MAX_ATTEMPTS("jobs.max_attempts", Type.INTEGER, "5", 1, 100,
			"How often a job is attempted (transient failures and node crashes count) before it fails."),
	WEBHOOKS_RETRY_HOURS("webhooks.retry_hours", Type.INTEGER, "26", 24, 168,
			"How long a failing webhook delivery is retried, with exponential backoff, before it is given up."),
	API_KEYS_REQUIRE_EXPIRY("api_keys.require_expiry", Type.BOOLEAN, "false", 0, 1,
			"Whether every new API key must have an expiry time."),
	KEYS_ROTATION_MAX_AGE_DAYS("keys.rotation_max_age_days", Type.INTEGER, "0", 0, 36_500,
			"Rotate a keyring automatically once its active version is this many days old; 0 turns age-based rotation off."),
	TOKENS_EXPIRED_GRACE_HOURS("tokens.expired_grace_hours", Type.INTEGER, "24", 0, 87_600,
			"Hours an expired token is kept (detokenize answers `token_expired`) before the purge job `tokens.purge_expired` deletes it (then `token_not_found`); 0 purges at the next run."),
	KEYS_ROTATION_MAX_ENCRYPTIONS("keys.rotation_max_encryptions", Type.INTEGER, "2147483648", 0, 2_147_483_648L,
			"Rotate a keyring automatically once its active version has encrypted this many values (default 2^31, "
					+ "half the NIST SP 800-38D §8.3 limit of 2^32 encryptions per AES-GCM key with random 96-bit nonces); 0 turns it off."),
	CLASSIFICATION_MAX_PARALLEL_TABLES("classification.max_parallel_tables", Type.INTEGER, "4", 1, 64,
			"Tables one classification job samples at the same time (each on its own connection; never more than the data source's max_connections)."),
	CLASSIFICATION_DEFAULT_SAMPLE_SIZE("classification.default_sample_size", Type.INTEGER, "1000", 10, 100_000,
			"Rows sampled per table when a classification request names no sample_size."),
	CLASSIFICATION_AUTO_APPLY_TAGS("classification.auto_apply_tags", Type.BOOLEAN, "true", 0, 1,
			"Whether tags a classification proposes with enough confidence (classification.auto_apply_min_confidence_percent) are applied at once; otherwise every proposal awaits approval."),
	CLASSIFICATION_AUTO_APPLY_MIN_CONFIDENCE_PERCENT("classification.auto_apply_min_confidence_percent", Type.INTEGER,
			"80", 0, 100, "Lowest confidence, in percent, at which a proposed tag is applied without approval (when classification.auto_apply_tags is on)."),
	CLASSIFICATION_PROPOSAL_MIN_CONFIDENCE_PERCENT("classification.proposal_min_confidence_percent", Type.INTEGER,
			"50", 0, 100, "Lowest confidence, in percent, at which a classification proposes tags at all."),
	DATASOURCES_CONNECT_TIMEOUT_SECONDS("datasources.connect_timeout_seconds", Type.INTEGER, "10", 1, 300,
			"How long Coffer waits to connect and log in to a data source."),
	DATASOURCES_QUERY_TIMEOUT_SECONDS("datasources.query_timeout_seconds", Type.INTEGER, "120", 1, 3600,
			"Longest time one catalog or sampling query on a data source may run; a table whose sampling takes longer is reported as failed."),
	TOKEN_FORMATS_MIN_TOKEN_SPACE("token_formats.min_token_space", Type.INTEGER, "1000000", 100, 1_000_000_000_000_000_000L,
			"Fewest possible tokens a new vaulted custom token format must have for its shortest value (alphabet size to the "
					+ "power of the tokenized length, a tenth of that with Luhn). A small space fills up (`token_space_exhausted`) "
					+ "and its tokens are easy to guess; lower it only for small value sets tokenized deterministically. "
					+ "FPE formats always need 1,000,000 (NIST SP 800-38G)."),
	QUERY_MAX_ROWS("query.max_rows", Type.INTEGER, "100000", 1, 100_000_000,
			"Most rows one governed query (POST /api/v1/data-sources/{id}/query) returns; a request's max_rows may ask for "
					+ "fewer. A result cut at the limit says truncated: true."),
	QUERY_MAX_RESPONSE_BYTES("query.max_response_bytes", Type.INTEGER, "268435456", 65_536, 4_294_967_296L,
			"Most bytes of rows one governed query returns (256 MiB by default); a result that would pass it ends with "
					+ "truncated: true and the error query_result_too_large. One fetch from the database holds at most the "
					+ "smaller of this and 16 MiB, so a single row larger than that fails the query.");

	/** The value types a setting can have. */
	public enum Type {

		INTEGER, BOOLEAN;

		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private final String key;

	private final Type type;

	private final String defaultValue;

	private final long minimum;

	private final long maximum;

	private final String description;

	SettingKey(String key, Type type, String defaultValue, long minimum, long maximum, String description) {
		this.key = key;
		this.type = type;
		this.defaultValue = defaultValue;
		this.minimum = minimum;
		this.maximum = maximum;
		this.description = description;
	}

	public String key() {
		return this.key;
	}

	public Type type() {
		return this.type;
	}

	public String defaultValue() {
		return this.defaultValue;
	}

	public long minimum() {
		return this.minimum;
	}

	public long maximum() {
		return this.maximum;
	}

	public String description() {
		return this.description;
	}

	public static Optional<SettingKey> fromKey(String key) {
		for (SettingKey candidate : values()) {
			if (candidate.key.equals(key)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}
}
