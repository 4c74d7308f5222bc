package dev.coffer.audit;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.coffer.api.Times;
import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Destructive audit tests, on servers of their own: tampering, fail closed, retention. */
@ParameterizedClass
@EnumSource(TestStore.class)
class AuditTamperTest {

	private static final Map<TestStore, TestServer> SERVERS = new EnumMap<>(TestStore.class);

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	@BeforeEach
	void setUp() {
		this.server = SERVERS.computeIfAbsent(this.store, s -> TestServer.builder().store(s).start());
		this.admin = this.server.admin();
		for (int i = 0; i < 3; i++) {
			this.admin.post("/api/v1/service-accounts", Map.of("name", "tamper-" + UUID.randomUUID().toString().substring(0, 8)));
		}
		assertThat(verify().get("valid").asBoolean()).as("chain valid before the test").isTrue();
	}

	@AfterAll
	static void stop() {
		SERVERS.values().forEach(TestServer::close);
		SERVERS.clear();
	}

	@Test
	void verifyPointsAtTheEventEditedInTheDatabase() {
		long seq = this.server.jdbc().sql("SELECT min(seq) FROM audit_events WHERE action = 'principal.created'")
			.query(Long.class).single();
		String original = this.server.jdbc().sql("SELECT outcome FROM audit_events WHERE seq = :seq").param("seq", seq)
			.query(String.class).single();
		this.server.jdbc().sql("UPDATE audit_events SET outcome = 'failure' WHERE seq = :seq").param("seq", seq).update();
		try {
			JsonNode result = verify();
			assertThat(result.get("valid").asBoolean()).isFalse();
			assertThat(result.get("first_broken").get("seq").asLong()).isEqualTo(seq);
			assertThat(result.get("first_broken").get("reason").asString()).contains("altered");
		}
		finally {
			this.server.jdbc().sql("UPDATE audit_events SET outcome = :o WHERE seq = :seq").param("o", original)
				.param("seq", seq).update();
		}
		assertThat(verify().get("valid").asBoolean()).isTrue();
	}

	@Test
	void verifyFindsADeletedEventAndEventsCutFromTheEnd() {
		long last = this.server.jdbc().sql("SELECT max(seq) FROM audit_events").query(Long.class).single();
		long middle = last - 1;
		Map<String, Object> row = this.server.jdbc().sql("SELECT * FROM audit_events WHERE seq = :seq").param("seq", middle)
			.query().singleRow();
		this.server.jdbc().sql("DELETE FROM audit_events WHERE seq = :seq").param("seq", middle).update();
		JsonNode result = verify();
		assertThat(result.get("valid").asBoolean()).isFalse();
		assertThat(result.get("first_broken").get("seq").asLong()).isEqualTo(middle);
		assertThat(result.get("first_broken").get("reason").asString()).contains("missing");
		// put it back as it was
		this.server.jdbc().sql("INSERT INTO audit_events (" + String.join(", ", row.keySet()) + ") VALUES ("
				+ String.join(", ", row.keySet().stream().map(k -> ":" + k).toList()) + ")").params(row).update();
		assertThat(verify().get("valid").asBoolean()).isTrue();

		long end = this.server.jdbc().sql("SELECT max(seq) FROM audit_events").query(Long.class).single();
		Map<String, Object> head = this.server.jdbc().sql("SELECT last_seq, last_hash, head_mac FROM audit_chain").query().singleRow();
		Map<String, Object> lastRow = this.server.jdbc().sql("SELECT * FROM audit_events WHERE seq = :seq").param("seq", end)
			.query().singleRow();
		this.server.jdbc().sql("DELETE FROM audit_events WHERE seq = :seq").param("seq", end).update();
		JsonNode cut = verify();
		assertThat(cut.get("valid").asBoolean()).isFalse();
		assertThat(cut.get("first_broken").get("reason").asString()).contains("removed");
		// verify itself appended an event after the cut: remove it, restore the cut one and the head as they were
		this.server.jdbc().sql("DELETE FROM audit_events WHERE seq > :seq").param("seq", end).update();
		this.server.jdbc().sql("UPDATE audit_chain SET last_seq = :seq, last_hash = :hash, head_mac = :mac")
			.param("seq", head.get("last_seq")).param("hash", head.get("last_hash")).param("mac", head.get("head_mac")).update();
		this.server.jdbc().sql("INSERT INTO audit_events (" + String.join(", ", lastRow.keySet()) + ") VALUES ("
				+ String.join(", ", lastRow.keySet().stream().map(k -> ":" + k).toList()) + ")").params(lastRow).update();
	}

