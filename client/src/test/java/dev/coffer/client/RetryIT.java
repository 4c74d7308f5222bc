package dev.coffer.client;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.coffer.client.FaultProxy.Exchange;
import dev.coffer.client.FaultProxy.Fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries through a fault-injecting proxy in front of the real server. */
class RetryIT {

	private final CofferServer server = CofferServer.get();

	private final FaultProxy proxy;

	private final RecordingSleeper sleeper = new RecordingSleeper();

	RetryIT() throws Exception {
		this.proxy = new FaultProxy(this.server.baseUrl());
	}

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	private CofferClient.Builder client() {
		return CofferClient.builder()
			.baseUrl(this.proxy.baseUrl())
			.apiKey(CofferServer.ADMIN_KEY, CofferServer.ADMIN_SECRET)
			.backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
			.sleeper(this.sleeper);
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "FORWARD_THEN_503", "FORWARD_THEN_DROP" })
	void aRetryAfterTheAnswerWasLostReusesTheIdempotencyKeySoTheValueGetsExactlyOneToken(Fault fault) {
		this.proxy.script(fault);

		TokenizeResult result = client().build().tokenize("alphanumeric", List.of("value whose answer gets lost"));

		List<Exchange> exchanges = this.proxy.exchanges();
		assertThat(exchanges).hasSize(2);
		Exchange lost = exchanges.get(0);
		Exchange retry = exchanges.get(1);
		assertThat(retry.idempotencyKey()).isNotBlank().isEqualTo(lost.idempotencyKey());
		assertThat(retry.requestBody()).isEqualTo(lost.requestBody());
		// the server ran the first attempt; it replayed that answer to the retry instead of minting a second token
		assertThat(lost.upstreamStatus()).isEqualTo(200);
		assertThat(lost.upstreamReplayed()).isFalse();
		assertThat(retry.upstreamReplayed()).isTrue();
		assertThat(retry.upstreamBody()).isEqualTo(lost.upstreamBody());
		assertThat(lost.upstreamBody()).contains("\"" + result.tokens().get(0) + "\"");
		assertThat(this.sleeper.waits()).hasSize(1);
		assertThat(this.sleeper.waits().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
	}

	@Test
	void aRateLimitIsWaitedOutForAtLeastItsRetryAfter() {
		this.proxy.script(Fault.REFUSE_429, Fault.REFUSE_429);

		TokenizeResult result = client().build().tokenize("uuid", List.of("v"));

		assertThat(result.tokens()).doesNotContainNull();
		assertThat(this.proxy.exchanges()).extracting(Exchange::idempotencyKey).containsOnly(
				this.proxy.exchanges().get(0).idempotencyKey());
		Duration retryAfter = Duration.ofSeconds(Long.parseLong(FaultProxy.RETRY_AFTER_SECONDS));
		assertThat(this.sleeper.waits()).hasSize(2)
			.allSatisfy(wait -> assertThat(wait).isBetween(retryAfter, retryAfter.plusMillis(100)));
	}

	@Test
	void aRateLimitThatOutlastsEveryAttemptIsARateLimitException() {
		this.proxy.script(Fault.REFUSE_429, Fault.REFUSE_429, Fault.REFUSE_429);
		CofferClient coffer = client().maxAttempts(3).build();

		assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("v")))
			.isInstanceOfSatisfying(CofferRateLimitException.class, ex -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.code()).isEqualTo("rate_limited");
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(3));
				assertThat(ex.requestId()).contains("req_proxy");
			});
		assertThat(this.proxy.exchanges()).hasSize(3);
		assertThat(this.sleeper.waits()).hasSize(2);
	}

	@Test
	void aRetryAfterLongerThanTheClientWaitsFailsAtOnce() {
		this.proxy.script(Fault.REFUSE_429);
		CofferClient coffer = client().maxRetryAfter(Duration.ofSeconds(2)).build();

		assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("v")))
			.isInstanceOf(CofferRateLimitException.class)
			.hasMessageContaining("maxRetryAfter");
		assertThat(this.proxy.exchanges()).hasSize(1);
		assertThat(this.sleeper.waits()).isEmpty();
	}

	@Test
	void badGatewaysAreRetriedWithCappedJitteredBackoffThenFailAsAServerException() {
		this.proxy.script(Fault.REFUSE_502, Fault.REFUSE_502, Fault.REFUSE_502, Fault.REFUSE_502, Fault.REFUSE_502,
				Fault.REFUSE_502);
		CofferClient coffer = client().maxAttempts(6).build();

		assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("v")))
			.isInstanceOfSatisfying(CofferServerException.class, ex -> {
				assertThat(ex.status()).isEqualTo(502);
				assertThat(ex.code()).isNull();
				assertThat(ex.getMessage()).contains("6 attempts").doesNotContain("html");
			});
		assertThat(this.proxy.exchanges()).hasSize(6).extracting(Exchange::idempotencyKey).containsOnly(
				this.proxy.exchanges().get(0).idempotencyKey());
		List<Duration> waits = this.sleeper.waits();
		assertThat(waits).hasSize(5);
		for (int retry = 1; retry <= waits.size(); retry++) {
			Duration ceiling = Duration.ofMillis(Math.min(2_000, 100L << (retry - 1)));
			assertThat(waits.get(retry - 1)).as("wait before retry %d", retry).isBetween(Duration.ZERO, ceiling);
		}
	}

	@Test
	void anEarlierAttemptStillInProgressIsWaitedForWithoutUsingAnAttempt() {
		this.proxy.script(Fault.REFUSE_409_IN_PROGRESS, Fault.REFUSE_409_IN_PROGRESS);
		CofferClient coffer = client().maxAttempts(1).build();

		TokenizeResult result = coffer.tokenize("uuid", List.of("v"));

		assertThat(result.tokens()).doesNotContainNull();
		assertThat(this.proxy.exchanges()).hasSize(3);
		assertThat(this.sleeper.waits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
	}

	@Test
	void anEarlierAttemptInProgressLongerThanTheRequestTimeoutIsAServerException() {
		for (int i = 0; i < 20; i++) {
			this.proxy.script(Fault.REFUSE_409_IN_PROGRESS);
		}
		CofferClient coffer = client().requestTimeout(Duration.ofSeconds(1)).build();

		assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("v")))
			.isInstanceOfSatisfying(CofferServerException.class, ex -> {
				assertThat(ex.status()).isEqualTo(409);
				assertThat(ex.code()).isEqualTo("idempotency_request_in_progress");
			});
		// waits of 100, 200, 400 ms fit in one second; the next (800 ms) would not
		assertThat(this.sleeper.waits()).hasSize(3);
	}

	@Test
	void wrongCredentialsAreNeverRetried() {
		CofferClient coffer = client().apiKey("no-such-key-retry", "wrong-secret-for-retry-test").build();

		assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("v"))).isInstanceOf(CofferAuthException.class);
		assertThat(this.proxy.exchanges()).hasSize(1);
		assertThat(this.sleeper.waits()).isEmpty();
	}

	@Test
	void noServerAtAllIsAConnectionExceptionAfterEveryAttempt() {
		String nowhere = this.proxy.baseUrl();
		this.proxy.close();
		CofferClient coffer = client().baseUrl(nowhere).maxAttempts(3).build();

		assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("v")))
			.isInstanceOfSatisfying(CofferConnectionException.class, ex -> {
				assertThat(ex.status()).isZero();
				assertThat(ex.getMessage()).contains("3 attempts");
				assertThat(ex.getCause()).isInstanceOf(java.io.IOException.class);
			});
		assertThat(this.sleeper.waits()).hasSize(2);
	}

	@Test
	void aLaterBatchThatFailsForGoodFailsTheWholeCall() {
		this.proxy.script(Fault.PASS, Fault.REFUSE_502, Fault.REFUSE_502);
		CofferClient coffer = client().maxBatchSize(2).maxAttempts(2).build();

		assertThatThrownBy(() -> coffer.tokenize("uuid", List.of("a", "b", "c", "d", "e")))
			.isInstanceOf(CofferServerException.class);
		assertThat(this.proxy.exchanges()).hasSize(3);
	}
}
