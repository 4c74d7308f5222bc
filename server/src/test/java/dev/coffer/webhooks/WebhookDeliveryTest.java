package dev.coffer.webhooks;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.jobs.JobFinished;
import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Webhooks end to end on both stores, against a real receiver on 127.0.0.1: Standard Webhooks
 * signatures checked by the reference library, events after commit, notify_url, retries with
 * every attempt visible, redelivery, secret rotation, and a dead receiver that slows nothing.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class WebhookDeliveryTest {

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	Receiver receiver;

	@BeforeEach
	void setUp() {
		this.server = WebhookServers.of(this.store);
		this.admin = this.server.admin();
		this.receiver = Receiver.start();
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	@Test
	void testEventArrivesSignedPerStandardWebhooksAndTamperedBodyFailsVerification() {
		JsonNode created = subscribe(this.receiver.url("/hook"), "job.succeeded");
		String secret = created.get("secret").asString();
		String subscriptionId = created.get("subscription").get("id").asString();

		Api.Response test = this.admin.post("/api/v1/webhooks/" + subscriptionId + "/test", null);
		assertThat(test.status()).as(test.toString()).isEqualTo(202);
		String deliveryId = test.field("id");

		Receiver.Request request = this.receiver.next();
		assertThat(request.path()).isEqualTo("/hook");
		assertThat(request.header("webhook-id")).isEqualTo(deliveryId);
		assertThat(request.header("webhook-timestamp")).matches("\\d{10}");
		assertThat(request.header("webhook-signature")).startsWith("v1,");
		assertThat(request.header("Content-Type")).isEqualTo("application/json");
		assertThat(request.verifiesWith(secret)).as("verifies with the subscription secret").isTrue();
		assertThat(request.verifies(secret, request.body().replace("webhook.test", "webhook.tesT"))).isFalse();
		assertThat(request.verifiesWith(WebhookSecret.generate().encoded())).isFalse();

		JsonNode body = Api.JSON.readTree(request.body());
		assertThat(body.get("type").asString()).isEqualTo("webhook.test");
		assertThat(OffsetDateTime.parse(body.get("timestamp").asString())).isNotNull();
		assertThat(body.get("data").get("subscription_id").asString()).isEqualTo(subscriptionId);

		JsonNode delivery = awaitDelivery(deliveryId, d -> d.get("status").asString().equals("delivered"));
		assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
		assertThat(delivery.get("payload").asString()).isEqualTo(request.body());
		assertThat(delivery.get("attempt_history").get(0).get("http_status").asInt()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/webhooks/" + subscriptionId + "/deliveries").json().get("data").get(0)
			.get("id").asString()).isEqualTo(deliveryId);
	}

	@Test
	void eventPublishedInTransactionIsDeliveredAfterCommitOnlyToSubscribersOfItsType() {
		JsonNode subscribed = subscribe(this.receiver.url("/jobs"), "job.succeeded", "job.failed");
		JsonNode other = subscribe(this.receiver.url("/other"), "job.cancelled");
		String jobId = UUID.randomUUID().toString();

		this.server.bean(TransactionTemplate.class).executeWithoutResult(status -> publish(
				new JobFinished("succeeded", Map.of("id", jobId, "status", "succeeded"), null)));

		Receiver.Request request = this.receiver.next();
		assertThat(request.path()).isEqualTo("/jobs");
		assertThat(request.verifiesWith(subscribed.get("secret").asString())).isTrue();
		JsonNode body = Api.JSON.readTree(request.body());
		assertThat(body.get("type").asString()).isEqualTo("job.succeeded");
		assertThat(body.get("data").get("id").asString()).isEqualTo(jobId);
		assertThat(this.admin.get("/api/v1/webhooks/" + other.get("subscription").get("id").asString() + "/deliveries")
			.json().get("data")).isEmpty();
	}

	@Test
	void eventRolledBackIsNeverDelivered() {
		JsonNode subscribed = subscribe(this.receiver.url("/jobs"), "job.failed");
		try {
			this.server.bean(TransactionTemplate.class).executeWithoutResult(status -> {
				publish(new JobFinished("failed", Map.of("id", "rolled-back"), null));
				status.setRollbackOnly();
			});
		}
		catch (RuntimeException ignored) {
			// rollback
		}
		assertThat(this.admin.get("/api/v1/webhooks/" + subscribed.get("subscription").get("id").asString() + "/deliveries")
			.json().get("data")).isEmpty();
	}

	@Test
	void notifyUrlDeliveryVerifiesWithTheNotificationSecretFromTheApi() {
		// the event names no principal: the server's own ("system") notification secret signs it
		Api.Response secretResponse = this.admin.get("/api/v1/webhooks/notification-secret?principal=system");
		assertThat(secretResponse.status()).as(secretResponse.toString()).isEqualTo(200);
		String notificationSecret = secretResponse.field("secret");
		assertThat(notificationSecret).startsWith("whsec_");

		publish(new JobFinished("failed", Map.of("id", "job-notify", "status", "failed"), this.receiver.url("/notify")));

		Receiver.Request request = this.receiver.next();
		assertThat(request.path()).isEqualTo("/notify");
		assertThat(request.verifiesWith(notificationSecret)).isTrue();
		assertThat(Api.JSON.readTree(request.body()).get("type").asString()).isEqualTo("job.failed");
		JsonNode delivery = awaitDelivery(request.header("webhook-id"), d -> d.get("status").asString().equals("delivered"));
		assertThat(delivery.has("subscription_id") && !delivery.get("subscription_id").isNull()).isFalse();
	}

	@Test
	void failingReceiverIsRetriedUntilItRecoversAndRedeliveryMakesANewAttempt() {
		this.receiver.answer(500, 500, 503);
		JsonNode created = subscribe(this.receiver.url("/flaky"), "webhook.test");
		String deliveryId = this.admin.post("/api/v1/webhooks/" + created.get("subscription").get("id").asString() + "/test", null)
			.field("id");

		List<Integer> answered = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Receiver.Request request = this.receiver.next();
			assertThat(request.header("webhook-id")).isEqualTo(deliveryId);
			assertThat(request.verifiesWith(created.get("secret").asString())).isTrue();
			answered.add(request.answeredStatus());
		}
		assertThat(answered).containsExactly(500, 500, 503, 200);

		JsonNode delivery = awaitDelivery(deliveryId, d -> d.get("status").asString().equals("delivered"));
		assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
		JsonNode history = delivery.get("attempt_history");
		assertThat(history).hasSize(4);
		for (int i = 0; i < 4; i++) {
			assertThat(history.get(i).get("number").asInt()).isEqualTo(i + 1);
			assertThat(history.get(i).get("http_status").asInt()).isEqualTo(answered.get(i));
		}
		assertThat(history.get(0).get("error_code").asString()).isEqualTo("http_status");
		assertThat(delivery.get("delivered_at").isNull()).isFalse();

		Api.Response redeliver = this.admin.post("/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null);
		assertThat(redeliver.status()).as(redeliver.toString()).isEqualTo(202);
		assertThat(this.receiver.next().header("webhook-id")).isEqualTo(deliveryId);
		awaitDelivery(deliveryId, d -> d.get("attempts").asInt() == 5 && d.get("status").asString().equals("delivered"));

		// a delivery that gave up can be sent again by hand
		this.server.jdbc().sql("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = :id")
			.param("id", deliveryId).update();
		assertThat(this.admin.get("/api/v1/webhooks/deliveries/" + deliveryId).field("status")).isEqualTo("failed");
		assertThat(this.admin.post("/api/v1/webhooks/deliveries/" + deliveryId + "/redeliver", null).status()).isEqualTo(202);
		assertThat(this.receiver.next().header("webhook-id")).isEqualTo(deliveryId);
		awaitDelivery(deliveryId, d -> d.get("attempts").asInt() == 6 && d.get("status").asString().equals("delivered"));
	}

	@Test
	void duringRotationOverlapBothSecretsSignAndAfterItOnlyTheNew() {
		JsonNode created = subscribe(this.receiver.url("/rotating"), "webhook.test");
		String id = created.get("subscription").get("id").asString();
		String oldSecret = created.get("secret").asString();

		Api.Response rotated = this.admin.post("/api/v1/webhooks/" + id + "/rotate-secret", Map.of("overlap_seconds", 3600));
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String newSecret = rotated.field("secret");
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
		assertThat(rotated.json().get("subscription").get("previous_secret_expires_at").isNull()).isFalse();

		this.admin.post("/api/v1/webhooks/" + id + "/test", null);
		Receiver.Request during = this.receiver.next();
		String[] signatures = during.header("webhook-signature").split(" ");
		assertThat(signatures).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
		assertThat(during.verifiesWith(newSecret)).isTrue();
		assertThat(during.verifiesWith(oldSecret)).isTrue();
		assertThat(signatures[0]).isNotEqualTo(signatures[1]);

		this.server.jdbc().sql("UPDATE webhook_subscriptions SET previous_secret_expires_at = :past WHERE id = :id")
			.param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
			.param("id", id)
			.update();
		this.admin.post("/api/v1/webhooks/" + id + "/test", null);
		Receiver.Request after = this.receiver.next();
		assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
		assertThat(after.verifiesWith(newSecret)).isTrue();
		assertThat(after.verifiesWith(oldSecret)).isFalse();
		assertThat(this.admin.get("/api/v1/webhooks/" + id).json().get("previous_secret_expires_at").isNull()).isTrue();

		Api.Response immediate = this.admin.post("/api/v1/webhooks/" + id + "/rotate-secret", Map.of("overlap_seconds", 0));
		this.admin.post("/api/v1/webhooks/" + id + "/test", null);
		Receiver.Request afterImmediate = this.receiver.next();
		assertThat(afterImmediate.verifiesWith(immediate.field("secret"))).isTrue();
		assertThat(afterImmediate.verifiesWith(newSecret)).isFalse();
	}

	@Test
	void deadReceiverDoesNotHoldUpThePublisherOrTheApi() throws Exception {
		try (ServerSocket dead = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			// accepts connections in the kernel backlog, never answers
			JsonNode created = subscribe("http://127.0.0.1:" + dead.getLocalPort() + "/never", "job.cancelled");
			String id = created.get("subscription").get("id").asString();

			publish(new JobFinished("cancelled", Map.of("id", "job-dead"), null));
			// the publishing call has returned: the delivery is stored and waits for the dispatcher
			JsonNode deliveries = this.admin.get("/api/v1/webhooks/" + id + "/deliveries").json().get("data");
			assertThat(deliveries).hasSize(1);
			assertThat(deliveries.get(0).get("status").asString()).isEqualTo("pending");

			// the API answers meanwhile, also a test send to the same dead receiver
			assertThat(this.admin.post("/api/v1/webhooks/" + id + "/test", null).status()).isEqualTo(202);
			assertThat(this.admin.get("/api/v1/webhooks/" + id).status()).isEqualTo(200);

			assertThat(this.admin.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
		}
	}

	/**
	 * Publishes as {@code ApplicationEventPublisher.publishEvent(event)} does: the context is no bean
	 * to look up, its multicaster is, and it runs the same (transactional) listeners.
	 */
	private void publish(Object event) {
		this.server.bean(ApplicationEventMulticaster.class).multicastEvent(new PayloadApplicationEvent<>(this, event));
	}

	private JsonNode subscribe(String url, String... eventTypes) {
		Api.Response created = this.admin.post("/api/v1/webhooks",
				Map.of("url", url, "event_types", List.of(eventTypes), "description", "test receiver"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).endsWith(created.json().get("subscription").get("id").asString());
		return created.json();
	}

	private JsonNode awaitDelivery(String id, Predicate<JsonNode> condition) {
		long deadline = System.nanoTime() + 20_000_000_000L;
		JsonNode last = null;
		while (System.nanoTime() < deadline) {
			Api.Response response = this.admin.get("/api/v1/webhooks/deliveries/" + id);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			last = response.json();
			if (condition.test(last)) {
				return last;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return fail("delivery " + id + " did not reach the expected state; last: " + last);
	}
}
