package dev.coffer.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.policy.PolicyFixtures.rule;
import static dev.coffer.policy.PolicyFixtures.tagPolicy;
import static dev.coffer.policy.PolicyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tag policies on the catalog's own column tags, end to end: a real PostgreSQL data source, columns
 * catalogued and tagged by hand through the catalog API, decisions through
 * {@code POST /api/v1/access/evaluate}, on both stores.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class CatalogTagPoliciesApiTest {

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	String source;

	@BeforeEach
	void setUp() {
		this.server = PolicyTestServers.catalog(this.store);
		this.admin = this.server.admin();
		this.source = CatalogSource.register(this.admin);
	}

	@Test
	void aTagPolicyMasksACatalogTaggedColumnForItsRoleAndNullsItForAnUnnamedRoleUntilTheTagIsRemoved() {
		String tag = customTag();
		String email = CatalogSource.catalogue(this.admin, this.source, "Email");
		CatalogSource.catalogue(this.admin, this.source, "phone");
		Map<String, Object> emailRef = CatalogSource.column(this.source, "Email");
		Map<String, Object> phoneRef = CatalogSource.column(this.source, "phone");
		String policy = tagPolicy(this.admin, tag.toUpperCase(java.util.Locale.ROOT), null,
				List.of(rule("analyst", "email")));
		assertThat(decisions(List.of("analyst"), emailRef).get(0).get("reason").asString()).as("not tagged yet")
			.isEqualTo("unprotected");

		CatalogSource.tag(this.admin, this.source, email, tag, null);
		List<JsonNode> analyst = decisions(List.of("analyst"), emailRef, phoneRef);
		assertThat(analyst.get(0).get("masking_type").asString()).as("the tag acts at once, whatever the case of "
				+ "the stored column name and of the tag").isEqualTo("email");
		assertThat(analyst.get(0).get("disposition").asString()).isEqualTo("masked");
		assertThat(analyst.get(0).get("reason").asString()).isEqualTo("tag_policy");
		assertThat(analyst.get(0).get("policy").get("id").asString()).isEqualTo(policy);
		assertThat(analyst.get(0).get("role").asString()).isEqualTo("analyst");
		assertThat(analyst.get(1).get("reason").asString()).as("an untagged column stays clear").isEqualTo("unprotected");
		JsonNode stranger = decisions(List.of("marketing"), emailRef).get(0);
		assertThat(stranger.get("disposition").asString()).isEqualTo("null");
		assertThat(stranger.get("masking_type").asString()).isEqualTo("null");
		assertThat(stranger.get("reason").asString()).isEqualTo("no_matching_role");
		assertThat(stranger.get("applicable_policies").get(0).get("id").asString()).isEqualTo(policy);

		CatalogSource.untag(this.admin, this.source, email, tag);
		JsonNode untagged = decisions(List.of("marketing"), emailRef).get(0);
		assertThat(untagged.get("reason").asString()).as("removing the tag acts at once").isEqualTo("unprotected");
		assertThat(untagged.get("disposition").asString()).isEqualTo("clear");
		assertThat(untagged.get("applicable_policies")).isEmpty();
	}

	@Test
	void aTagPolicyOnATagValueCoversOnlyTheColumnsCarryingThatValue() {
		String tag = customTag();
		String ssn = CatalogSource.catalogue(this.admin, this.source, "ssn");
		String phone = CatalogSource.catalogue(this.admin, this.source, "phone");
		CatalogSource.tag(this.admin, this.source, ssn, tag, "SSN");
		CatalogSource.tag(this.admin, this.source, phone, tag, "phone");
		String onValue = tagPolicy(this.admin, tag, "ssn", List.of(rule("analyst", "last_four"), rule("*", "full_mask")));
		String anyValue = tagPolicy(this.admin, tag, null, List.of(rule("support", "first_four")));

		List<JsonNode> analyst = decisions(List.of("analyst"), CatalogSource.column(this.source, "ssn"),
				CatalogSource.column(this.source, "phone"));
		assertThat(analyst.get(0).get("masking_type").asString()).as("the value matches whatever its case")
			.isEqualTo("last_four");
		assertThat(analyst.get(0).get("policy").get("id").asString()).isEqualTo(onValue);
		assertThat(policyIds(analyst.get(0).get("applicable_policies"))).containsExactlyInAnyOrder(onValue, anyValue);
		assertThat(analyst.get(1).get("masking_type").asString()).as("phone carries another value: only the any-value "
				+ "policy applies, and it names no analyst").isEqualTo("null");
		assertThat(analyst.get(1).get("reason").asString()).isEqualTo("no_matching_role");
		assertThat(policyIds(analyst.get(1).get("applicable_policies"))).containsExactly(anyValue);

		JsonNode support = decisions(List.of("support"), CatalogSource.column(this.source, "ssn")).get(0);
		assertThat(support.get("masking_type").asString()).as("first_four of the any-value policy beats the '*' "
				+ "full_mask of the value policy").isEqualTo("first_four");

		CatalogSource.tag(this.admin, this.source, ssn, tag, "tax_id");
		JsonNode retagged = decisions(List.of("analyst"), CatalogSource.column(this.source, "ssn")).get(0);
		assertThat(retagged.get("reason").asString()).as("a new value acts at once").isEqualTo("no_matching_role");
		assertThat(policyIds(retagged.get("applicable_policies"))).containsExactly(anyValue);
	}

	/** A custom tag of this test (any value allowed). */
	private String customTag() {
		String name = unique("pii").replace('-', '_');
		Api.Response created = this.admin.post("/api/v1/tags", Map.of("name", name));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return name;
	}

	private static List<String> policyIds(JsonNode refs) {
		List<String> ids = new ArrayList<>();
		refs.forEach(ref -> ids.add(ref.get("id").asString()));
		return ids;
	}

	@SafeVarargs
	private List<JsonNode> decisions(List<String> roles, Map<String, Object>... columns) {
		Api.Response response = this.admin.post("/api/v1/access/evaluate", Map.of("roles", roles, "columns", List.of(columns)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> decisions = new ArrayList<>();
		response.json().get("columns").forEach(decisions::add);
		return decisions;
	}
}
