package dev.coffer.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.catalog.CatalogFixtures.column;
import static dev.coffer.catalog.CatalogFixtures.columns;
import static dev.coffer.catalog.CatalogFixtures.tagNames;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classification job through the API, against the fixture loaded into the real PostgreSQL and
 * MariaDB, with the Coffer store on both stores: detected types, confidences, evidence, tags and
 * decoys; failed tables; cancellation; tags a classification applies or proposes, and people's tags
 * and decisions surviving a re-classification; the column list and the summary.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class ClassificationApiTest {

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = CatalogServers.shared(this.store);
		this.admin = this.server.admin();
	}

	@Test
	void classifiesTheRealPostgresqlAndMariadbThroughTheApi() {
		String pg = CatalogFixtures.registerPostgres(this.admin);
		String maria = CatalogFixtures.registerMariadb(this.admin);
		for (String id : List.of(pg, maria)) {
			String schema = id.equals(pg) ? SourceDatabases.SHOP : CatalogFixtures.mariadb();
			JsonNode job = CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("schemas", List.of(schema))));
			assertThat(job.get("type").asString()).isEqualTo("classification.run");
			JsonNode result = job.get("result");
			assertThat(result.get("tables_total").asInt()).isEqualTo(4);
			assertThat(result.get("tables_scanned").asInt()).isEqualTo(4);
			assertThat(result.get("tables_failed").asInt()).isZero();
			assertThat(result.get("columns_sensitive").asInt()).isEqualTo(5);
			assertThat(result.get("types").get("email").asInt()).isEqualTo(2);
			assertThat(job.get("progress").get("done").asInt()).isEqualTo(4);
			assertThat(job.get("progress").get("total").asInt()).isEqualTo(4);

			List<JsonNode> all = columns(this.admin, id, "");
			assertThat(all).hasSize(6 + 4 + 5 + 2);
			JsonNode email = column(all, "customers", "email");
			assertThat(email.get("schema").asString()).isEqualTo(schema);
			assertThat(email.get("data_type").asString()).isEqualTo("varchar");
			JsonNode classification = email.get("classification");
			assertThat(classification.get("type").asString()).isEqualTo("email");
			assertThat(classification.get("confidence").asDouble()).isEqualTo(1.0);
			assertThat(classification.get("match_rate").asDouble()).isEqualTo(1.0);
			assertThat(classification.get("sample_size").asInt()).isEqualTo(SourceDatabases.ROWS);
			assertThat(classification.get("job_id").asString()).isEqualTo(job.get("id").asString());
			assertThat(strings(classification.get("evidence"))).contains("value_pattern", "column_name:email", "data_type:varchar");
			JsonNode tag = email.get("tags").get(0);
			assertThat(tag.get("name").asString()).isEqualTo("PII");
			assertThat(tag.get("source").asString()).isEqualTo("classification");
			assertThat(tag.get("detected_type").asString()).isEqualTo("email");
			assertThat(tag.get("assigned_by").asString()).isEqualTo("system");

			assertType(all, "customers", "ssn", "us_ssn", List.of("PII"));
			assertType(all, "customers", "phone", "phone", List.of("PII"));
			JsonNode card = assertType(all, "payments", "card_number", "payment_card", List.of("PCI"));
			assertThat(strings(card.get("classification").get("evidence"))).contains("checksum:luhn");
			JsonNode notes = assertType(all, "customers", "notes", null, List.of());
			assertThat(notes.get("classification").get("null_count").asInt()).isEqualTo(SourceDatabases.ROWS / 3);
			assertThat(notes.get("classification").get("sample_size").asInt()).isEqualTo(SourceDatabases.ROWS * 2 / 3);
			assertType(all, "payments", "amount", null, List.of());
			// decoys: a column named email without e-mail addresses, card-like numbers failing Luhn, nothing at all
			assertType(all, "decoys", "email", null, List.of());
			assertType(all, "decoys", "order_ref", null, List.of());
			JsonNode empty = assertType(all, "decoys", "empty_col", null, List.of());
			assertThat(empty.get("classification").get("sample_size").asInt()).isZero();
			assertThat(empty.get("classification").get("null_count").asInt()).isEqualTo(SourceDatabases.ROWS);
			// e-mail addresses under a name that does not say so: found, with less confidence, so only proposed
			JsonNode contact = assertType(all, "decoys", "contact", "email", List.of());
			assertThat(contact.get("classification").get("confidence").asDouble()).isEqualTo(0.75);
			assertType(all, "empty_table", "email", null, List.of());

			Api.Response pending = this.admin.get("/api/v1/tag-proposals?data_source_id=" + id);
			assertThat(pending.json().get("data")).hasSize(1);
			JsonNode proposal = pending.json().get("data").get(0);
			assertThat(proposal.get("column").asString()).isEqualTo("contact");
			assertThat(proposal.get("tag").asString()).isEqualTo("PII");
			assertThat(proposal.get("status").asString()).isEqualTo("pending");
			assertThat(proposal.get("confidence").asDouble()).isEqualTo(0.75);

			JsonNode summary = this.admin.get("/api/v1/data-sources/" + id + "/summary").json();
			assertThat(summary.get("tables").asInt()).isEqualTo(4);
			assertThat(summary.get("columns").asInt()).isEqualTo(17);
			assertThat(summary.get("columns_classified").asInt()).isEqualTo(17);
			assertThat(summary.get("columns_sensitive").asInt()).isEqualTo(5);
			assertThat(summary.get("types").get("email").asInt()).isEqualTo(2);
			assertThat(summary.get("types").get("payment_card").asInt()).isEqualTo(1);
			assertThat(summary.get("tags").get("PII").asInt()).isEqualTo(3);
			assertThat(summary.get("tags").get("PCI").asInt()).isEqualTo(1);
			assertThat(summary.get("pending_proposals").asInt()).isEqualTo(1);
			assertThat(summary.get("last_classification").get("job_id").asString()).isEqualTo(job.get("id").asString());
			assertThat(summary.get("last_classification").get("status").asString()).isEqualTo("succeeded");
			assertThat(this.admin.get("/api/v1/data-sources/" + id).field("last_classification_job_id"))
				.isEqualTo(job.get("id").asString());
		}
		// no sampled value left the databases: not in the job, the columns, the audit log
		String everything = this.admin.get("/api/v1/jobs?limit=1000").body() + columns(this.admin, pg, "")
				+ this.admin.get("/api/v1/audit/events?limit=1000").body();
		assertThat(everything).doesNotContain("person1@example.com").doesNotContain("4111 1111").doesNotContain("likes tea");
	}

	@Test
	void aFailingTableIsReportedAndTheJobSucceeds() {
		String database = CatalogFixtures.postgres();
		String role = "coffer_limited_" + UUID.randomUUID().toString().substring(0, 8);
		SourceDatabases.postgresAdmin(database, "CREATE ROLE " + role + " LOGIN",
				"GRANT USAGE ON SCHEMA shop TO " + role,
				"GRANT SELECT ON shop.customers, shop.decoys, shop.empty_table TO " + role,
				"CREATE SCHEMA IF NOT EXISTS extra", "CREATE TABLE IF NOT EXISTS extra.boom (id INT, explode VARCHAR(10))",
				"GRANT USAGE ON SCHEMA extra TO " + role, "GRANT SELECT ON extra.boom TO " + role);
		try {
			String id = CatalogFixtures.register(this.admin, "postgresql", SourceDatabases.postgresUrl(database), role, null);
			JsonNode job = CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("schemas", List.of("shop", "extra"),
					"tables", List.of(Map.of("schema", "shop", "table", "no_such_table")))));
			JsonNode result = job.get("result");
			assertThat(result.get("tables_total").asInt()).isEqualTo(6);
			assertThat(result.get("tables_scanned").asInt()).isEqualTo(3);
			assertThat(result.get("tables_failed").asInt()).isEqualTo(3);
			List<String> failed = new ArrayList<>();
			result.get("failed_tables").forEach(f -> failed.add(f.get("schema").asString() + "." + f.get("table").asString()
					+ ":" + f.get("reason").asString()));
			assertThat(failed).containsExactly("extra.boom:classifier_error", "shop.no_such_table:table_not_found",
					"shop.payments:permission_denied");
			assertThat(result.get("failed_tables").get(2).get("message").asString()).doesNotContain(role);
			List<JsonNode> all = columns(this.admin, id, "");
			assertThat(column(all, "customers", "email").get("classification").get("type").asString()).isEqualTo("email");
			assertThat(column(all, "payments", "card_number").get("classification").isNull()).as("never classified").isTrue();
		}
		finally {
			SourceDatabases.postgresAdmin(database, "DROP OWNED BY " + role, "DROP ROLE " + role);
		}
	}

	@Test
	void manualTagsAndRejectionsSurviveReclassification() {
		String id = CatalogFixtures.registerPostgres(this.admin);
		String sensitivity = "sensitivity_" + System.nanoTime();
		this.admin.post("/api/v1/tags", Map.of("name", sensitivity, "allowed_values", List.of("internal", "restricted")));
		CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("schemas", List.of("shop"))));
		List<JsonNode> all = columns(this.admin, id, "");
		String email = column(all, "customers", "email").get("id").asString();
		String fullName = column(all, "customers", "full_name").get("id").asString();
		String phone = column(all, "customers", "phone").get("id").asString();
		String base = "/api/v1/data-sources/" + id + "/columns/";

		Api.Response manual = this.admin.put(base + email + "/tags/PII", Map.of());
		assertThat(manual.status()).as(manual.toString()).isEqualTo(200);
		assertThat(manual.json().get("tags").get(0).get("source").asString()).isEqualTo("manual");
		assertThat(this.admin.put(base + email + "/tags/" + sensitivity, Map.of("value", "restricted")).status()).isEqualTo(200);
		assertThat(this.admin.put(base + fullName + "/tags/PII", null).status()).isEqualTo(200);
		Api.Response removed = this.admin.delete(base + phone + "/tags/PII");
		assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
		assertThat(removed.json().get("tags")).isEmpty();
		assertProblem(this.admin.delete(base + phone + "/tags/PII"), 404, "not_found");

		CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("schemas", List.of("shop"))));
		all = columns(this.admin, id, "");
		JsonNode emailAfter = column(all, "customers", "email");
		assertThat(tagNames(emailAfter)).containsExactlyInAnyOrder("PII", sensitivity);
		emailAfter.get("tags").forEach(tag -> assertThat(tag.get("source").asString()).isEqualTo("manual"));
		assertThat(emailAfter.get("tags").findValues("value").stream().map(JsonNode::asString).toList()).contains("restricted");
		JsonNode fullNameAfter = column(all, "customers", "full_name");
		assertThat(tagNames(fullNameAfter)).containsExactly("PII");
		assertThat(fullNameAfter.get("tags").get(0).get("source").asString()).isEqualTo("manual");
		assertThat(fullNameAfter.get("tags").get(0).get("assigned_by").asString()).isEqualTo(me());
		assertThat(tagNames(column(all, "customers", "phone"))).as("removed by hand, same type: not brought back").isEmpty();
		assertThat(tagNames(column(all, "customers", "ssn"))).containsExactly("PII");
		assertThat(this.admin.get("/api/v1/tag-proposals?status=rejected&data_source_id=" + id).json().get("data")).hasSize(1);
		String audit = this.admin.get("/api/v1/audit/events?limit=1000").body();
		assertThat(audit).contains("column_tag.assigned").contains("column_tag.unassigned");
	}

	@Test
	void proposalsAwaitApprovalWhenAutomaticTaggingIsOff() {
		String id = CatalogFixtures.registerPostgres(this.admin);
		this.admin.patch("/api/v1/settings", Map.of("classification.auto_apply_tags", false));
		try {
			CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("tables", List.of(Map.of("schema", "shop", "table", "customers"),
					Map.of("schema", "shop", "table", "payments")))));
			List<JsonNode> all = columns(this.admin, id, "");
			assertThat(all).hasSize(10);
			assertThat(all).allSatisfy(column -> assertThat(column.get("tags")).isEmpty());
			Map<String, String> proposals = new java.util.HashMap<>();
			this.admin.get("/api/v1/tag-proposals?data_source_id=" + id).json().get("data")
				.forEach(p -> proposals.put(p.get("column").asString(), p.get("id").asString()));
			assertThat(proposals).containsOnlyKeys("email", "phone", "ssn", "card_number");

			Api.Response approved = this.admin.post("/api/v1/tag-proposals/" + proposals.get("email") + "/approve", null);
			assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
			assertThat(approved.field("status")).isEqualTo("approved");
			assertThat(approved.field("decided_by")).isEqualTo(me());
			assertProblem(this.admin.post("/api/v1/tag-proposals/" + proposals.get("email") + "/approve", null), 409, "conflict");
			assertThat(this.admin.post("/api/v1/tag-proposals/" + proposals.get("phone") + "/reject", null).field("status"))
				.isEqualTo("rejected");
			Api.Response batch = this.admin.post("/api/v1/tag-proposals/decisions", Map.of("decision", "approve", "ids",
					List.of(proposals.get("ssn"), proposals.get("card_number"), proposals.get("phone"), "no-such-id")));
			assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
			JsonNode results = batch.json().get("results");
			assertThat(results.get(0).get("status").asString()).isEqualTo("approved");
			assertThat(results.get(1).get("status").asString()).isEqualTo("approved");
			assertThat(results.get(2).get("code").asString()).isEqualTo("conflict");
			assertThat(results.get(3).get("code").asString()).isEqualTo("not_found");

			all = columns(this.admin, id, "");
			JsonNode email = column(all, "customers", "email");
			assertThat(tagNames(email)).containsExactly("PII");
			assertThat(email.get("tags").get(0).get("source").asString()).isEqualTo("proposal");
			assertThat(tagNames(column(all, "payments", "card_number"))).containsExactly("PCI");

			// again, now applying automatically: approved tags stay approved, the rejected one stays away
			this.admin.patch("/api/v1/settings", Map.of("classification.auto_apply_tags", true));
			CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("tables", List.of(Map.of("schema", "shop", "table", "customers"),
					Map.of("schema", "shop", "table", "payments")))));
			all = columns(this.admin, id, "");
			assertThat(column(all, "customers", "email").get("tags").get(0).get("source").asString()).isEqualTo("proposal");
			assertThat(tagNames(column(all, "customers", "phone"))).isEmpty();
			assertThat(this.admin.get("/api/v1/tag-proposals?data_source_id=" + id).json().get("data")).isEmpty();
		}
		finally {
			this.admin.patch("/api/v1/settings", java.util.Collections.singletonMap("classification.auto_apply_tags", null));
		}
	}

	@Test
	void columnsFilterAndPaginateInAStableOrder() {
		String id = CatalogFixtures.registerMariadb(this.admin);
		CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("schemas", List.of(CatalogFixtures.mariadb()))));
		List<JsonNode> all = columns(this.admin, id, "");
		List<String> order = all.stream().map(c -> c.get("table").asString() + "." + c.get("column").asString()).toList();
		assertThat(order.subList(0, 6)).containsExactly("customers.id", "customers.full_name", "customers.email", "customers.phone",
				"customers.ssn", "customers.notes");
		assertThat(all.stream().map(c -> c.get("id").asString()).toList()).isSorted();

		assertThat(columns(this.admin, id, "tag=pii").stream().map(c -> c.get("column").asString()).toList())
			.containsExactly("email", "phone", "ssn");
		assertThat(columns(this.admin, id, "type=email").stream().map(c -> c.get("table").asString()).toList())
			.containsExactly("customers", "decoys");
		assertThat(columns(this.admin, id, "type=email&min_confidence=0.9")).hasSize(1);
		assertThat(columns(this.admin, id, "min_confidence=0.5")).hasSize(5);
		assertThat(columns(this.admin, id, "table=payments&tag=PCI")).hasSize(1);

		Api.Response page = this.admin.get("/api/v1/data-sources/" + id + "/columns?page=2&per_page=5");
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.json().get("total").asInt()).isEqualTo(17);
		assertThat(page.json().get("page").asInt()).isEqualTo(2);
		assertThat(page.json().get("data").get(0).get("id").asString()).isEqualTo(all.get(5).get("id").asString());
		assertThat(page.header("Link")).contains("rel=\"next\"");
		assertThat(page.json().get("data").get(1).has("classification")).isTrue();

		String base = "/api/v1/data-sources/" + id + "/columns";
		assertProblem(this.admin.get(base + "?type=nonsense"), 400, "invalid_parameter");
		assertProblem(this.admin.get(base + "?min_confidence=2"), 400, "invalid_parameter");
		assertProblem(this.admin.get(base + "?min_confidence=abc"), 400, "invalid_parameter");
		assertProblem(this.admin.get(base + "?limit=5&page=2"), 400, "pagination_conflict");
		assertProblem(this.admin.get("/api/v1/data-sources/00000000-0000-7000-8000-000000000000/columns"), 404, "not_found");
	}

	@Test
	void aCancelledJobStopsItsRunningSampling() throws Exception {
		if (this.store != TestStore.EMBEDDED) {
			return; // the job's cancellation does not depend on the store; once is enough
		}
		String database = CatalogFixtures.postgres();
		String id = CatalogFixtures.registerPostgres(this.admin);
		try (Connection locker = DriverManager.getConnection(SourceDatabases.postgresUrl(database), TestStore.PG_USER,
				TestStore.PG_PASSWORD)) {
			locker.setAutoCommit(false);
			try (Statement statement = locker.createStatement()) {
				statement.execute("LOCK TABLE shop.customers IN ACCESS EXCLUSIVE MODE");
			}
			Api.Response started = this.admin.post("/api/v1/data-sources/" + id + "/classifications",
					Map.of("scope", Map.of("tables", List.of(Map.of("schema", "shop", "table", "customers")))));
			assertThat(started.status()).as(started.toString()).isEqualTo(202);
			String job = started.field("id");
			CatalogFixtures.awaitJob(this.admin, job, j -> j.get("status").asString().equals("running"), Duration.ofSeconds(30));
			Thread.sleep(500); // the sampling query now waits for the lock
			Api.Response cancel = this.admin.post("/api/v1/jobs/" + job + "/cancel", null);
			assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
			// ends long before the query timeout (120 s): the running query was cancelled
			JsonNode ended = CatalogFixtures.awaitJob(this.admin, job, j -> !j.get("status").asString().equals("running")
					&& !j.get("status").asString().equals("queued"), Duration.ofSeconds(30));
			assertThat(ended.get("status").asString()).isEqualTo("cancelled");
			locker.rollback();
		}
		assertThat(column(columns(this.admin, id, ""), "customers", "email").get("classification").isNull()).isTrue();
	}

	@Test
	void classificationRequestsAreChecked() {
		String id = CatalogFixtures.registerPostgres(this.admin);
		String path = "/api/v1/data-sources/" + id + "/classifications";
		assertProblem(this.admin.post(path, Map.of("sample_size", 5)), 400, "validation_failed");
		assertProblem(this.admin.post(path, Map.of("scope", Map.of("tables", List.of(Map.of("schema", "shop"))))), 400,
				"validation_failed");
		assertProblem(this.admin.post(path, Map.of("notify_url", "http://169.254.169.254/latest")), 400, "webhook_target_forbidden");
		assertProblem(this.admin.post("/api/v1/data-sources/00000000-0000-7000-8000-000000000000/classifications", Map.of()), 404,
				"not_found");
	}

	private String me() {
		JsonNode me = this.admin.get("/api/v1/me").json();
		return me.get("kind").asString() + ":" + me.get("principal_id").asString();
	}

	private static JsonNode assertType(List<JsonNode> all, String table, String name, String type, List<String> tags) {
		JsonNode column = column(all, table, name);
		JsonNode classification = column.get("classification");
		assertThat(classification.isNull()).as(table + "." + name + " classified").isFalse();
		if (type == null) {
			assertThat(classification.get("type").isNull()).as(table + "." + name + ": " + column).isTrue();
			assertThat(classification.get("confidence").asDouble()).isZero();
		}
		else {
			assertThat(classification.get("type").asString()).as(table + "." + name).isEqualTo(type);
		}
		assertThat(tagNames(column)).as(table + "." + name + " tags").containsExactlyElementsOf(tags);
		return column;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}
}
