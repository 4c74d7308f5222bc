package dev.coffer.api.security;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who sent the current request, as authentication established it. Holds no secret.
 *
 * @param principalId the principal's id (for OIDC users, the token's subject)
 * @param kind {@code administrator}, {@code service_account} or {@code oidc_user}
 * @param name the principal's name
 * @param keyName the API key used, or {@code null} for an OIDC token
 * @param roles the roles of the key or token
 * @param method {@code basic}, {@code bearer} or {@code oidc}
 * @param dataRoles the free-form data roles of the key or token (e.g. {@code analyst}), lower case;
 *        they decide, with the platform roles, which masking and row policies apply
 */
public record Caller(String principalId, String kind, String name, String keyName, Set<Role> roles, String method,
		Set<String> dataRoles) {

	public Caller {
		roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
		dataRoles = dataRoles == null ? Set.of() : Set.copyOf(dataRoles);
	}

	/** A caller without data roles. */
	public Caller(String principalId, String kind, String name, String keyName, Set<Role> roles, String method) {
		this(principalId, kind, name, keyName, roles, method, Set.of());
	}

	/**
	 * The roles masking and row policies match: the platform role names ({@code admin},
	 * {@code steward}, ...) and the data roles, sorted.
	 */
	public java.util.SortedSet<String> policyRoles() {
		java.util.SortedSet<String> all = new java.util.TreeSet<>(this.dataRoles);
		this.roles.forEach(role -> all.add(role.value()));
		return all;
	}

	/** A stable reference to the principal, e.g. {@code service_account:0191...}. */
	public String reference() {
		return this.kind + ":" + this.principalId;
	}

	public boolean has(Permission permission) {
		return this.roles.stream().anyMatch(role -> role.permissions().contains(permission));
	}

	public Set<Permission> permissions() {
		Set<Permission> all = EnumSet.noneOf(Permission.class);
		this.roles.forEach(role -> all.addAll(role.permissions()));
		return all;
	}

	/** The caller of the current request, or {@code null} outside an authenticated request. */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof Caller caller ? caller : null;
	}
}
