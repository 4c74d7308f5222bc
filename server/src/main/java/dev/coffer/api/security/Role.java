package dev.coffer.api.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles an API key or an OIDC user carries, each a fixed set of permissions. {@code admin}
 * holds every permission; the others hold what their job needs and grow as features arrive.
 */
public enum Role {

	ADMIN("Administers Coffer: principals, keys, settings, and every other permission.",
			EnumSet.allOf(Permission.class)),
	STEWARD("Data steward: data sources, classification, tags, policies, token formats and alert rules; reads "
			+ "principals, settings and alerts; reads token metadata and deletes tokens (right to be forgotten).",
			EnumSet.of(Permission.PRINCIPALS_READ, Permission.SETTINGS_READ, Permission.JOBS_READ,
					Permission.POLICIES_READ, Permission.POLICIES_WRITE, Permission.ACCESS_EVALUATE,
					Permission.MASKING_PREVIEW, Permission.TOKENS_READ, Permission.TOKENS_DELETE,
					Permission.CLASSIFICATION_INSPECT, Permission.DATASOURCES_READ, Permission.DATASOURCES_WRITE,
					Permission.CLASSIFICATION_RUN, Permission.TAGS_READ, Permission.TAGS_WRITE,
					Permission.TOKEN_FORMATS_READ, Permission.TOKEN_FORMATS_WRITE, Permission.ALERTS_READ,
					Permission.ALERT_RULES_WRITE)),
	TOKENIZER("Tokenizes values (integrations writing data); reads token metadata and token formats.",
			EnumSet.of(Permission.TOKENIZE, Permission.TOKENS_READ, Permission.TOKEN_FORMATS_READ)),
	DETOKENIZER("Detokenizes tokens (integrations allowed to reveal values); reads token metadata and token formats.",
			EnumSet.of(Permission.DETOKENIZE, Permission.TOKENS_READ, Permission.TOKEN_FORMATS_READ)),
	INSPECTOR("Finds and redacts sensitive values in free text (integrations scrubbing logs, tickets and chat); "
			+ "redacting with tokens also needs the tokenizer role.", EnumSet.of(Permission.CLASSIFICATION_INSPECT)),
	AUDITOR("Reads the audit log, principals, keys, keyrings, token formats, settings, metrics, policies, data "
			+ "sources, tags and alerts, evaluates access; changes nothing.",
			EnumSet.of(Permission.PRINCIPALS_READ, Permission.API_KEYS_READ, Permission.SETTINGS_READ,
					Permission.METRICS_READ, Permission.JOBS_READ, Permission.WEBHOOKS_READ, Permission.AUDIT_READ,
					Permission.KEYRINGS_READ, Permission.POLICIES_READ, Permission.ACCESS_EVALUATE,
					Permission.DATASOURCES_READ, Permission.TAGS_READ, Permission.TOKEN_FORMATS_READ,
					Permission.ALERTS_READ)),
	QUERIER("Runs governed queries on data sources (`datasources:query`): what it sees of each column and row is "
			+ "decided by the masking and row policies of its data roles.", EnumSet.of(Permission.DATASOURCES_QUERY));

	private final String description;

	private final Set<Permission> permissions;

	Role(String description, Set<Permission> permissions) {
		this.description = description;
		this.permissions = Collections.unmodifiableSet(permissions);
	}

	/** The role's name in the API and in stored keys, e.g. {@code detokenizer}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String description() {
		return this.description;
	}

	public Set<Permission> permissions() {
		return this.permissions;
	}

	public static Optional<Role> fromValue(String value) {
		for (Role role : values()) {
			if (role.value().equals(value)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}
}
