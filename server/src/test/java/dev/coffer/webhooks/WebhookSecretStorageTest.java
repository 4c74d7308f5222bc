package dev.coffer.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscription secret is sealed at rest, shown once, and never logged. */
@ParameterizedClass
@EnumSource(TestStore.class)
@ExtendWith(OutputCaptureExtension.class)
class WebhookSecretStorageTest {

	@Parameter
	TestStore store;

	@Test
	void secretIsSealedInTheStoreShownOnceAndNeverLogged(CapturedOutput output) {
		TestServer server = WebhookServers.of(this.store);
		Api admin = server.admin();
		try (Receiver receiver = Receiver.start()) {
			Api.Response created = admin.post("/api/v1/webhooks",
					Map.of("url", receiver.url("/secret"), "event_types", List.of("webhook.test")));
			assertThat(created.status()).isEqualTo(201);
			String secret = created.field("secret");
			String base64 = secret.substring("whsec_".length());
			byte[] raw = Base64.getDecoder().decode(base64);
			String id = created.json().get("subscription").get("id").asString();

			Map<String, Object> row = server.jdbc().sql("SELECT * FROM webhook_subscriptions WHERE id = :id")
				.param("id", id).query().singleRow();
			row.forEach((column, value) -> {
				if (value instanceof byte[] bytes) {
					String latin = new String(bytes, StandardCharsets.ISO_8859_1);
					assertThat(latin).as(column).doesNotContain(new String(raw, StandardCharsets.ISO_8859_1))
						.doesNotContain(base64);
				}
				else {
					assertThat(String.valueOf(value)).as(column).doesNotContain(base64);
				}
			});

			assertThat(admin.get("/api/v1/webhooks/" + id).body()).doesNotContain(base64).doesNotContain("whsec_");
			assertThat(admin.get("/api/v1/webhooks").body()).doesNotContain(base64).doesNotContain("whsec_");

			String rotated = admin.post("/api/v1/webhooks/" + id + "/rotate-secret", Map.of("overlap_seconds", 60)).field("secret");
			String notification = admin.get("/api/v1/webhooks/notification-secret").field("secret");
			String deliveryId = admin.post("/api/v1/webhooks/" + id + "/test", null).field("id");
			assertThat(receiver.next().verifiesWith(rotated)).isTrue();
			assertThat(admin.get("/api/v1/webhooks/deliveries/" + deliveryId).body()).doesNotContain(base64);

			for (String value : List.of(base64, rotated.substring(6), notification.substring(6))) {
				assertThat(output.getAll()).doesNotContain(value);
			}
		}
	}
}
