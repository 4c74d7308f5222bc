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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code key.rotated} reaches a real receiver on 127.0.0.1, signed per Standard Webhooks, for a
 * rotation by an operator and for an automatic one, on both stores; it names versions, never keys.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class KeyRotatedWebhookTest {

	private static final String TOKENS = "/api/v1/keyrings/tokens";

	private static final String MAX_ENCRYPTIONS = "/api/v1/settings/keys.rotation_max_encryptions";

	@Parameter
	TestStore store;

	TestServer server;

	Api admin;

	Receiver receiver;

	String subscriptionId;

	String secret;

	@BeforeEach
	void setUp() {
		this.server = WebhookServers.of(this.store);
		this.admin = this.server.admin();
		this.receiver = Receiver.start();
		Api.Response created = this.admin.post("/api/v1/webhooks",
				Map.of("url", this.receiver.url("/keys"), "event_types", List.of("key.rotated"), "description", "key events"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.subscriptionId = created.json().get("subscription").get("id").asString();
		this.secret = created.json().get("secret").asString();
	}

	@AfterEach
	void tearDown() {
		this.admin.delete("/api/v1/webhooks/" + this.subscriptionId);
		this.receiver.close();
	}

	@Test
	void aRotationByAnOperatorIsDeliveredSignedWithTheKeyringAndBothVersions() {
		int before = primaryVersion();
		Api.Response rotated = this.admin.post(TOKENS + "/rotate", Map.of());
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);

		JsonNode data = nextEvent();
		assertThat(data.get("keyring").asString()).isEqualTo("tokens");
		assertThat(data.get("version").asInt()).isEqualTo(before + 1);
		assertThat(data.get("previous_version").asInt()).isEqualTo(before);
		assertThat(data.get("reason").asString()).isEqualTo("manual");
		assertThat(data.properties()).extracting(Map.Entry::getKey)
			.containsExactlyInAnyOrder("keyring", "version", "previous_version", "reason");
	}

	@Test
	void anAutomaticRotationAtTheEncryptionLimitIsDeliveredWithItsReason() {
		this.admin.post(TOKENS + "/rotate", Map.of());
		nextEvent();
		int before = primaryVersion();
		assertThat(this.admin.put(MAX_ENCRYPTIONS, Map.of("value", 3)).status()).isEqualTo(200);
		try {
			Api.Response tokenized = this.admin.post("/api/v1/tokenize",
					Map.of("format", "uuid", "values", List.of("hook-1", "hook-2", "hook-3")));
			assertThat(tokenized.status()).as(tokenized.toString()).isEqualTo(200);
		}
		finally {
			assertThat(this.admin.delete(MAX_ENCRYPTIONS).status()).isEqualTo(200);
		}
		JsonNode data = nextEvent();
		assertThat(data.get("version").asInt()).isEqualTo(before + 1);
		assertThat(data.get("previous_version").asInt()).isEqualTo(before);
		assertThat(data.get("reason").asString()).isEqualTo("max_encryptions");
		assertThat(primaryVersion()).isEqualTo(before + 1);
	}

	/** The data of the next delivery, after checking its type and signature. */
	private JsonNode nextEvent() {
		Receiver.Request request = this.receiver.next();
		assertThat(request.path()).isEqualTo("/keys");
		assertThat(request.verifiesWith(this.secret)).as("signed with the subscription secret").isTrue();
		JsonNode body = Api.JSON.readTree(request.body());
		assertThat(body.get("type").asString()).isEqualTo("key.rotated");
		return body.get("data");
	}

	private int primaryVersion() {
		return this.admin.get(TOKENS).json().get("primary_version").asInt();
	}
}
