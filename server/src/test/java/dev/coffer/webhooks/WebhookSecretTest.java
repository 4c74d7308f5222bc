package dev.coffer.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing per Standard Webhooks: the published known answer, and the reference library as verifier. */
class WebhookSecretTest {

	/** The known-answer vector of the Standard Webhooks reference libraries (WebhookTest.verifyWebhookSignWorks). */
	@Test
	void signatureMatchesThePublishedKnownAnswer() {
		WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
		assertThat(secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void generatedSecretVerifiesWithTheReferenceLibraryAndAlteredBodyDoesNot() throws Exception {
		WebhookSecret secret = WebhookSecret.generate();
		assertThat(secret.encoded()).startsWith("whsec_");
		String body = "{\"type\":\"webhook.test\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{}}";
		long now = Instant.now().getEpochSecond();
		Map<String, List<String>> headers = Map.of("webhook-id", List.of("0191d4a2-0000-7000-8000-000000000001"),
				"webhook-timestamp", List.of(Long.toString(now)),
				"webhook-signature", List.of(secret.sign("0191d4a2-0000-7000-8000-000000000001", now, body)));
		Webhook verifier = new Webhook(secret.encoded());
		verifier.verify(body, headers);
		assertThatThrownBy(() -> verifier.verify(body.replace("webhook.test", "webhook.tesT"), headers))
			.isInstanceOf(WebhookVerificationException.class);
		assertThatThrownBy(() -> new Webhook(WebhookSecret.generate().encoded()).verify(body, headers))
			.isInstanceOf(WebhookVerificationException.class);
	}

	@Test
	void secretNeverPrintsItself() {
		WebhookSecret secret = WebhookSecret.generate();
		String encoded = secret.encoded();
		assertThat(secret.toString()).doesNotContain(encoded.substring(6)).contains("redacted");
		assertThat(WebhookSecret.parse(encoded).encoded()).isEqualTo(encoded);
	}
}
