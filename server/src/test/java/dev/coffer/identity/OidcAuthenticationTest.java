package dev.coffer.identity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC user delegation against a real OIDC provider (mock-oauth2-server, with discovery and JWKS):
 * tokens of the configured issuer and audience are accepted with roles from the roles claim, and
 * every other token is refused as {@code invalid_token}.
 */
class OidcAuthenticationTest {

	private static final String ISSUER_ID = "coffer-idp";

	private static final String OTHER_ISSUER_ID = "other-idp";

	private static final String AUDIENCE = "coffer";

	private static final String CLIENT_ID = "coffer-console";

	static MockOAuth2Server oidc;

	/** Roles from the default {@code roles} claim. */
	static TestServer server;

	/** Roles from the nested claim {@code realm_access.roles}, user name from {@code email}. */
	static TestServer nestedServer;

	@BeforeAll
	static void startServers() {
		oidc = new MockOAuth2Server();
		oidc.start();
		String issuer = oidc.issuerUrl(ISSUER_ID).toString();
		server = TestServer.builder()
			.property("coffer.oidc.issuer-uri", issuer)
			.property("coffer.oidc.audience", AUDIENCE)
			.property("coffer.oidc.role-mapping.coffer-auditors", "auditor")
			.property("coffer.oidc.data-roles-claim", "groups")
			.property("coffer.oidc.data-roles-allowed", "analyst, BI")
			.start();
		nestedServer = TestServer.builder()
			.property("coffer.oidc.issuer-uri", issuer)
			.property("coffer.oidc.audience", AUDIENCE)
			.property("coffer.oidc.roles-claim", "realm_access.roles")
			.property("coffer.oidc.username-claim", "email")
			.property("coffer.oidc.role-mapping.coffer-stewards", "steward, tokenizer")
			.property("coffer.oidc.accept-role-names", "true")
			.property("coffer.oidc.data-role-mapping.coffer-stewards", "payroll")
			.property("coffer.oidc.data-roles-claim", "groups")
			.property("coffer.oidc.data-roles-claim-prefix", "coffer-")
			.start();
	}

	@AfterAll
	static void stopServers() {
		if (nestedServer != null) {
			nestedServer.close();
		}
		if (server != null) {
			server.close();
		}
		if (oidc != null) {
			oidc.shutdown();
		}
	}

	@Test
	void tokenOfTheIssuerWithMappedRoleClaimIsAcceptedAsOidcUser() {
		String token = token(ISSUER_ID, "user-42", AUDIENCE,
				Map.of("preferred_username", "alice", "roles", List.of("coffer-auditors", "unmapped-group")), 3600);
		Api alice = server.anonymous().bearer(token);

		Api.Response me = alice.get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.field("kind")).isEqualTo("oidc_user");
		assertThat(me.field("authentication")).isEqualTo("oidc");
		assertThat(me.field("principal_id")).isEqualTo("user-42");
		assertThat(me.field("name")).isEqualTo("alice");
		assertThat(me.field("key_name")).isNull();
		assertThat(texts(me.json().get("roles"))).containsExactly("auditor");
		assertThat(texts(me.json().get("permissions"))).contains("principals:read").doesNotContain("principals:write");

		Api.Response list = alice.get("/api/v1/service-accounts");
		assertThat(list.status()).as(list.toString()).isEqualTo(200);

