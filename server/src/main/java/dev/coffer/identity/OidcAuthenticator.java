package dev.coffer.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.SafeLog;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.DataRoles;
import dev.coffer.api.security.Role;

/**
 * Accepts JWTs of the configured OIDC issuer. The decoder is built on first use from the issuer's
 * discovery document (so the server starts while the issuer is down) and rebuilt after a failed
 * discovery; Nimbus caches and refreshes the JWKS.
 */
@Component
class OidcAuthenticator {

	private static final Logger log = LoggerFactory.getLogger(OidcAuthenticator.class);

	private final OidcProperties properties;

	private final AuthFailureLimiter failures;

	private volatile JwtDecoder decoder;

	/** After a failed discovery, JWTs are refused at once (503) for this long instead of waiting again. */
	static final long DISCOVERY_RETRY_NANOS = 30_000_000_000L;

	private volatile long discoveryRetryAt;

	/** Data roles one OIDC token may map to; a token with more is refused, never cut short. */
	static final int MAX_DATA_ROLES = 4 * DataRoles.MAX_PER_KEY;

	/** The normalized {@code data-roles-allowed}; empty when every (prefixed) name is admitted. */
	private final Set<String> allowedDataRoles;

	OidcAuthenticator(OidcProperties properties, AuthFailureLimiter failures) {
		this.properties = properties;
		this.failures = failures;
		if (properties.enabled() && (properties.getAudience() == null || properties.getAudience().isBlank())) {
			throw new IllegalStateException("coffer.oidc.audience is required with coffer.oidc.issuer-uri: "
					+ "without it, tokens the issuer minted for any other client would be accepted");
		}
		Set<String> allowed = new java.util.TreeSet<>();
		for (String name : properties.getDataRolesAllowed()) {
			String role = DataRoles.normalize(name == null ? null : name.trim());
			if (role == null || DataRoles.reserved(role)) {
				throw new IllegalStateException("coffer.oidc.data-roles-allowed lists '" + name
						+ "', which is no data role name (1 to 64 letters, digits, '_', '.', ':' or '-'; not a platform role)");
			}
			allowed.add(role);
		}
		this.allowedDataRoles = Set.copyOf(allowed);
		String claim = properties.getDataRolesClaim();
		if (properties.enabled() && claim != null && !claim.isBlank() && !hasPrefix() && this.allowedDataRoles.isEmpty()) {
			throw new IllegalStateException("coffer.oidc.data-roles-claim needs coffer.oidc.data-roles-claim-prefix or "
					+ "coffer.oidc.data-roles-allowed: without either, every value of the claim (often groups users create "
					+ "themselves) would become a data role");
		}
	}

	Caller authenticate(String token, String address) {
		this.failures.checkAllowed(address, null);
		if (!this.properties.enabled()) {
			this.failures.recordFailure(address, null);
			throw new ApiException(ErrorCode.INVALID_TOKEN, "The bearer token is not a Coffer API key and no OIDC issuer is configured");
		}
		Jwt jwt;
		try {
			jwt = decoder().decode(token);
		}
		catch (JwtException ex) {
			this.failures.recordFailure(address, null);
			throw new ApiException(ErrorCode.INVALID_TOKEN, "The bearer token is not valid for this server");
		}
		String username = jwt.getClaimAsString(this.properties.getUsernameClaim());
		return new Caller(jwt.getSubject(), "oidc_user", username != null ? username : jwt.getSubject(), null,
				roles(jwt.getClaims()), "oidc", dataRoles(jwt.getClaims()));
	}

