package dev.coffer.policy.alerts;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.policy.alerts.AlertServers.Principal;
import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Alert rules, their alerts, and the blocks they impose, through the API on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class AlertsApiTest {

	private static final List<String> ALL_DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	HookReceiver receiver;

	@BeforeEach
	void setUp() {
		this.server = AlertServers.of(this.store);
		this.admin = this.server.admin();
		this.receiver = HookReceiver.start();
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	@AfterAll
	static void stopServers() {
		AlertServers.closeAll();
	}

	@Test
	void rateRuleWithNotifyOpensOneAlertAfterOneValueTooManyAndSendsAlertFiredOnce() {
		Api.Response subscribed = this.admin.post("/api/v1/webhooks",
				Map.of("url", this.receiver.url(), "event_types", List.of("alert.fired")));
		assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
		Principal reader = AlertServers.principal(this.server, "detokenizer");
		List<String> values = values("notify", 6);
		List<String> tokens = tokenize(values);
		String ruleId = createRule(rate("reveal rate " + System.nanoTime(), 3, 3600, reader.id(), "notify"));

		assertThat(detokenize(reader, tokens.subList(0, 3)).status()).isEqualTo(200);
		assertThat(alerts(ruleId)).as("three values are within the limit").isEmpty();

		Api.Response fourth = detokenize(reader, tokens.subList(3, 4));
		assertThat(fourth.status()).as("notify does not block").isEqualTo(200);
		assertThat(fourth.json().get("values").get(0).asString()).isEqualTo(values.get(3));
		List<JsonNode> opened = alerts(ruleId);
		assertThat(opened).hasSize(1);
		JsonNode alert = opened.get(0);
		assertThat(alert.get("status").asString()).isEqualTo("open");
		assertThat(alert.get("principal").asString()).isEqualTo(reader.reference());
		assertThat(alert.get("principal_id").asString()).isEqualTo(reader.id());
		assertThat(alert.get("blocking").asBoolean()).isFalse();
		assertThat(alert.get("hits").asLong()).isEqualTo(1);
		assertThat(alert.get("observed_values").asLong()).isEqualTo(4);
		assertThat(alert.get("reason").asString()).isEqualTo("4 protected values within 3600 s (the rule allows 3)");

		// further hits count on the same alert: no alert storm
		assertThat(detokenize(reader, tokens.subList(4, 6)).status()).isEqualTo(200);
		List<JsonNode> after = alerts(ruleId);
		assertThat(after).hasSize(1);
		assertThat(after.get(0).get("hits").asLong()).isEqualTo(2);
		assertThat(after.get(0).get("observed_values").asLong()).isEqualTo(6);

		JsonNode fired = Api.JSON.readTree(this.receiver.next());
		assertThat(fired.get("type").asString()).isEqualTo("alert.fired");
		assertThat(fired.get("data").get("alert_id").asString()).isEqualTo(alert.get("id").asString());
		assertThat(fired.get("data").get("rule_id").asString()).isEqualTo(ruleId);
		assertThat(fired.get("data").get("principal").asString()).isEqualTo(reader.reference());
		assertThat(fired.get("data").get("observed_values").asLong()).isEqualTo(4);
		assertThat(fired.get("data").get("max_values").asLong()).isEqualTo(3);
		assertThat(fired.toString()).doesNotContain(values).doesNotContain(tokens);
		Api.Response deliveries = this.admin.get("/api/v1/webhooks/" + subscribed.json().get("subscription").get("id").asString() + "/deliveries");
		assertThat(deliveries.json().get("data")).as("one alert.fired for one alert: " + deliveries).hasSize(1);
		this.admin.delete("/api/v1/webhooks/" + subscribed.json().get("subscription").get("id").asString());
	}

	@Test
	void blockRuleRefusesThePrincipalsDetokenizeUntilResolvedAndLeavesOthersAlone() {
		Principal blocked = AlertServers.principal(this.server, "detokenizer");
		Principal other = AlertServers.principal(this.server, "detokenizer");
		List<String> values = values("block", 4);
		List<String> tokens = tokenize(values);
		String ruleId = createRule(rate("reveal block " + System.nanoTime(), 2, 3600, blocked.id(), "block"));

		assertThat(detokenize(blocked, tokens.subList(0, 2)).status()).isEqualTo(200);
		Api.Response tripping = detokenize(blocked, tokens.subList(2, 3));
		assertProblem(tripping, 403, "access_blocked");
		assertThat(tripping.body()).as("the request that trips the rule reveals nothing").doesNotContain(values.get(2));
		String alertId = tripping.field("alert_id");
		assertThat(alertId).isNotBlank();
		assertThat(tripping.field("message")).contains(alertId);

		Api.Response again = detokenize(blocked, tokens.subList(0, 1));
		assertProblem(again, 403, "access_blocked");
		assertThat(again.field("alert_id")).isEqualTo(alertId);
		Api.Response snowflake = blocked.api().post("/api/v1/integrations/snowflake/detokenize",
				Map.of("data", List.of(List.of(0, tokens.get(0)))));
		assertProblem(snowflake, 403, "access_blocked");
		Api.Response bigQuery = blocked.api().post("/api/v1/integrations/bigquery/detokenize",
				Map.of("calls", List.of(List.of(tokens.get(0)))));
		assertProblem(bigQuery, 403, "access_blocked");
		assertThat(bigQuery.field("errorMessage")).contains(alertId);
		assertThat(bigQuery.field("alert_id")).isEqualTo(alertId);
		Api.Response redshift = blocked.api().post("/api/v1/integrations/redshift/detokenize",
				Map.of("arguments", List.of(List.of(tokens.get(0)))));
		assertProblem(redshift, 403, "access_blocked");
		assertThat(redshift.json().get("success").asBoolean()).isFalse();
		assertThat(redshift.field("error_msg")).contains(alertId);

		Api.Response unaffected = detokenize(other, tokens);
		assertThat(unaffected.status()).as(unaffected.toString()).isEqualTo(200);
		assertThat(strings(unaffected.json().get("values"))).containsExactlyElementsOf(values);

		JsonNode alert = this.admin.get("/api/v1/alerts/" + alertId).json();
		assertThat(alert.get("blocking").asBoolean()).isTrue();
		assertThat(alert.get("action").asString()).isEqualTo("block");
		assertThat(alert.get("rule_id").asString()).isEqualTo(ruleId);

		Api.Response acknowledged = this.admin.post("/api/v1/alerts/" + alertId + "/acknowledge",
				Map.of("note", "looking into it"));
		assertThat(acknowledged.status()).as(acknowledged.toString()).isEqualTo(200);
		assertThat(acknowledged.field("status")).isEqualTo("acknowledged");
		JsonNode me = this.admin.get("/api/v1/me").json();
		String adminReference = me.get("kind").asString() + ":" + me.get("principal_id").asString();
		assertThat(acknowledged.json().get("acknowledged_by").asString()).isEqualTo(adminReference);
		assertProblem(detokenize(blocked, tokens.subList(0, 1)), 403, "access_blocked");
		assertProblem(this.admin.post("/api/v1/alerts/" + alertId + "/acknowledge", null), 409, "invalid_alert_transition");

		assertProblem(this.admin.post("/api/v1/alerts/" + alertId + "/resolve", Map.of()), 400, "validation_failed");
		Api.Response resolved = this.admin.post("/api/v1/alerts/" + alertId + "/resolve",
				Map.of("reason", "approved one-off export"));
		assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
		assertThat(resolved.field("status")).isEqualTo("resolved");
		assertThat(resolved.json().get("blocking").asBoolean()).isFalse();
		assertThat(resolved.field("resolution")).isEqualTo("approved one-off export");
		assertThat(resolved.field("resolved_by")).isEqualTo(adminReference);
		Api.Response lifted = detokenize(blocked, tokens.subList(0, 2));
		assertThat(lifted.status()).as("the count restarts on resolution: " + lifted).isEqualTo(200);
		assertThat(strings(lifted.json().get("values"))).containsExactlyElementsOf(values.subList(0, 2));
		assertProblem(this.admin.post("/api/v1/alerts/" + alertId + "/resolve", Map.of("reason", "twice")), 409,
				"invalid_alert_transition");
		assertProblem(this.admin.post("/api/v1/alerts/" + alertId + "/acknowledge", null), 409, "invalid_alert_transition");

		Api.Response notes = this.admin.get("/api/v1/alerts/" + alertId + "/notes");
		assertThat(notes.json().get("data")).hasSize(1);
		assertThat(notes.json().get("data").get(0).get("text").asString()).isEqualTo("looking into it");

		List<String> actions = this.server.jdbc()
			.sql("SELECT action FROM audit_events WHERE resource_id = :id ORDER BY seq")
			.param("id", alertId)
			.query(String.class)
			.list();
		assertThat(actions).containsSubsequence("alert.opened", "alert.access_blocked", "alert.acknowledged",
				"alert.resolved");
		List<String> details = this.server.jdbc()
			.sql("SELECT COALESCE(details, '') FROM audit_events WHERE action LIKE 'alert%'")
			.query(String.class)
			.list();
		assertThat(details).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(values).doesNotContain(tokens));
	}

	@Test
	void timeWindowRuleTripsForEachPrincipalOfItsRoleOnlyOutsideTheWindow() {
		Principal first = AlertServers.principal(this.server, "detokenizer");
		Principal second = AlertServers.principal(this.server, "detokenizer", "tokenizer");
		List<String> tokens = tokenize(values("window", 2));
		// a window two hours from now, in a zone 5:45 off UTC: now is outside it, whatever the time of day
		ZoneId zone = ZoneId.of("Asia/Kathmandu");
		ZonedDateTime local = ZonedDateTime.now(zone);
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("name", "office hours " + System.nanoTime());
		rule.put("kind", "time_window");
		rule.put("time_window", Map.of("days", ALL_DAYS, "start", hhmm(local.plusHours(2)), "end", hhmm(local.plusHours(3)),
				"time_zone", zone.getId()));
		rule.put("target", Map.of("role", "detokenizer"));
		rule.put("action", "notify");
		String ruleId = createRule(rule);
		try {
			assertThat(detokenize(first, tokens.subList(0, 1)).status()).isEqualTo(200);
			assertThat(detokenize(second, tokens.subList(1, 2)).status()).isEqualTo(200);
			List<JsonNode> opened = alerts(ruleId);
			assertThat(opened).extracting(alert -> alert.get("principal_id").asString())
				.containsExactlyInAnyOrder(first.id(), second.id());
			assertThat(opened.get(0).get("kind").asString()).isEqualTo("time_window");
			assertThat(opened.get(0).get("reason").asString()).contains("outside the allowed window").contains("Asia/Kathmandu");
			assertThat(opened.get(0).get("observed_values").isNull()).isTrue();

			// a window around now: access inside it trips nothing
			Api.Response moved = this.admin.patch("/api/v1/alert-rules/" + ruleId, Map.of("time_window",
					Map.of("days", ALL_DAYS, "start", hhmm(local.minusHours(1)), "end", hhmm(local.plusHours(1)),
							"time_zone", zone.getId())));
			assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
			assertThat(detokenize(first, tokens.subList(0, 1)).status()).isEqualTo(200);
			assertThat(alerts(ruleId)).allSatisfy(alert -> assertThat(alert.get("hits").asLong()).isEqualTo(1));
		}
		finally {
			this.admin.delete("/api/v1/alert-rules/" + ruleId);
		}
	}

	@Test
	void rulesAreValidatedFieldByFieldAndNamesAreUnique() {
		Map<String, Object> bad = new LinkedHashMap<>();
		bad.put("name", " ");
		bad.put("kind", "rate");
		bad.put("rate", Map.of("max_values", 0));
		bad.put("time_window", Map.of("days", List.of("MON")));
		bad.put("target", Map.of("role", "superuser"));
		bad.put("action", "shout");
		Api.Response refused = this.admin.post("/api/v1/alert-rules", bad);
		assertProblem(refused, 400, "validation_failed");
		Map<String, String> codes = new LinkedHashMap<>();
		refused.json().get("errors").forEach(error -> codes.put(error.get("field").asString(), error.get("code").asString()));
		assertThat(codes).containsEntry("name", "invalid")
			.containsEntry("time_window", "not_allowed")
			.containsEntry("rate.max_values", "out_of_range")
			.containsEntry("rate.window_seconds", "required")
			.containsEntry("target.role", "unknown_role")
			.containsEntry("action", "invalid_value");

		Api.Response windowless = this.admin.post("/api/v1/alert-rules", Map.of("name", "w " + System.nanoTime(),
				"kind", "time_window", "time_window", Map.of("days", List.of("XYZ"), "start", "25:00", "end", "08:00",
						"time_zone", "Nowhere/Land"), "target", Map.of("principal_id", "p", "role", "auditor"), "action", "block"));
		assertProblem(windowless, 400, "validation_failed");
		assertThat(windowless.body()).contains("time_window.days[0]", "time_window.start", "time_window.time_zone", "\"target\"");

		String name = "unique " + System.nanoTime();
		String id = createRule(rate(name, 10, 60, "someone", "notify"));
		assertProblem(this.admin.post("/api/v1/alert-rules", rate(name, 10, 60, "someone", "notify")), 409, "name_taken");
		Api.Response shown = this.admin.get("/api/v1/alert-rules/" + id);
		assertThat(shown.json().get("rate").get("max_values").asLong()).isEqualTo(10);
		assertThat(shown.json().get("target").get("principal_id").asString()).isEqualTo("someone");
		assertThat(shown.json().has("time_window")).isFalse();
		assertThat(shown.json().get("enabled").asBoolean()).isTrue();
		Api.Response disabled = this.admin.patch("/api/v1/alert-rules/" + id, Map.of("enabled", false));
		assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
		assertThat(disabled.json().get("rate").get("window_seconds").asLong()).as("untouched fields stay").isEqualTo(60);
		assertProblem(this.admin.patch("/api/v1/alert-rules/" + id, Map.of("kind", "time_window")), 400, "validation_failed");
		assertThat(this.admin.delete("/api/v1/alert-rules/" + id).status()).isEqualTo(204);
		assertProblem(this.admin.get("/api/v1/alert-rules/" + id), 404, "not_found");
	}

	@Test
	void stewardsWriteRulesAuditorsReadAlertsAndOnlyAdministratorsResolve() {
		Principal steward = AlertServers.principal(this.server, "steward");
		Principal auditor = AlertServers.principal(this.server, "auditor");
		Principal reader = AlertServers.principal(this.server, "detokenizer");
		Api.Response created = steward.api().post("/api/v1/alert-rules", rate("steward " + System.nanoTime(), 5, 60, "x", "notify"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).endsWith(created.field("id"));
		assertThat(auditor.api().get("/api/v1/alerts").status()).isEqualTo(200);
		assertThat(auditor.api().get("/api/v1/alert-rules").status()).isEqualTo(200);
		assertProblem(auditor.api().post("/api/v1/alert-rules", rate("a", 5, 60, "x", "notify")), 403, "permission_denied");
		assertProblem(reader.api().get("/api/v1/alerts"), 403, "permission_denied");
		assertProblem(steward.api().post("/api/v1/alerts/" + created.field("id") + "/resolve", Map.of("reason", "r")), 403,
				"permission_denied");
		assertProblem(this.admin.get("/api/v1/alerts?status=closed"), 400, "invalid_parameter");
		assertProblem(this.admin.get("/api/v1/alerts/" + created.field("id")), 404, "not_found");
		this.admin.delete("/api/v1/alert-rules/" + created.field("id"));
	}

	@Test
	void alertListsFilterAndPageInBothStyles() {
		Principal reader = AlertServers.principal(this.server, "detokenizer");
		List<String> tokens = tokenize(values("page", 1));
		List<String> ruleIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ruleIds.add(createRule(rate("paging " + i + " " + System.nanoTime(), 1, 60, reader.id(), "notify")));
		}
		// two values against three rules allowing one each: three alerts in one request
		List<String> twice = List.of(tokens.get(0), tokens.get(0));
		assertThat(detokenize(reader, twice).status()).isEqualTo(200);
		String base = "/api/v1/alerts?principal_id=" + reader.id();
		Api.Response first = this.admin.get(base + "&limit=2");
		assertThat(first.json().get("data")).hasSize(2);
		assertThat(first.json().get("has_more").asBoolean()).isTrue();
		Api.Response second = this.admin.get(base + "&limit=2&cursor=" + first.field("next_cursor"));
		assertThat(second.json().get("data")).hasSize(1);
		Api.Response paged = this.admin.get(base + "&page=2&per_page=2&status=open");
		assertThat(paged.json().get("total").asLong()).isEqualTo(3);
		assertThat(paged.json().get("data")).hasSize(1);
		assertThat(paged.header("Link")).contains("rel=\"first\"");
		assertThat(this.admin.get(base + "&status=resolved").json().get("data")).isEmpty();
		assertThat(this.admin.get("/api/v1/alerts?rule_id=" + ruleIds.get(1)).json().get("data")).hasSize(1);
		ruleIds.forEach(id -> this.admin.delete("/api/v1/alert-rules/" + id));
	}

	private Map<String, Object> rate(String name, long max, long window, String principalId, String action) {
		return Map.of("name", name, "kind", "rate", "rate", Map.of("max_values", max, "window_seconds", window), "target",
				Map.of("principal_id", principalId), "action", action);
	}

	private String createRule(Map<String, Object> rule) {
		Api.Response created = this.admin.post("/api/v1/alert-rules", rule);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.field("id");
	}

	private List<JsonNode> alerts(String ruleId) {
		Api.Response response = this.admin.get("/api/v1/alerts?rule_id=" + ruleId);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<JsonNode> alerts = new ArrayList<>();
		response.json().get("data").forEach(alerts::add);
		return alerts;
	}

	private List<String> tokenize(List<String> values) {
		Api.Response response = this.admin.post("/api/v1/tokenize", Map.of("format", "email", "values", values));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return strings(response.json().get("tokens"));
	}

	private static Api.Response detokenize(Principal principal, List<String> tokens) {
		return principal.api().post("/api/v1/detokenize", Map.of("tokens", tokens));
	}

	private static List<String> values(String prefix, int count) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			values.add(prefix + i + "." + System.nanoTime() + "@example.com");
		}
		return values;
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach(node -> strings.add(node.isNull() ? null : node.asString()));
		return strings;
	}

	private static String hhmm(ZonedDateTime time) {
		return time.format(DateTimeFormatter.ofPattern("HH:mm"));
	}
}
