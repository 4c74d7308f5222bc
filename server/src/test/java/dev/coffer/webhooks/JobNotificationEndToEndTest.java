package dev.coffer.webhooks;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
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

/**
 * A real job started through the API ends, and its {@code notify_url} and a {@code job.succeeded}
 * subscription both receive it, signed, verified by the Standard Webhooks reference library.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class JobNotificationEndToEndTest {

	@Parameter
	TestStore store;

	Receiver receiver;

	@BeforeEach
	void startReceiver() {
		this.receiver = Receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void finishedJobIsPostedSignedToItsNotifyUrlAndToSubscribers() {
		TestServer server = WebhookServers.of(this.store);
		Api admin = server.admin();
		String notificationSecret = admin.get("/api/v1/webhooks/notification-secret").field("secret");
		Api.Response subscribed = admin.post("/api/v1/webhooks",
				Map.of("url", this.receiver.url("/subscriber"), "event_types", List.of("job.succeeded")));
		assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
		String subscriptionSecret = subscribed.field("secret");

		Api.Response started = admin.post("/api/v1/jobs/purge",
				Map.of("older_than_days", 30, "notify_url", this.receiver.url("/job-done")));
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		String jobId = started.field("id");
		assertThat(started.header("Location")).isEqualTo("/api/v1/jobs/" + jobId);

		Receiver.Request first = this.receiver.next();
		Receiver.Request second = this.receiver.next();
		Receiver.Request notify = first.path().equals("/job-done") ? first : second;
		Receiver.Request subscriber = first.path().equals("/job-done") ? second : first;
		assertThat(notify.path()).isEqualTo("/job-done");
		assertThat(subscriber.path()).isEqualTo("/subscriber");
		assertThat(notify.verifiesWith(notificationSecret)).isTrue();
		assertThat(subscriber.verifiesWith(subscriptionSecret)).isTrue();
		assertThat(notify.verifiesWith(subscriptionSecret)).isFalse();
		// the secret is the starting principal's own: the server's (or anyone else's) does not verify it
		assertThat(notify.verifiesWith(admin.get("/api/v1/webhooks/notification-secret?principal=system").field("secret")))
			.isFalse();
		JsonNode payload = Api.JSON.readTree(notify.body());
		assertThat(payload.get("type").asString()).isEqualTo("job.succeeded");
		assertThat(payload.get("data").get("id").asString()).isEqualTo(jobId);
		assertThat(payload.get("data").get("status").asString()).isEqualTo("succeeded");

		List<String> audited = server.jdbc()
			.sql("SELECT action FROM audit_events WHERE resource_id = :id ORDER BY seq")
			.param("id", jobId)
			.query(String.class)
			.list();
		assertThat(audited).contains("job.submitted", "job.succeeded");
	}

	@Test
	void notifyUrlToAnInternalAddressIsRefusedWhenNotAllowed() {
		TestServer server = TestServer.shared(this.store);
		assertProblem(server.admin().post("/api/v1/jobs/purge",
				Map.of("older_than_days", 30, "notify_url", "http://127.0.0.1:9/hook")), 400, "webhook_target_forbidden");
		assertProblem(server.admin().post("/api/v1/webhooks",
				Map.of("url", "http://169.254.169.254/latest", "event_types", List.of("job.failed"))), 400,
				"webhook_target_forbidden");
	}
}
