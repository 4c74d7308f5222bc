package dev.coffer.webhooks;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A subscription together with its new signing secret, answered once on creation and rotation.
 * Not a record: a record would print the secret in {@code toString()}.
 */
@Schema(name = "WebhookSubscriptionWithSecret", description = "A webhook subscription with its signing secret. The secret is shown only in this response.")
final class IssuedSecret {

	private final SubscriptionView subscription;

	private final String secret;

	IssuedSecret(SubscriptionView subscription, WebhookSecret secret) {
		this.subscription = subscription;
		this.secret = secret.encoded();
	}

	@Schema(description = "The subscription.")
	public SubscriptionView getSubscription() {
		return this.subscription;
	}

	@Schema(description = "The Standard Webhooks signing secret (`whsec_` + base64 of the HMAC-SHA256 key). Shown once; store it in a secret manager.",
			example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	public String getSecret() {
		return this.secret;
	}

	@Override
	public String toString() {
		return "IssuedSecret[subscription=" + this.subscription.id() + ", secret=redacted]";
	}
}
