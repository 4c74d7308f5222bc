package dev.coffer.policy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

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
import static dev.coffer.policy.PolicyFixtures.unique;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tag masking ({@code /api/v1/tag-masking}) through the API, on both stores: each protection type
 * applied into a managed tag policy and its effect on {@code POST /api/v1/access/evaluate} for
 * catalog-tagged columns of a real PostgreSQL source; failures with their reason; and the 409 of a
 * second change while one is pending (on PostgreSQL, where the test holds the row the apply waits for).
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class TagMaskingApiTest {

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
	void aGovernedMaskIsAppliedIntoAManagedTagPolicyThatDecidesAndChangesOnlyThroughItsProtection() {
		String tag = taggedColumn("Email", null);
		Map<String, Object> email = CatalogSource.column(this.source, "Email");
		Api.Response created = this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "governed_mask",
				"description", "emails", "rules", List.of(rule("analyst", "email"), rule("*", "null"))));
		assertThat(created.status()).as(created.toString()).isEqualTo(202);
		String id = created.field("id");
		assertThat(created.field("status")).isEqualTo("pending");
		assertThat(created.field("change")).isEqualTo("create");
		assertThat(created.header("Location")).isEqualTo("/api/v1/jobs/" + created.field("job_id"));
		assertThat(created.header("Content-Location")).isEqualTo("/api/v1/tag-masking/" + id);

		JsonNode applied = awaitSettled(id);
		assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("applied");
		assertThat(applied.get("failure").isNull()).isTrue();
		assertThat(applied.get("applied_at").isNull()).isFalse();
		String policy = applied.get("policy_id").asString();
		JsonNode job = awaitJob(created.header("Location"));
		assertThat(job.get("status").asString()).as("the job ends once it settled the change").isEqualTo("succeeded");
		assertThat(job.get("result").get("status").asString()).isEqualTo("applied");
		JsonNode managed = this.admin.get("/api/v1/policies/tags/" + policy).json();
		assertThat(managed.get("managed_by").asString()).isEqualTo(id);
		assertThat(managed.get("tag").asString()).isEqualTo(tag);

		JsonNode analyst = decide(List.of("analyst"), email);
		assertThat(analyst.get("masking_type").asString()).isEqualTo("email");
		assertThat(analyst.get("reason").asString()).isEqualTo("tag_policy");
		assertThat(analyst.get("policy").get("id").asString()).isEqualTo(policy);
		assertThat(decide(List.of("marketing"), email).get("masking_type").asString()).as("the '*' rule").isEqualTo("null");

		assertProblem(this.admin.put("/api/v1/policies/tags/" + policy, Map.of("name", unique("x"), "tag", tag,
				"rules", List.of(rule("analyst", "no_mask")))), 409, "policy_managed");
		assertProblem(this.admin.delete("/api/v1/policies/tags/" + policy), 409, "policy_managed");

		Api.Response replaced = this.admin.put("/api/v1/tag-masking/" + id, Map.of("protection", "governed_mask",
				"rules", List.of(rule("analyst", "last_four"))));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(202);
		assertThat(replaced.field("change")).isEqualTo("update");
		assertThat(awaitSettled(id).get("policy_id").asString()).as("the same managed policy, replaced").isEqualTo(policy);
		assertThat(decide(List.of("analyst"), email).get("masking_type").asString()).isEqualTo("last_four");
		assertThat(decide(List.of("marketing"), email).get("reason").asString()).isEqualTo("no_matching_role");

		Api.Response deleted = this.admin.delete("/api/v1/tag-masking/" + id);
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
		assertThat(deleted.field("change")).isEqualTo("delete");
		awaitGone(id);
		assertThat(this.admin.get("/api/v1/policies/tags/" + policy).status()).as("its policy goes with it").isEqualTo(404);
		assertThat(decide(List.of("analyst"), email).get("reason").asString()).isEqualTo("unprotected");
	}

	@Test
	void vaultTokenizationAndFpeShowThePermittedRolesTheOriginalAndEveryOtherRoleTheTokenOrAMask() {
		String tag = taggedColumn("card_token", "card");
		String ssn = CatalogSource.catalogue(this.admin, this.source, "ssn");
		CatalogSource.tag(this.admin, this.source, ssn, tag, "ssn");
		Map<String, Object> card = CatalogSource.column(this.source, "card_token");
		Map<String, Object> ssnRef = CatalogSource.column(this.source, "ssn");

		String vault = accepted(this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "tag_value", "CARD",
				"protection", "vault_tokenization", "token_format", "card", "detokenize_roles", List.of("Detokenizer"),
				"others", Map.of("type", "last_four"))));
		String fpe = accepted(this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "tag_value", "ssn",
				"protection", "fpe", "token_format", "digits-fpe", "detokenize_roles", List.of("admin"))));
		JsonNode vaultView = awaitSettled(vault);
		assertThat(vaultView.get("status").asString()).as(vaultView.toString()).isEqualTo("applied");
		assertThat(vaultView.get("tag_value").asString()).isEqualTo("card");
		assertThat(vaultView.get("detokenize_roles").toString()).isEqualTo("[\"detokenizer\"]");
		assertThat(vaultView.get("others").get("type").asString()).isEqualTo("last_four");
		JsonNode fpeView = awaitSettled(fpe);
		assertThat(fpeView.get("status").asString()).as(fpeView.toString()).isEqualTo("applied");
		assertThat(fpeView.get("others").get("type").asString()).as("default: the token as stored").isEqualTo("no_mask");

		JsonNode permitted = decide(List.of("detokenizer"), card);
		assertThat(permitted.get("masking_type").asString()).isEqualTo("detokenize");
		assertThat(permitted.get("disposition").asString()).isEqualTo("clear");
		assertThat(permitted.get("policy").get("id").asString()).isEqualTo(vaultView.get("policy_id").asString());
		assertThat(decide(List.of("analyst"), card).get("masking_type").asString()).isEqualTo("last_four");

		assertThat(decide(List.of("admin"), ssnRef).get("masking_type").asString()).isEqualTo("detokenize");
		JsonNode other = decide(List.of("analyst"), ssnRef);
		assertThat(other.get("masking_type").asString()).as("the FPE token as stored").isEqualTo("no_mask");
		assertThat(other.get("reason").asString()).isEqualTo("tag_policy");
		assertThat(other.get("policy").get("id").asString()).isEqualTo(fpeView.get("policy_id").asString());
		JsonNode dataRole = decide(List.of("auditor", "analyst"), card);
		assertThat(dataRole.get("masking_type").asString()).as("roles that grant no tokens:detokenize get the others' mask")
			.isEqualTo("last_four");
	}

	@Test
	void aChangeThatCannotBeAppliedFailsWithItsReasonAndLeavesWhatWasInForce() {
		String tag = taggedColumn("card_token", null);
		Map<String, Object> card = CatalogSource.column(this.source, "card_token");
		Api.Response created = this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "vault_tokenization",
				"token_format", "no-such-format", "detokenize_roles", List.of("detokenizer")));
		String id = accepted(created);
		JsonNode failed = awaitSettled(id);
		assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("failed");
		assertThat(failed.get("failure").get("code").asString()).isEqualTo("unknown_format");
		assertThat(failed.get("failure").get("message").asString()).contains("no-such-format");
		assertThat(failed.get("policy_id").isNull()).as("nothing in force").isTrue();
		JsonNode job = awaitJob(created.header("Location"));
		assertThat(job.get("status").asString()).isEqualTo("succeeded");
		assertThat(job.get("result").get("status").asString()).isEqualTo("failed");
		assertThat(job.get("result").get("failure_code").asString()).isEqualTo("unknown_format");
		assertThat(decide(List.of("analyst"), card).get("reason").asString()).isEqualTo("unprotected");
		assertProblem(this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "governed_mask",
				"rules", List.of(rule("analyst", "null")))), 409, "tag_already_protected");

		accepted(this.admin.put("/api/v1/tag-masking/" + id, Map.of("protection", "vault_tokenization", "token_format", "card",
				"detokenize_roles", List.of("detokenizer"), "others", Map.of("type", "full_mask"))));
		String policy = awaitSettled(id).get("policy_id").asString();
		assertThat(decide(List.of("analyst"), card).get("masking_type").asString()).isEqualTo("full_mask");

		accepted(this.admin.put("/api/v1/tag-masking/" + id, Map.of("protection", "fpe", "token_format", "card",
				"detokenize_roles", List.of("detokenizer"))));
		JsonNode wrongKind = awaitSettled(id);
		assertThat(wrongKind.get("status").asString()).isEqualTo("failed");
		assertThat(wrongKind.get("failure").get("code").asString()).isEqualTo("wrong_format_kind");
		assertThat(wrongKind.get("policy_id").asString()).isEqualTo(policy);
		assertThat(decide(List.of("analyst"), card).get("masking_type").asString()).as("the vault protection stays in force")
			.isEqualTo("full_mask");
		assertThat(decide(List.of("detokenizer"), card).get("masking_type").asString()).isEqualTo("detokenize");
		this.admin.delete("/api/v1/tag-masking/" + id);
		awaitGone(id);
	}

	@Test
	void badRequestsAreRefusedWithEveryFieldAndChangeNothing() {
		String tag = unique("t").replace('-', '_');
		Api.Response missing = this.admin.post("/api/v1/tag-masking", Map.of("tag", tag));
		assertProblem(missing, 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "shred")), 400, "validation_failed");
		Api.Response mixed = this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "vault_tokenization",
				"rules", List.of(rule("analyst", "null")), "detokenize_roles", List.of("*"), "others",
				Map.of("type", "detokenize")));
		assertProblem(mixed, 400, "validation_failed");
		assertThat(mixed.json().get("errors").toString()).contains("\"rules\"", "not_applicable", "detokenize_roles[0]",
				"token_format", "others.type", "not_allowed");
		Api.Response badRule = this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "governed_mask",
				"rules", List.of(rule("analyst", "nope")), "token_format", "card"));
		assertProblem(badRule, 400, "validation_failed");
		assertThat(badRule.json().get("errors").toString()).contains("unknown_masking_type", "token_format");

		Api steward = PolicyFixtures.key(this.server, List.of("steward"), List.of()).api();
		Api.Response noDetokenize = steward.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "fpe",
				"token_format", "card-fpe", "detokenize_roles", List.of("admin")));
		assertProblem(noDetokenize, 403, "permission_denied");
		Api.Response listed = this.admin.get("/api/v1/tag-masking?limit=1000");
		assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
		assertThat(listed.body()).doesNotContain(tag);

		String unknown = java.util.UUID.randomUUID().toString();
		assertProblem(this.admin.get("/api/v1/tag-masking/" + unknown), 404, "not_found");
		assertProblem(this.admin.put("/api/v1/tag-masking/" + unknown, Map.of("protection", "governed_mask",
				"rules", List.of(rule("analyst", "null")))), 404, "not_found");
		assertProblem(this.admin.delete("/api/v1/tag-masking/x"), 404, "not_found");

		String id = accepted(this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "governed_mask",
				"rules", List.of(rule("analyst", "null")))));
		awaitSettled(id);
		assertProblem(this.admin.put("/api/v1/tag-masking/" + id, Map.of("tag", "other", "protection", "governed_mask",
				"rules", List.of(rule("analyst", "null")))), 400, "validation_failed");
		assertProblem(this.admin.put("/api/v1/tag-masking/" + id, Map.of("tag_value", "x", "protection", "governed_mask",
				"rules", List.of(rule("analyst", "null")))), 400, "validation_failed");
		this.admin.delete("/api/v1/tag-masking/" + id);
		awaitGone(id);
	}

	@Test
	void aSecondChangeWhileOneIsPendingAnswers409AndLosesNothing() throws Exception {
		assumeTrue(this.store == TestStore.POSTGRES, "holds a row lock of the PostgreSQL store");
		String tag = taggedColumn("phone", null);
		Map<String, Object> phone = CatalogSource.column(this.source, "phone");
		String id;
		try (Connection blocker = this.server.bean(DataSource.class).getConnection()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				// every policy change bumps this row: the apply waits for it, so the change stays pending
				statement.executeQuery("SELECT revision FROM policy_revision WHERE id = 1 FOR UPDATE").close();
			}
			id = accepted(this.admin.post("/api/v1/tag-masking", Map.of("tag", tag, "protection", "governed_mask",
					"rules", List.of(rule("analyst", "first_four")))));
			Api.Response second = this.admin.put("/api/v1/tag-masking/" + id, Map.of("protection", "governed_mask",
					"rules", List.of(rule("analyst", "no_mask"))));
			assertProblem(second, 409, "protection_change_in_progress");
			assertThat(second.field("protection_id")).isEqualTo(id);
			assertProblem(this.admin.delete("/api/v1/tag-masking/" + id), 409, "protection_change_in_progress");
			assertProblem(this.admin.post("/api/v1/tag-masking", Map.of("tag", tag.toUpperCase(java.util.Locale.ROOT),
					"protection", "governed_mask", "rules", List.of(rule("analyst", "no_mask")))), 409,
					"protection_change_in_progress");
			JsonNode pending = this.admin.get("/api/v1/tag-masking/" + id).json();
			assertThat(pending.get("status").asString()).isEqualTo("pending");
			assertThat(pending.get("rules").get(0).get("masking").get("type").asString()).isEqualTo("first_four");
			blocker.rollback();
		}
		JsonNode applied = awaitSettled(id);
		assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("applied");
		assertThat(decide(List.of("analyst"), phone).get("masking_type").asString()).as("the first change, whole")
			.isEqualTo("first_four");
		assertThat(this.admin.get("/api/v1/tag-masking?limit=1000").json().get("data").findValues("tag").stream()
			.filter(t -> t.asString().equals(tag)).count()).as("no second protection of the tag").isEqualTo(1);

		accepted(this.admin.put("/api/v1/tag-masking/" + id, Map.of("protection", "governed_mask",
				"rules", List.of(rule("analyst", "no_mask")))));
		assertThat(awaitSettled(id).get("status").asString()).isEqualTo("applied");
		assertThat(decide(List.of("analyst"), phone).get("masking_type").asString()).as("sent again once settled")
			.isEqualTo("no_mask");
		this.admin.delete("/api/v1/tag-masking/" + id);
		awaitGone(id);
	}

	/** A new custom tag on a newly catalogued column of the source (with a value or none); answers the tag. */
	private String taggedColumn(String column, String value) {
		String tag = unique("prot").replace('-', '_');
		Api.Response created = this.admin.post("/api/v1/tags", Map.of("name", tag));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		CatalogSource.tag(this.admin, this.source, CatalogSource.catalogue(this.admin, this.source, column), tag, value);
		return tag;
	}

	private static String accepted(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		assertThat(response.field("status")).isEqualTo("pending");
		return response.field("id");
	}

	private JsonNode awaitSettled(String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			Api.Response response = this.admin.get("/api/v1/tag-masking/" + id);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			if (!response.field("status").equals("pending")) {
				return response.json();
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("still pending: " + response);
			}
			sleep();
		}
	}

	/** The job once it has ended (it ends just after it settled the protection). */
	private JsonNode awaitJob(String location) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			JsonNode job = this.admin.get(location).json();
			if (List.of("succeeded", "failed", "cancelled").contains(job.get("status").asString())) {
				return job;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("job still running: " + job);
			}
			sleep();
		}
	}

	private void awaitGone(String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (this.admin.get("/api/v1/tag-masking/" + id).status() != 404) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not deleted: " + id);
			}
			sleep();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private JsonNode decide(List<String> roles, Map<String, Object> column) {
		Map<String, Object> request = new HashMap<>();
		request.put("roles", roles);
		request.put("columns", List.of(column));
		Api.Response response = this.admin.post("/api/v1/access/evaluate", request);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("columns").get(0);
	}
}