	@Test
	void cuttingTheEndAndMovingTheHeadIsCaughtByTheSealOrByAnExternalCheckpoint() {
		Map<String, Object> older = this.server.jdbc().sql("SELECT last_seq, last_hash, head_mac FROM audit_chain").query().singleRow();
		long olderSeq = ((Number) older.get("last_seq")).longValue();
		this.admin.post("/api/v1/service-accounts", Map.of("name", "later-" + UUID.randomUUID().toString().substring(0, 8)));
		Map<String, Object> newer = this.server.jdbc().sql("SELECT last_seq, last_hash FROM audit_chain").query().singleRow();
		long newerSeq = ((Number) newer.get("last_seq")).longValue();
		String newerHash = (String) newer.get("last_hash");
		java.util.List<Map<String, Object>> removed = this.server.jdbc().sql("SELECT * FROM audit_events WHERE seq > :seq ORDER BY seq")
			.param("seq", olderSeq).query().listOfRows();
		Map<String, Object> current = this.server.jdbc().sql("SELECT last_seq, last_hash, head_mac FROM audit_chain").query().singleRow();
		try {
			// an attacker cuts the newest events and points the head at the last kept one: no valid seal
			this.server.jdbc().sql("DELETE FROM audit_events WHERE seq > :seq").param("seq", olderSeq).update();
			this.server.jdbc().sql("UPDATE audit_chain SET last_seq = :seq, last_hash = :hash")
				.param("seq", olderSeq).param("hash", older.get("last_hash")).update();
			AuditVerifier.Result forged = verifyWithoutRecording(null, null);
			assertThat(forged.valid()).isFalse();
			assertThat(forged.firstBroken().reason()).contains("head");
			// with an old sealed head (a rollback of the whole store) the chain is consistent, but an
			// auditor's newer checkpoint kept outside Coffer no longer matches
			this.server.jdbc().sql("UPDATE audit_chain SET head_mac = :mac").param("mac", older.get("head_mac")).update();
			assertThat(verifyWithoutRecording(null, null).valid()).isTrue();
			AuditVerifier.Result rolledBack = verifyWithoutRecording(newerSeq, newerHash);
			assertThat(rolledBack.valid()).isFalse();
			assertThat(rolledBack.firstBroken().reason()).contains("externally held checkpoint");
		}
		finally {
			this.server.jdbc().sql("DELETE FROM audit_events WHERE seq > :seq").param("seq", olderSeq).update();
			for (Map<String, Object> row : removed) {
				this.server.jdbc().sql("INSERT INTO audit_events (" + String.join(", ", row.keySet()) + ") VALUES ("
						+ String.join(", ", row.keySet().stream().map(k -> ":" + k).toList()) + ")").params(row).update();
			}
			this.server.jdbc().sql("UPDATE audit_chain SET last_seq = :seq, last_hash = :hash, head_mac = :mac")
				.param("seq", current.get("last_seq")).param("hash", current.get("last_hash")).param("mac", current.get("head_mac")).update();
		}
		assertThat(verifyWithoutRecording(newerSeq, newerHash).valid()).isTrue();
	}

	@Test
	void anEventInsertedIntoTheStoreOutsideCofferIsNeverChainedAndVerifyReportsIt() {
		// a forged unchained event: the provisional negative seq and empty links of a pending event, a made-up MAC
		this.server.jdbc().sql("""
				INSERT INTO audit_events (seq, id, occurred_at, actor_kind, action, outcome, prev_hash, hash)
				VALUES (-999999999, 'forged-event', :now, 'system', 'principal.created', 'success', '', :hash)""")
			.param("now", Times.now()).param("hash", "f".repeat(64)).update();
		try {
			this.admin.post("/api/v1/service-accounts", Map.of("name", "after-forgery-" + UUID.randomUUID().toString().substring(0, 8)));
			assertThat(this.server.jdbc().sql("SELECT seq FROM audit_events WHERE id = 'forged-event'").query(Long.class)
				.single()).as("left unchained").isEqualTo(-999999999L);
			JsonNode result = verify();
			assertThat(result.get("valid").asBoolean()).isFalse();
			assertThat(result.get("first_broken").get("event_id").asString()).isEqualTo("forged-event");
			assertThat(result.get("first_broken").get("reason").asString()).contains("waiting to be chained");
		}
		finally {
			this.server.jdbc().sql("DELETE FROM audit_events WHERE id = 'forged-event'").update();
		}
		assertThat(verify().get("valid").asBoolean()).isTrue();
	}

