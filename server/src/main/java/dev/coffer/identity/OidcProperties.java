package dev.coffer.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OIDC user delegation ({@code coffer.oidc.*}). With {@code issuer-uri} set, bearer JWTs from that
 * issuer are accepted: signature against its JWKS, {@code iss}, {@code exp}/{@code nbf}, and
 * {@code aud} when {@code audience} is set. Roles come from the claim {@code roles-claim} (a dotted
 * path such as {@code realm_access.roles}; a list or a space/comma separated string): each value
 * is looked up in {@code role-mapping} (claim value to comma-separated Coffer roles). A value that
 * is itself a Coffer role name counts as that role only with {@code accept-role-names=true}: an
 * identity provider shared with other applications often has a role called {@code admin}.
 * {@code audience} is required, so tokens the issuer minted for other clients are refused.
 *
 * <p>Data roles (free-form roles that masking and row policies match, such as {@code analyst})
 * come from {@code data-role-mapping} (a value of the roles claim to comma-separated data roles)
 * and, when {@code data-roles-claim} is set (e.g. {@code groups}), from the values of that claim
 * the operator admits: with {@code data-roles-claim-prefix} (e.g. {@code coffer-}) only values
 * starting with it, which is stripped ({@code coffer-analyst} is {@code analyst}); with
 * {@code data-roles-allowed} only the listed names; with both, both must hold. One of the two is
 * required with {@code data-roles-claim}: identity providers often let users create their own
 * groups, which must not become data roles. Names compare case-insensitively; platform role names
 * and invalid names are skipped. A token mapping to more than 128 data roles is refused
 * ({@code too_many_data_roles}) rather than cut short.
 */
@ConfigurationProperties("coffer.oidc")
public class OidcProperties {

	private String issuerUri;

	private String audience;

	private String rolesClaim = "roles";

	private String usernameClaim = "preferred_username";

	private Map<String, String> roleMapping = new LinkedHashMap<>();

	private boolean acceptRoleNames;

	private String dataRolesClaim;

	private Map<String, String> dataRoleMapping = new LinkedHashMap<>();

	private String dataRolesClaimPrefix;

	private List<String> dataRolesAllowed = new ArrayList<>();

	public String getDataRolesClaimPrefix() {
		return this.dataRolesClaimPrefix;
	}

	public void setDataRolesClaimPrefix(String dataRolesClaimPrefix) {
		this.dataRolesClaimPrefix = dataRolesClaimPrefix;
	}

	public List<String> getDataRolesAllowed() {
		return this.dataRolesAllowed;
	}

	public void setDataRolesAllowed(List<String> dataRolesAllowed) {
		this.dataRolesAllowed = dataRolesAllowed;
	}

	public String getDataRolesClaim() {
		return this.dataRolesClaim;
	}

	public void setDataRolesClaim(String dataRolesClaim) {
		this.dataRolesClaim = dataRolesClaim;
	}

	public Map<String, String> getDataRoleMapping() {
		return this.dataRoleMapping;
	}

	public void setDataRoleMapping(Map<String, String> dataRoleMapping) {
		this.dataRoleMapping = dataRoleMapping;
	}

	public String getIssuerUri() {
		return this.issuerUri;
	}

	public void setIssuerUri(String issuerUri) {
		this.issuerUri = issuerUri;
	}

	public String getAudience() {
		return this.audience;
	}

	public void setAudience(String audience) {
		this.audience = audience;
	}

	public String getRolesClaim() {
		return this.rolesClaim;
	}

	public void setRolesClaim(String rolesClaim) {
		this.rolesClaim = rolesClaim;
	}

	public String getUsernameClaim() {
		return this.usernameClaim;
	}

	public void setUsernameClaim(String usernameClaim) {
		this.usernameClaim = usernameClaim;
	}

	public Map<String, String> getRoleMapping() {
		return this.roleMapping;
	}

	public void setRoleMapping(Map<String, String> roleMapping) {
		this.roleMapping = roleMapping;
	}

	public boolean isAcceptRoleNames() {
		return this.acceptRoleNames;
	}

	public void setAcceptRoleNames(boolean acceptRoleNames) {
		this.acceptRoleNames = acceptRoleNames;
	}

	boolean enabled() {
		return this.issuerUri != null && !this.issuerUri.isBlank();
	}
}
