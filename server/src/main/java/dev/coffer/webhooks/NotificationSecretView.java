package dev.coffer.webhooks;

import io.swagger.v3.oas.annotations.media.Schema;

/** The server-wide secret that signs {@code notify_url} deliveries. Not a record: {@code toString()} redacts. */
@Schema(name = "WebhookNotificationSecret")
final class NotificationSecretView {

	private final String secret;

	NotificationSecretView(WebhookSecret secret) {
		this.secret = secret.encoded();
	}

	@Schema(description = "The Standard Webhooks secret (`whsec_...`) that signs the principal's `notify_url` deliveries. Derived from the root key per principal: the same on every node, changes only with the root key.")
	public String getSecret() {
		return this.secret;
	}

	@Override
	public String toString() {
		return "NotificationSecretView[secret=redacted]";
	}
}
