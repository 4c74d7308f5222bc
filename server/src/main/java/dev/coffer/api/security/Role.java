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
	STEWARD("Data steward: classification, tags, policies and alert rules; reads principals, settings and alerts.",
			EnumSet.of(Permission.PRINCIPALS_READ, Permission.SETTINGS_READ, Permission.JOBS_READ, Permission.ALERTS_READ,
					Permission.ALERT_RULES_WRITE)),
	TOKENIZER("Tokenizes values (integrations writing data).", EnumSet.of(Permission.TOKENIZE)),
	DETOKENIZER("Detokenizes tokens (integrations allowed to reveal values).", EnumSet.of(Permission.DETOKENIZE)),
	AUDITOR("Reads the audit log, principals, keys, keyrings, settings, alerts and metrics; changes nothing.",
			EnumSet.of(Permission.PRINCIPALS_READ, Permission.API_KEYS_READ, Permission.SETTINGS_READ,
					Permission.METRICS_READ, Permission.JOBS_READ, Permission.WEBHOOKS_READ, Permission.AUDIT_READ,
					Permission.KEYRINGS_READ, Permission.ALERTS_READ));

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