	@Test
	void verifyWhileEventsAreAppendedReportsNoFalseBreak() throws Exception {
		java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
		java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
		try {
			for (int w = 0; w < 4; w++) {
				writers.submit(() -> {
					while (!stop.get()) {
						this.admin.post("/api/v1/service-accounts", Map.of("name", "busy-" + UUID.randomUUID().toString().substring(0, 12)));
					}
				});
			}
			for (int i = 0; i < 15; i++) {
				JsonNode result = verify();
				assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
			}
		}
		finally {
			stop.set(true);
			writers.shutdown();
			writers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	@Test
	void sensitiveActionsAreRefusedWhenTheAuditLogCannotBeWritten() {
		String name = "unaudited-" + UUID.randomUUID().toString().substring(0, 8);
		this.server.jdbc().sql("ALTER TABLE audit_events RENAME TO audit_events_away").update();
		try {
			assertProblem(this.admin.post("/api/v1/service-accounts", Map.of("name", name)), 503, "audit_unavailable");
			assertThat(this.server.jdbc().sql("SELECT count(*) FROM principals WHERE name = :n").param("n", name)
				.query(Long.class).single()).as("nothing changed").isZero();
			// non-sensitive actions are refused too by default, and proceed when fail-open is set
			assertProblem(this.admin.post("/api/v1/audit/hash", Map.of("value", "x")), 503, "audit_unavailable");
			this.server.jdbc().sql("INSERT INTO settings (name, setting_value, updated_at) VALUES ('audit.fail_open', 'true', :now)")
				.param("now", Times.now()).update();
			this.server.bean(dev.coffer.settings.Settings.class).all();
			pollUntilFailOpen();
			assertThat(this.admin.post("/api/v1/audit/hash", Map.of("value", "x")).status()).isEqualTo(200);
			assertProblem(this.admin.post("/api/v1/service-accounts", Map.of("name", name)), 503, "audit_unavailable");
		}
		finally {
			this.server.jdbc().sql("ALTER TABLE audit_events_away RENAME TO audit_events").update();
			this.server.jdbc().sql("DELETE FROM settings WHERE name = 'audit.fail_open'").update();
		}
		assertThat(this.admin.post("/api/v1/service-accounts", Map.of("name", name)).status()).isEqualTo(201);
		assertThat(verify().get("valid").asBoolean()).isTrue();
	}

	@Test
	void retentionPurgeLeavesTheRestVerifiable() {
		AuditMaintenance maintenance = this.server.bean(AuditMaintenance.class);
		maintenance.checkpoint();
		long before = this.server.jdbc().sql("SELECT count(*) FROM audit_events").query(Long.class).single();
		int purged = maintenance.purgeBefore(Times.now(), "test");
		assertThat(purged).isEqualTo(before);
		assertThat(this.server.jdbc().sql("SELECT details FROM audit_events WHERE action = 'audit.purged'").query(String.class).list())
			.anySatisfy(details -> assertThat(details).contains("\"requested_by\":\"test\"").contains("\"deleted_events\":" + before));
		this.admin.post("/api/v1/service-accounts", Map.of("name", "after-purge-" + UUID.randomUUID().toString().substring(0, 8)));
		JsonNode result = verify();
		assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
		assertThat(result.get("first_seq").asLong()).isGreaterThan(1);
		// the anchor is sealed: moving it is detected
		this.server.jdbc().sql("UPDATE audit_chain SET anchor_seq = anchor_seq - 1").update();
		assertThat(verify().get("valid").asBoolean()).isFalse();
		this.server.jdbc().sql("UPDATE audit_chain SET anchor_seq = anchor_seq + 1").update();
		assertThat(verify().get("valid").asBoolean()).isTrue();
	}

	@Test
	void purgeJobStartedThroughTheApiKeepsTheChainVerifiable() throws InterruptedException {
		Api.Response started = this.admin.post("/api/v1/audit/purge", Map.of("older_than_days", 0));
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.header("Location")).isEqualTo("/api/v1/jobs/" + started.field("id"));
		JsonNode job = null;
		for (int i = 0; i < 200; i++) {
			job = this.admin.get(started.header("Location")).json();
			if (job.get("status").asString().equals("succeeded") || job.get("status").asString().equals("failed")) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		assertThat(job.get("result").get("purged_events").asLong()).isPositive();
		// the request and the purge itself are kept, naming who asked
		java.util.List<String> kept = this.server.jdbc().sql("SELECT action FROM audit_events ORDER BY seq").query(String.class).list();
		assertThat(kept).contains("job.submitted", "audit.purged");
		assertThat(this.server.jdbc().sql("SELECT details FROM audit_events WHERE action = 'audit.purged' ORDER BY seq DESC")
			.query(String.class).list().get(0)).contains("service_account:");
		JsonNode result = verify();
		assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();

		String accountId = this.admin.post("/api/v1/service-accounts", Map.of("name", "auditor-" + UUID.randomUUID().toString().substring(0, 8))).field("id");
		Api.Response auditorKey = this.admin.post("/api/v1/api-keys", Map.of("principal_id", accountId, "roles", java.util.List.of("auditor")));
		Api auditor = this.server.anonymous().basic(auditorKey.field("key_name"), auditorKey.field("key_secret"));
		assertThat(auditor.get("/api/v1/audit/verify").status()).isEqualTo(200);
		assertProblem(auditor.post("/api/v1/audit/purge", Map.of("older_than_days", 0)), 403, "permission_denied");
	}

	private void pollUntilFailOpen() {
		for (int i = 0; i < 40; i++) {
			if (this.server.bean(dev.coffer.settings.Settings.class).getBoolean(dev.coffer.settings.SettingKey.AUDIT_FAIL_OPEN)) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new AssertionError("fail-open setting not seen");
	}

	/** Verifies through the bean: no audit.verified event is appended (the chain is being restored). */
	private AuditVerifier.Result verifyWithoutRecording(Long expectSeq, String expectHash) {
		return this.server.bean(AuditVerifier.class).verify(expectSeq, expectHash);
	}

	private JsonNode verify() {
		Api.Response response = this.admin.get("/api/v1/audit/verify");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}
}
