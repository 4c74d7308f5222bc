package dev.coffer.query;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;

import static dev.coffer.query.GovernedQueryTest.ok;
import static dev.coffer.query.GovernedQueryTest.query;
import static dev.coffer.query.GovernedQueryTest.rows;
import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thresholds on the governed query: a query that reads more protected values than a {@code block}
 * rule allows gets them as NULL (from the batch that tripped it), later queries get every protected
 * column as NULL, and masked values come back once an administrator resolves the alert.
 */
class GovernedQueryBlockTest {

	@Test
	void aBlockedPrincipalGetsProtectedColumnsAsNullUntilTheAlertIsResolved() throws InterruptedException {
		TestServer server = QuerySources.server();
		Api admin = server.admin();
		String source = QuerySources.register(admin, "postgresql", QuerySources.postgres(), "postgres");
		GovernedQueryTest.policies(admin, source, "shop");
		QuerySources.Issued analyst = QuerySources.key(server, List.of("querier"), List.of("analyst"));
		Api.Response rule = admin.post("/api/v1/alert-rules", Map.of("name", "q-bulk-" + System.nanoTime(), "kind", "rate",
				"rate", Map.of("max_values", 30, "window_seconds", 3600), "target", Map.of("principal_id", analyst.principalId()),
				"action", "block"));
		assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
		Thread.sleep(300); // the rules cache of this server lives 100 ms

		// 20 EU rows with two protected columns: 40 protected values, more than the 30 allowed
		JsonNode tripping = ok(query(analyst.api(), source, GovernedQueryTest.JOINED));
		String alertId = tripping.get("blocked_by_alert").asString();
		assertThat(alertId).isNotBlank();
		assertThat(rows(tripping)).hasSize(20).allSatisfy(row -> {
			assertThat(row.get(0).isNumber()).isTrue();
			assertThat(row.get(1).isNull()).as("email of the tripping batch").isTrue();
			assertThat(row.get(2).isNull()).as("card of the tripping batch").isTrue();
			assertThat(row.get(3).asString()).isEqualTo("EU");
		});

		JsonNode blocked = ok(query(analyst.api(), source, "SELECT id, email FROM shop.customers WHERE id <= 30 ORDER BY id"));
		assertThat(blocked.get("blocked_by_alert").asString()).isEqualTo(alertId);
		JsonNode email = blocked.get("columns").get(1);
		assertThat(email.get("disposition").asString()).isEqualTo("null");
		assertThat(email.get("reason").asString()).isEqualTo("access_blocked");
		assertThat(rows(blocked)).hasSize(10).allSatisfy(row -> assertThat(row.get(1).isNull()).isTrue());
		assertProblem(query(analyst.api(), source, "SELECT id FROM shop.customers WHERE email LIKE 'user3%'"), 403,
				"masked_column_in_filter");
		// an administrator's no_mask rule does not lift someone else's block; its own values stay clear
		assertThat(rows(ok(query(admin, source, "SELECT email FROM shop.customers WHERE id = 3"))).get(0).get(0).asString())
			.isEqualTo("user3@example.com");

		Api.Response resolved = admin.post("/api/v1/alerts/" + alertId + "/resolve", Map.of("reason", "reviewed the export"));
		assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
		JsonNode back = ok(query(analyst.api(), source, "SELECT id, email FROM shop.customers WHERE id <= 30 ORDER BY id"));
		assertThat(back.has("blocked_by_alert")).isFalse();
		assertThat(back.get("columns").get(1).get("disposition").asString()).isEqualTo("masked");
		assertThat(rows(back).get(0).get(1).asString()).isEqualTo("*****@example.com");
	}
}
