package dev.coffer.catalog;

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

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Tags, tag mappings and hand tagging through the API, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TagsApiTest {

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
	void builtInTagsExistAndCannotBeDeletedOrRestricted() {
		List<String> names = new ArrayList<>();
		this.admin.get("/api/v1/tags?limit=4").json().get("data").forEach(tag -> names.add(tag.get("name").asString()));
		assertThat(names).containsExactly("PII", "PCI", "PHI", "CREDENTIAL");
		assertThat(this.admin.get("/api/v1/tags/pii").json().get("built_in").asBoolean()).isTrue();
		assertProblem(this.admin.delete("/api/v1/tags/PII"), 409, "conflict");
		assertProblem(this.admin.patch("/api/v1/tags/PCI", Map.of("allowed_values", List.of("a"))), 400, "validation_failed");
		Api.Response described = this.admin.patch("/api/v1/tags/PHI", Map.of("description", "Health data (HIPAA)."));
		assertThat(described.field("description")).isEqualTo("Health data (HIPAA).");
	}

	@Test
	void customTagsWithAllowedValues() {
		String name = "sensitivity_" + System.nanoTime();
		Api.Response created = this.admin.post("/api/v1/tags", Map.of("name", name, "description", "How sensitive",
				"allowed_values", List.of("internal", "restricted", "internal")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/v1/tags/" + name);
		assertThat(created.json().get("allowed_values")).hasSize(2);
		assertProblem(this.admin.post("/api/v1/tags", Map.of("name", name.toUpperCase())), 409, "name_taken");
		assertProblem(this.admin.post("/api/v1/tags", Map.of("name", "1bad name")), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/tags", Map.of("name", "x" + System.nanoTime(), "allowed_values", List.of())), 400,
				"validation_failed");

		String id = CatalogFixtures.registerPostgres(this.admin);
		Api.Response column = this.admin.post("/api/v1/data-sources/" + id + "/columns",
				Map.of("schema", "shop", "table", "customers", "column", "email"));
		assertThat(column.status()).as(column.toString()).isEqualTo(201);
		assertThat(column.json().get("classification").isNull()).isTrue();
		Api.Response again = this.admin.post("/api/v1/data-sources/" + id + "/columns",
				Map.of("schema", "shop", "table", "customers", "column", "email"));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.field("id")).isEqualTo(column.field("id"));
		assertProblem(this.admin.post("/api/v1/data-sources/" + id + "/columns", Map.of("schema", "shop", "table", "customers",
				"column", "nope")), 404, "not_found");
		String path = "/api/v1/data-sources/" + id + "/columns/" + column.field("id") + "/tags/" + name;

		assertProblem(this.admin.put(path, Map.of()), 400, "validation_failed");
		assertProblem(this.admin.put(path, Map.of("value", "public")), 400, "validation_failed");
		Api.Response tagged = this.admin.put(path, Map.of("value", "restricted"));
		assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
		JsonNode tag = tagged.json().get("tags").get(0);
		assertThat(tag.get("value").asString()).isEqualTo("restricted");
		assertThat(tag.get("source").asString()).isEqualTo("manual");
		assertThat(this.admin.get("/api/v1/tags/" + name).json().get("column_count").asInt()).isEqualTo(1);
		assertThat(CatalogFixtures.columns(this.admin, id, "tag=" + name)).hasSize(1);

		assertProblem(this.admin.patch("/api/v1/tags/" + name, Map.of("allowed_values", List.of("internal"))), 409, "conflict");
		assertThat(this.admin.patch("/api/v1/tags/" + name, Map.of("allowed_values", List.of())).json().get("allowed_values").isNull())
			.isTrue();
		ColumnTags lookup = this.server.bean(ColumnTags.class);
		assertThat(lookup.tagsOf(id, "shop", "customers", "email"))
			.containsExactly(new ColumnTags.ColumnTag(name, "restricted", "manual"));
		assertThat(lookup.tagsOfTable(id, "shop", "customers")).containsOnlyKeys("email");
		assertThat(lookup.tagsOf(id, "shop", "customers", "phone")).isEmpty();

		assertThat(this.admin.delete("/api/v1/tags/" + name).status()).isEqualTo(204);
		assertThat(lookup.tagsOf(id, "shop", "customers", "email")).isEmpty();
		assertProblem(this.admin.get("/api/v1/tags/" + name), 404, "not_found");
		String audit = this.admin.get("/api/v1/audit/events?limit=1000").body();
		assertThat(audit).contains("tag.created").contains("tag.deleted").contains("column_tag.assigned");
	}

	@Test
	void mappingsAreSeededFromTheDetectedTypesAndEditable() {
		Api.Response email = this.admin.get("/api/v1/tag-mappings?detected_type=email");
		assertThat(email.json().get("data")).hasSize(1);
		assertThat(email.json().get("data").get(0).get("tag").asString()).isEqualTo("PII");
		assertThat(email.json().get("data").get(0).get("priority").asInt()).isEqualTo(100);
		List<String> birth = new ArrayList<>();
		this.admin.get("/api/v1/tag-mappings?detected_type=date_of_birth").json().get("data")
			.forEach(m -> birth.add(m.get("tag").asString()));
		assertThat(birth).containsExactlyInAnyOrder("PII", "PHI");
		assertThat(this.admin.get("/api/v1/tag-mappings?tag=CREDENTIAL&page=1&per_page=100").json().get("total").asInt()).isEqualTo(4);

		String name = "tier_" + System.nanoTime();
		this.admin.post("/api/v1/tags", Map.of("name", name, "allowed_values", List.of("low", "high")));
		Api.Response low = this.admin.post("/api/v1/tag-mappings", Map.of("detected_type", "phone", "tag", name, "value", "low"));
		assertThat(low.status()).as(low.toString()).isEqualTo(201);
		Api.Response high = this.admin.post("/api/v1/tag-mappings",
				Map.of("detected_type", "phone", "tag", name, "value", "high", "priority", 200));
		assertThat(high.status()).as(high.toString()).isEqualTo(201);
		assertProblem(this.admin.post("/api/v1/tag-mappings", Map.of("detected_type", "phone", "tag", name, "value", "low")), 409, "conflict");
		assertProblem(this.admin.post("/api/v1/tag-mappings", Map.of("detected_type", "phone", "tag", name, "value", "medium")), 400,
				"validation_failed");
		assertProblem(this.admin.post("/api/v1/tag-mappings", Map.of("detected_type", "horoscope", "tag", "PII")), 400, "validation_failed");
		assertProblem(this.admin.post("/api/v1/tag-mappings", Map.of("detected_type", "email", "tag", "NOPE")), 400, "validation_failed");
		assertProblem(this.admin.get("/api/v1/tag-mappings?detected_type=horoscope"), 400, "validation_failed");

		// the highest priority wins: a classification tags phone columns tier=high
		String id = CatalogFixtures.registerPostgres(this.admin);
		CatalogFixtures.classify(this.admin, id, Map.of("scope", Map.of("tables", List.of(Map.of("schema", "shop", "table", "customers")))));
		JsonNode phone = CatalogFixtures.column(CatalogFixtures.columns(this.admin, id, ""), "customers", "phone");
		assertThat(CatalogFixtures.tagNames(phone)).containsExactlyInAnyOrder("PII", name);
		phone.get("tags").forEach(tag -> {
			if (tag.get("name").asString().equals(name)) {
				assertThat(tag.get("value").asString()).isEqualTo("high");
			}
		});

		Api.Response lowered = this.admin.patch("/api/v1/tag-mappings/" + high.field("id"), Map.of("priority", 10));
		assertThat(lowered.json().get("priority").asInt()).isEqualTo(10);
		assertThat(this.admin.delete("/api/v1/tag-mappings/" + low.field("id")).status()).isEqualTo(204);
		assertProblem(this.admin.get("/api/v1/tag-mappings/" + low.field("id")), 404, "not_found");
		this.admin.delete("/api/v1/tags/" + name);
		assertProblem(this.admin.get("/api/v1/tag-mappings/" + high.field("id")), 404, "not_found");
	}

	@Test
	void stewardsTagAndAuditorsOnlyRead() {
		Api steward = CatalogFixtures.withRole(this.admin, "steward");
		Api auditor = CatalogFixtures.withRole(this.admin, "auditor");
		Api.Response created = steward.post("/api/v1/tags", Map.of("name", "steward_" + System.nanoTime()));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(auditor.get("/api/v1/tags/" + created.field("name")).status()).isEqualTo(200);
		assertThat(auditor.get("/api/v1/tag-proposals").status()).isEqualTo(200);
		assertProblem(auditor.post("/api/v1/tags", Map.of("name", "a" + System.nanoTime())), 403, "permission_denied");
		assertProblem(auditor.delete("/api/v1/tags/" + created.field("name")), 403, "permission_denied");
		assertThat(steward.delete("/api/v1/tags/" + created.field("name")).status()).isEqualTo(204);
	}
}