		Api.Response create = alice.post("/api/v1/service-accounts", Map.of("name", "oidc-not-allowed"));
		assertProblem(create, 403, "permission_denied");
		assertThat(create.field("permission")).isEqualTo("principals:write");
	}

	@Test
	void claimValueNamedLikeACofferRoleGrantsNothingUnlessRoleNamesAreAccepted() {
		// an identity provider shared with other applications often has a role called "admin"
		String token = token(ISSUER_ID, "user-admin", AUDIENCE,
				Map.of("preferred_username", "root", "roles", List.of("admin")), 3600);
		Api notAdmin = server.anonymous().bearer(token);

		Api.Response me = notAdmin.get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(texts(me.json().get("roles"))).isEmpty();
		assertProblem(notAdmin.post("/api/v1/service-accounts", Map.of("name", "sa-oidc-" + System.nanoTime())), 403,
				"permission_denied");

		// where role names are accepted (nestedServer), the same value is the role
		String nested = token(ISSUER_ID, "user-admin", AUDIENCE,
				Map.of("preferred_username", "root", "realm_access", Map.of("roles", List.of("admin"))), 3600);
		Api admin = nestedServer.anonymous().bearer(nested);
		assertThat(texts(admin.get("/api/v1/me").json().get("roles"))).containsExactly("admin");
		Api.Response created = admin.post("/api/v1/service-accounts", Map.of("name", "sa-oidc-" + System.nanoTime()));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	@Test
	void issuerWithoutAudienceIsRefusedAtStart() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.builder()
			.property("coffer.oidc.issuer-uri", oidc.issuerUrl(ISSUER_ID).toString())
			.start()).hasStackTraceContaining("coffer.oidc.audience is required");
	}

	@Test
	void rolesComeFromANestedClaimPathWhenConfigured() {
		String token = token(ISSUER_ID, "user-7", AUDIENCE,
				Map.of("email", "bob@example.com", "preferred_username", "bob",
						"roles", List.of("admin"),
						"realm_access", Map.of("roles", List.of("coffer-stewards", "detokenizer", "unknown"))),
				3600);

		Api.Response me = nestedServer.anonymous().bearer(token).get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.field("principal_id")).isEqualTo("user-7");
		assertThat(me.field("name")).isEqualTo("bob@example.com");
		// the top-level "roles" claim is not the configured one: no admin
		assertThat(texts(me.json().get("roles"))).containsExactlyInAnyOrder("steward", "tokenizer", "detokenizer");
	}

	@Test
	void tokenWithoutRolesIsAuthenticatedButHasNoPermissions() {
		String token = token(ISSUER_ID, "user-none", AUDIENCE, Map.of("preferred_username", "nobody"), 3600);
		Api nobody = server.anonymous().bearer(token);

		Api.Response me = nobody.get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(texts(me.json().get("roles"))).isEmpty();
		assertProblem(nobody.get("/api/v1/service-accounts"), 403, "permission_denied");
	}

	@Test
	void dataRolesComeFromTheMappingAndOnlyFromPrefixedValuesOfTheDataRolesClaim() {
		String token = token(ISSUER_ID, "user-dr", AUDIENCE, Map.of("preferred_username", "dora",
				"realm_access", Map.of("roles", List.of("coffer-stewards")),
				"groups", List.of("coffer-Analyst", "analyst", "coffer-admin", "coffer-bad role!", "hr-admins", "COFFER-bi")),
				3600);
		Api.Response me = nestedServer.anonymous().bearer(token).get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(texts(me.json().get("data_roles"))).as("self-made groups without the prefix are no data roles")
			.containsExactly("analyst", "bi", "payroll");
	}

	@Test
	void dataRolesComeOnlyFromAllowedValuesOfTheDataRolesClaim() {
		String token = token(ISSUER_ID, "user-al", AUDIENCE, Map.of("preferred_username", "al",
				"groups", List.of("Analyst", "bi", "hr", "self-made-admins")), 3600);
		Api.Response me = server.anonymous().bearer(token).get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(texts(me.json().get("data_roles"))).containsExactly("analyst", "bi");
	}

	@Test
	void aTokenWithMoreThan128DataRolesIsRefusedNotCutShort() {
		List<String> groups = new ArrayList<>();
		for (int i = 0; i < 127; i++) {
			groups.add("coffer-g" + i);
		}
		Map<String, Object> claims = Map.of("preferred_username", "many",
				"realm_access", Map.of("roles", List.of("coffer-stewards")), "groups", groups);
		Api.Response fits = nestedServer.anonymous().bearer(token(ISSUER_ID, "user-many", AUDIENCE, claims, 3600))
			.get("/api/v1/me");
		assertThat(fits.status()).as(fits.toString()).isEqualTo(200);
		assertThat(fits.json().get("data_roles")).as("127 from the claim and payroll from the mapping").hasSize(128);

		groups.add("coffer-g127");
		Api.Response refused = nestedServer.anonymous()
			.bearer(token(ISSUER_ID, "user-many", AUDIENCE, Map.of("preferred_username", "many",
					"realm_access", Map.of("roles", List.of("coffer-stewards")), "groups", groups), 3600))
			.get("/api/v1/me");
		assertProblem(refused, 401, "too_many_data_roles");
	}

	@Test
	void aDataRolesClaimWithoutPrefixOrAllowListIsRefusedAtStart() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.builder()
			.property("coffer.oidc.issuer-uri", oidc.issuerUrl(ISSUER_ID).toString())
			.property("coffer.oidc.audience", AUDIENCE)
			.property("coffer.oidc.data-roles-claim", "groups")
			.start()).hasStackTraceContaining("coffer.oidc.data-roles-claim needs coffer.oidc.data-roles-claim-prefix");
	}

	@Test
	void expiredTokenIsInvalidToken() {
		// exp ten minutes ago, well beyond the 60 s clock skew allowed
		String token = token(ISSUER_ID, "user-42", AUDIENCE,
				Map.of("preferred_username", "alice", "roles", List.of("coffer-auditors")), -600);
		assertThat(payload(token).get("exp").asLong()).isLessThan(System.currentTimeMillis() / 1000 - 500);
		assertProblem(server.anonymous().bearer(token).get("/api/v1/me"), 401, "invalid_token");
	}

	@Test
	void tokenOfAnotherIssuerIsInvalidToken() {
		String token = token(OTHER_ISSUER_ID, "user-42", AUDIENCE,
				Map.of("preferred_username", "alice", "roles", List.of("admin")), 3600);
		assertThat(payload(token).get("iss").asString()).isEqualTo(oidc.issuerUrl(OTHER_ISSUER_ID).toString());
		assertProblem(server.anonymous().bearer(token).get("/api/v1/me"), 401, "invalid_token");
	}

	@Test
	void tokenSignedByTheIssuerButNamingAnotherIssuerIsInvalidToken() {
		// signed with the configured issuer's key (so the signature verifies), but "iss" is another issuer
		String other = oidc.issuerUrl(OTHER_ISSUER_ID).toString();
		String token = token(ISSUER_ID, "user-42", AUDIENCE,
				Map.of("iss", other, "preferred_username", "alice", "roles", List.of("admin")), 3600);
		assertThat(payload(token).get("iss").asString()).isEqualTo(other);
		assertProblem(server.anonymous().bearer(token).get("/api/v1/me"), 401, "invalid_token");
	}

	@Test
	void tokenForAnotherAudienceIsInvalidToken() {
		String token = token(ISSUER_ID, "user-42", "some-other-api",
				Map.of("preferred_username", "alice", "roles", List.of("admin")), 3600);
		assertProblem(server.anonymous().bearer(token).get("/api/v1/me"), 401, "invalid_token");
	}

	@Test
	void tokenWithTamperedSignatureIsInvalidToken() {
		String token = token(ISSUER_ID, "user-42", AUDIENCE,
				Map.of("preferred_username", "alice", "roles", List.of("admin")), 3600);
		assertThat(server.anonymous().bearer(token).get("/api/v1/me").status()).isEqualTo(200);

		int signatureStart = token.lastIndexOf('.') + 1;
		// change a character in the middle of the signature (the last one may only carry padding bits)
		int at = signatureStart + (token.length() - signatureStart) / 2;
		char original = token.charAt(at);
		String tampered = token.substring(0, at) + (original == 'A' ? 'B' : 'A') + token.substring(at + 1);
		assertThat(tampered).isNotEqualTo(token);
		assertProblem(server.anonymous().bearer(tampered).get("/api/v1/me"), 401, "invalid_token");
	}

	@Test
	void tokenWithTamperedClaimsIsInvalidToken() {
		String token = token(ISSUER_ID, "user-42", AUDIENCE,
				Map.of("preferred_username", "alice", "roles", List.of("coffer-auditors")), 3600);
		String[] parts = token.split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("coffer-auditors", "admin");
		String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
		assertProblem(server.anonymous().bearer(forged).get("/api/v1/me"), 401, "invalid_token");
	}

	@Test
	void apiKeysStillWorkWithOidcConfigured() {
		Api.Response me = server.admin().get("/api/v1/me");
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.field("authentication")).isEqualTo("basic");
		assertThat(texts(me.json().get("roles"))).contains("admin");

		String bearer = server.bootstrapCredentials().get("bearer_token").asString();
		Api.Response viaBearer = server.anonymous().bearer(bearer).get("/api/v1/me");
		assertThat(viaBearer.status()).as(viaBearer.toString()).isEqualTo(200);
		assertThat(viaBearer.field("authentication")).isEqualTo("bearer");
	}

	private static String token(String issuerId, String subject, String audience, Map<String, Object> claims,
			long expirySeconds) {
		return oidc.issueToken(issuerId, CLIENT_ID, new DefaultOAuth2TokenCallback(issuerId, subject,
				JOSEObjectType.JWT.getType(), List.of(audience), claims, expirySeconds))
			.serialize();
	}

	private static JsonNode payload(String token) {
		return Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}

	private static List<String> texts(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(node -> values.add(node.asString()));
		return values;
	}
}
