package dev.coffer.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.stereotype.Component;

import dev.coffer.keys.RootKey;

/**
 * Seals subscription secrets under the root key (bound to the subscription id, so a sealed secret
 * cannot be moved to another subscription) and derives the server-wide notification secret that
 * signs {@code notify_url} deliveries.
 */
@Component
class SecretVault {

	private static final String NOTIFICATION_PURPOSE = "coffer webhooks: notification secret v1";

	private final RootKey rootKey;

	SecretVault(RootKey rootKey) {
		this.rootKey = rootKey;
	}

	byte[] seal(String subscriptionId, WebhookSecret secret) {
		byte[] key = secret.keyBytes();
		try {
			return this.rootKey.encrypt(key, associatedData(subscriptionId));
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	/** @throws dev.coffer.keys.DecryptionFailedException if the sealed secret is altered or belongs elsewhere */
	WebhookSecret unseal(String subscriptionId, byte[] sealed) {
		byte[] key = this.rootKey.decrypt(sealed, associatedData(subscriptionId));
		try {
			return WebhookSecret.ofKey(key);
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	static final String SYSTEM_OWNER = "system";

	/**
	 * The secret signing the {@code notify_url} deliveries of one principal ({@code owner}, a
	 * {@code Caller.reference()} or {@code system}): stable for this root key, on every node, and
	 * different per principal, so one principal's receiver cannot forge another's notifications.
	 */
	WebhookSecret notificationSecret(String owner) {
		byte[] key = this.rootKey.deriveKey(NOTIFICATION_PURPOSE + "|" + owner, WebhookSecret.LENGTH);
		try {
			return WebhookSecret.ofKey(key);
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	private static byte[] associatedData(String subscriptionId) {
		return ("webhook_subscriptions.secret:" + subscriptionId).getBytes(StandardCharsets.UTF_8);
	}
}
