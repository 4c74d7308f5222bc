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
	STEWARD("Data steward: classification, tags, policies and token formats; reads principals and settings.",
			EnumSet.of(Permission.PRINCIPALS_READ, Permission.SETTINGS_READ, Permission.JOBS_READ,
					Permission.TOKEN_FORMATS_READ, Permission.TOKEN_FORMATS_WRITE)),
	TOKENIZER("Tokenizes values (integrations writing data); reads token formats.",
			EnumSet.of(Permission.TOKENIZE, Permission.TOKEN_FORMATS_READ)),
	DETOKENIZER("Detokenizes tokens (integrations allowed to reveal values); reads token formats.",
			EnumSet.of(Permission.DETOKENIZE, Permission.TOKEN_FORMATS_READ)),
	AUDITOR("Reads the audit log, principals, keys, keyrings, token formats, settings and metrics; changes nothing.",
			EnumSet.of(Permission.PRINCIPALS_READ, Permission.API_KEYS_READ, Permission.SETTINGS_READ,
					Permission.METRICS_READ, Permission.JOBS_READ, Permission.WEBHOOKS_READ, Permission.AUDIT_READ,
					Permission.KEYRINGS_READ, Permission.TOKEN_FORMATS_READ));

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