	/**
	 * Data roles: mapped from the roles claim, and the values of {@code data-roles-claim} the prefix
	 * or allow-list admits (neither set: none).
	 * @throws ApiException {@code too_many_data_roles} past {@link #MAX_DATA_ROLES}
	 */
	Set<String> dataRoles(Map<String, Object> claims) {
		Set<String> dataRoles = new java.util.TreeSet<>();
		if (!this.properties.getDataRoleMapping().isEmpty()) {
			for (String value : claimValues(claims, this.properties.getRolesClaim())) {
				String mapped = this.properties.getDataRoleMapping().get(value);
				if (mapped != null) {
					for (String role : mapped.split(",")) {
						addDataRole(dataRoles, DataRoles.normalize(role.trim()));
					}
				}
			}
		}
		String claim = this.properties.getDataRolesClaim();
		if (claim != null && !claim.isBlank() && (hasPrefix() || !this.allowedDataRoles.isEmpty())) {
			for (String value : claimValues(claims, claim)) {
				addDataRole(dataRoles, admitted(value));
			}
		}
		return dataRoles;
	}

	/** The data role a value of {@code data-roles-claim} stands for, or {@code null} when it is not admitted. */
	private String admitted(String value) {
		String name = value;
		if (hasPrefix()) {
			String prefix = this.properties.getDataRolesClaimPrefix();
			if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
				return null;
			}
			name = value.substring(prefix.length());
		}
		String role = DataRoles.normalize(name);
		if (role == null || (!this.allowedDataRoles.isEmpty() && !this.allowedDataRoles.contains(role))) {
			return null;
		}
		return role;
	}

	private boolean hasPrefix() {
		String prefix = this.properties.getDataRolesClaimPrefix();
		return prefix != null && !prefix.isEmpty();
	}

	private static void addDataRole(Set<String> dataRoles, String role) {
		if (role != null && !DataRoles.reserved(role) && dataRoles.add(role) && dataRoles.size() > MAX_DATA_ROLES) {
			throw new ApiException(ErrorCode.TOO_MANY_DATA_ROLES, "The token maps to more than " + MAX_DATA_ROLES
					+ " data roles; it is refused rather than cut short");
		}
	}

	Set<Role> roles(Map<String, Object> claims) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (String value : claimValues(claims, this.properties.getRolesClaim())) {
			String mapped = this.properties.getRoleMapping().get(value);
			if (mapped != null) {
				for (String role : mapped.split(",")) {
					Role.fromValue(role.trim()).ifPresent(roles::add);
				}
			}
			if (this.properties.isAcceptRoleNames()) {
				Role.fromValue(value).ifPresent(roles::add);
			}
		}
		return roles;
	}

	private static List<String> claimValues(Map<String, Object> claims, String path) {
		Object current = claims;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return List.of();
			}
			current = map.get(part);
		}
		List<String> values = new ArrayList<>();
		if (current instanceof Collection<?> collection) {
			collection.forEach(item -> values.add(String.valueOf(item)));
		}
		else if (current instanceof String text) {
			for (String item : text.split("[\\s,]+")) {
				if (!item.isEmpty()) {
					values.add(item);
				}
			}
		}
		return values;
	}

	private JwtDecoder decoder() {
		JwtDecoder current = this.decoder;
		if (current != null) {
			return current;
		}
		if (System.nanoTime() - this.discoveryRetryAt < 0) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The OIDC issuer is not reachable; retry later");
		}
		synchronized (this) {
			if (this.decoder == null) {
				try {
					this.decoder = build();
				}
				catch (ApiException down) {
					this.discoveryRetryAt = System.nanoTime() + DISCOVERY_RETRY_NANOS;
					throw down;
				}
			}
			return this.decoder;
		}
	}

	private JwtDecoder build() {
		String issuer = this.properties.getIssuerUri();
		NimbusJwtDecoder nimbus;
		try {
			nimbus = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
		}
		catch (RuntimeException ex) {
			log.warn("OIDC issuer {} is not reachable: {}", issuer, SafeLog.describe(ex));
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The OIDC issuer is not reachable; retry later");
		}
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(JwtValidators.createDefaultWithIssuer(issuer));
		String audience = this.properties.getAudience();
		validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
		// the subject is the principal id: required, and bounded like every stored identifier
		validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB,
				sub -> sub != null && !sub.isBlank() && sub.length() <= 100));
		nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		log.info("OIDC: accepting tokens of issuer {} for audience {}", issuer, audience);
		return nimbus;
	}
}
