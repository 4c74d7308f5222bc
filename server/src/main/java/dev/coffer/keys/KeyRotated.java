package dev.coffer.keys;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.coffer.api.events.WebhookEvent;

/**
 * Webhook event {@code key.rotated}: a keyring has a new active version. Names the keyring and
 * versions only, never key material.
 */
record KeyRotated(String keyring, int version, int previousVersion, String reason) implements WebhookEvent {

	@Override
	public String type() {
		return "key.rotated";
	}

	@Override
	public Map<String, Object> data() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("keyring", this.keyring);
		data.put("version", this.version);
		data.put("previous_version", this.previousVersion);
		data.put("reason", this.reason);
		return data;
	}
}
